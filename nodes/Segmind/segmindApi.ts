import {
	NodeApiError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type JsonObject,
} from 'n8n-workflow';

import { isRecord, textOrNumber } from '../common/values';

export const SEGMIND_CREDENTIAL = 'segmindApi';
export const DEFAULT_SEGMIND_BASE_URL = 'https://api.spotprod.segmind.com';

/** One registered webhook, read leniently: Segmind declares its responses only as `object`. */
export interface SegmindWebhook {
	id: string;
	url: string;
	types: string[];
	active: boolean;
}

/**
 * Calls Segmind's webhook API (paths from segmind-python `segmind/webhooks.py`) with the credential's `x-api-key`.
 * A 2xx answer whose body says `status: "error"` (as the SDK's fixtures show) is an error too.
 */
export async function segmindRequest(
	context: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject } = {},
): Promise<IDataObject> {
	const credentials = await context.getCredentials(SEGMIND_CREDENTIAL);
	const baseURL = String(credentials.baseUrl || DEFAULT_SEGMIND_BASE_URL).replace(/\/+$/, '');
	let response: unknown;
	try {
		response = await context.helpers.httpRequestWithAuthentication.call(context, SEGMIND_CREDENTIAL, {
			method,
			baseURL,
			url: path,
			body: options.body,
			qs: options.qs,
			json: true,
		});
	} catch (error) {
		// n8n 2.x shows only the message next to a trigger that failed to publish (and in the toast of a failed test),
		// so it carries the remedy too. A fresh error from the plain facts: re-wrapping n8n's own NodeApiError would
		// hand that one back unchanged. A network failure has no HTTP status, only a code (ECONNREFUSED …); that code
		// stays out of the message and httpCode, or NodeApiError swaps the message for its generic "The service
		// refused the connection - perhaps it is offline" (setDescriptiveErrorMessage in n8n-workflow).
		const code = (error as { httpCode?: string | null }).httpCode ?? undefined;
		const status = code !== undefined && /^\d{3}$/.test(code) ? code : undefined;
		const reason = (error as { description?: string; message?: string }).description ?? (error as Error).message;
		const message =
			status === undefined
				? `Segmind's webhook API could not be reached for ${method} ${path}: check the base URL in the Segmind credential and that this n8n server can reach it.`
				: `Segmind's webhook API refused ${method} ${path} (HTTP ${status}): check the API key and base URL in the Segmind credential (saving the credential tests them with the same API).`;
		throw new NodeApiError(context.getNode(), { message: reason } as JsonObject, {
			message,
			description: `${reason}${code !== undefined && status === undefined ? ` [${code}]` : ''} (base URL ${baseURL})`,
			httpCode: status,
		});
	}
	const body = isRecord(response) ? (response as IDataObject) : { data: response as IDataObject[] };
	if (typeof body.status === 'string' && body.status.toLowerCase() === 'error') {
		throw new NodeApiError(context.getNode(), body as JsonObject, {
			message: `Segmind's webhook API answered an error to ${method} ${path}: ${String(body.message ?? 'no message')}`,
		});
	}
	return body;
}

function readWebhook(value: unknown): SegmindWebhook | undefined {
	if (!isRecord(value)) return undefined;
	const id = textOrNumber(value.webhook_id) ?? textOrNumber(value.id) ?? textOrNumber(value._id);
	const url = textOrNumber(value.webhook_url) ?? textOrNumber(value.url);
	if (id === undefined || url === undefined) return undefined;
	const event = isRecord(value.event) ? value.event : {};
	const types = [value.event_types, event.types, value.types].find(Array.isArray) ?? [];
	const status = textOrNumber(value.status)?.toLowerCase();
	const active = value.is_active === false || value.active === false ? false : status !== 'inactive';
	return { id, url, types: (types as unknown[]).map(String), active };
}

/** GET /webhook/get, as `{webhooks: [...]}` (SDK fixture), `{data: [...]}` or a bare list. */
export async function listSegmindWebhooks(context: IHookFunctions): Promise<SegmindWebhook[]> {
	const body = await segmindRequest(context, 'GET', '/webhook/get');
	const list = [body.webhooks, body.data, body.items, body.results].find(Array.isArray) ?? [];
	return (list as unknown[]).map(readWebhook).filter((hook): hook is SegmindWebhook => hook !== undefined);
}

/** The id of a webhook just added or updated: `webhook_id` at the top or inside `data`. */
export function webhookIdOf(body: IDataObject): string | undefined {
	const data = isRecord(body.data) ? body.data : {};
	return textOrNumber(body.webhook_id) ?? textOrNumber(body.id) ?? textOrNumber(data.webhook_id) ?? textOrNumber(data.id);
}
