import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { TriggerItem } from '../envelope';
import type { ApiGet, PlatformDefinition } from '../platform';

/** OpenAI asks for an answer within seconds, but this runs after the answer: a slow API only delays the execution. */
const FETCH_TIMEOUT_MS = 30_000;

/** The node parameter that switches fetching off (on by default). */
export const FETCH_OBJECT_PARAMETER = 'fetchObject';

/**
 * The optional step of a trigger's execute() for platforms whose events name their object only by id
 * (`PlatformDefinition.objectFetch`): after the event was recorded, read each item's object from the platform's API
 * with the node's credential and add its typed fields. It runs in the execution, so the delivery was answered before
 * any request is made. A fetch that fails (wrong key, API down, object gone) passes the item on unchanged but for the
 * reason in `validationIssues`: an acknowledged event is never lost to it.
 */
export async function fetchObjects(
	context: IExecuteFunctions,
	platform: PlatformDefinition,
	credentialType: string,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const objectFetch = platform.objectFetch;
	if (objectFetch === undefined || items.length === 0) return items;
	if (!(context.getNodeParameter(FETCH_OBJECT_PARAMETER, 0, true) as boolean)) return items;
	const baseUrl = objectFetch.apiBaseUrl(await context.getCredentials(credentialType));
	if (baseUrl === undefined) return items;
	const get: ApiGet = async (path) =>
		await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
			method: 'GET',
			url: `${baseUrl.replace(/\/+$/, '')}${path}`,
			json: true,
			timeout: FETCH_TIMEOUT_MS,
		});
	return await Promise.all(
		items.map(async (item) => {
			const json = item.json as unknown as TriggerItem;
			try {
				const reading = await objectFetch.fetch(json, get);
				if (reading === undefined) return item;
				const validationIssues = [...json.validationIssues, ...reading.issues];
				return { ...item, json: { ...json, ...reading.value, validationIssues } as unknown as IDataObject };
			} catch (error) {
				const validationIssues = [...json.validationIssues, `object: not fetched from ${platform.displayName}'s API: ${failureReason(error)}`];
				context.logger.warn(`${context.getNode().name}: ${validationIssues[validationIssues.length - 1]}`);
				return { ...item, json: { ...json, validationIssues } as unknown as IDataObject };
			}
		}),
	);
}

const MAX_REASON_LENGTH = 200;

/**
 * The HTTP status and the API's own message, as n8n's request helper reports them. Anything that looks like an API
 * key is cut out: OpenAI's 401 names the (masked) key it was given.
 */
function failureReason(error: unknown): string {
	// n8n's NodeApiError keeps the answer's body in context.data (n8n-workflow errors/node-api.error.js).
	const { httpCode, description, message, context } = error as {
		httpCode?: string | null;
		description?: string | null;
		message?: string;
		context?: { data?: unknown };
	};
	const body = (error as { body?: unknown }).body ?? context?.data;
	const apiMessage = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
	const text = [httpCode === undefined || httpCode === null ? undefined : `HTTP ${httpCode}`, typeof apiMessage === 'string' ? apiMessage : description ?? message]
		.filter((part) => part !== undefined && part !== null && part !== '')
		.join(' ');
	const redacted = text.replace(/\b(sk|rk)-[\w*.-]+/g, '$1-…');
	return redacted.length > MAX_REASON_LENGTH ? `${redacted.slice(0, MAX_REASON_LENGTH)}…` : redacted || 'unknown error';
}
