import { randomBytes } from 'crypto';
import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { URL_TOKEN_PARAMETER } from '../common/signatures/urlToken';
import { categoriesFor, DEFAULT_FINETUNE_CATEGORY, PIXELFLOW_CATEGORY } from './segmind.platform';
import { listSegmindWebhooks, segmindRequest, webhookIdOf, type SegmindWebhook } from './segmindApi';

/** What registration keeps in the node's static data; the webhook() of the same node reads the token back. */
export interface SegmindRegistrationState {
	segmindWebhookId?: string;
	segmindWebhookToken?: string;
}

export const CONSOLE_URL = 'https://cloud.segmind.com/console/webhook';

function isAutomatic(context: IHookFunctions): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'automatic';
}

function state(context: IHookFunctions): SegmindRegistrationState {
	return context.getWorkflowStaticData('node') as SegmindRegistrationState;
}

function urlWithToken(context: IHookFunctions, token: string): string {
	const url = new URL(context.getNodeWebhookUrl('default') as string);
	url.searchParams.set(URL_TOKEN_PARAMETER, token);
	return url.toString();
}

function wantedCategories(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', ['*']) as string[];
	const options = context.getNodeParameter('deliveryOptions', {}) as { fineTuneCategory?: string };
	return categoriesFor(events, options.fineTuneCategory || DEFAULT_FINETUNE_CATEGORY);
}

/**
 * Registration of the n8n URL with Segmind for the Automatic mode (Manual mode: honest no-ops, the user pastes the
 * URL). The URL carries a fresh random token; only a delivery to that exact URL is accepted.
 */
export const segmindRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const { segmindWebhookId, segmindWebhookToken } = state(this);
		if (segmindWebhookId === undefined || segmindWebhookToken === undefined) return false;
		const expectedUrl = urlWithToken(this, segmindWebhookToken);
		const registered = (await listSegmindWebhooks(this)).find((hook) => hook.id === segmindWebhookId);
		if (registered?.active === true && registered.url === expectedUrl) return true;
		// Removed or changed in Segmind's console: forget it so create() registers afresh.
		delete state(this).segmindWebhookId;
		delete state(this).segmindWebhookToken;
		return false;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const token = randomBytes(24).toString('base64url');
		const webhookUrl = urlWithToken(this, token);
		const types = wantedCategories(this);
		const fineTuneTypes = types.filter((type) => type !== PIXELFLOW_CATEGORY);
		const holder = fineTuneTypes.length === 0 ? undefined : await fineTuneHolder(this, fineTuneTypes);

		let webhookId: string | undefined;
		if (holder === undefined) {
			webhookId = webhookIdOf(await segmindRequest(this, 'POST', '/webhook/add', { body: { webhook_url: webhookUrl, event: { types } } }));
		} else if (holder.url.startsWith(this.getNodeWebhookUrl('default') as string) || this.getNodeParameter('ifFineTuneWebhookExists', 'fail') === 'replace') {
			// Our own URL with an old token (static data lost), or the user chose to take the slot over.
			const body = await segmindRequest(this, 'POST', '/webhook/update', {
				body: { webhook_id: holder.id, webhook_url: webhookUrl, event: { types } },
			});
			webhookId = webhookIdOf(body) ?? holder.id;
		} else {
			throw new NodeOperationError(
				this.getNode(),
				`Segmind allows one fine-tuning webhook per account, and another URL already holds it (${new URL(holder.url).host}). Remove it in Segmind's console, select only Pixelflow events, or set "If a Fine-Tuning Webhook Exists" to "Replace It".`,
				{ description: `Segmind's console: ${CONSOLE_URL}` },
			);
		}
		if (webhookId === undefined) {
			throw new NodeOperationError(this.getNode(), 'Segmind accepted the webhook but its answer carried no webhook id.', {
				description: `Check ${CONSOLE_URL}: the webhook may exist there; remove it before activating again.`,
			});
		}
		Object.assign(state(this), { segmindWebhookId: webhookId, segmindWebhookToken: token });
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const { segmindWebhookId } = state(this);
		if (segmindWebhookId === undefined) return true;
		await segmindRequest(this, 'GET', '/webhook/inactive', { qs: { webhook_id: segmindWebhookId } });
		delete state(this).segmindWebhookId;
		delete state(this).segmindWebhookToken;
		return true;
	},
};

/** The active webhook that already subscribes to the fine-tuning category, if any. */
async function fineTuneHolder(context: IHookFunctions, fineTuneTypes: string[]): Promise<SegmindWebhook | undefined> {
	return (await listSegmindWebhooks(context)).find(
		(hook) => hook.active && hook.types.some((type) => fineTuneTypes.includes(type)),
	);
}
