import { randomBytes } from 'crypto';
import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { URL_TOKEN_PARAMETER } from '../common/signatures/urlToken';
import { categoriesFor, DEFAULT_FINETUNE_CATEGORY, PIXELFLOW_CATEGORY } from './segmind.platform';
import { listSegmindWebhooks, segmindRequest, webhookIdOf, type SegmindWebhook } from './segmindApi';

/**
 * What registration keeps in the node's static data; the webhook() of the same node reads the token back. The
 * Production URL (published workflow) and the Test URL ("Test this trigger") each have their own registration, and
 * each remembers the n8n URL it points at, so removing one never touches the other.
 */
export interface SegmindRegistrationState {
	segmindWebhookId?: string;
	segmindWebhookToken?: string;
	segmindWebhookUrl?: string;
	segmindTestWebhookId?: string;
	segmindTestWebhookToken?: string;
	segmindTestWebhookUrl?: string;
}

type Slot = 'production' | 'test';

const KEYS = {
	production: { id: 'segmindWebhookId', token: 'segmindWebhookToken', url: 'segmindWebhookUrl' },
	test: { id: 'segmindTestWebhookId', token: 'segmindTestWebhookToken', url: 'segmindTestWebhookUrl' },
} as const;

export const CONSOLE_URL = 'https://cloud.segmind.com/console/webhook';

/**
 * n8n 2.40.7 calls checkExists() and create() in mode `manual` for the Test URL (TestWebhooks.needsWebhook) and in
 * another mode when it publishes the workflow. delete() comes in mode `internal` for both, so it tells them apart
 * by the URL each registration points at.
 */
function slotOf(context: IHookFunctions): Slot {
	return context.getMode() === 'manual' ? 'test' : 'production';
}

/** The token webhook() must find in the URL: the test registration's while the editor listens. */
export function registeredToken(state: SegmindRegistrationState, listening: boolean): string | undefined {
	return listening ? state.segmindTestWebhookToken : state.segmindWebhookToken;
}

function isAutomatic(context: IHookFunctions): boolean {
	return context.getNodeParameter('registration', 'automatic') === 'automatic';
}

function state(context: IHookFunctions): Record<string, string | undefined> {
	return context.getWorkflowStaticData('node') as Record<string, string | undefined>;
}

function ownUrl(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') as string;
}

function urlWithToken(context: IHookFunctions, token: string): string {
	const url = new URL(ownUrl(context));
	url.searchParams.set(URL_TOKEN_PARAMETER, token);
	return url.toString();
}

function forget(context: IHookFunctions, slot: Slot): void {
	for (const key of Object.values(KEYS[slot])) delete state(context)[key];
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
		const keys = KEYS[slotOf(this)];
		const webhookId = state(this)[keys.id];
		const token = state(this)[keys.token];
		if (webhookId === undefined || token === undefined) return false;
		const expectedUrl = urlWithToken(this, token);
		const registered = (await listSegmindWebhooks(this)).find((hook) => hook.id === webhookId);
		if (registered?.active === true && registered.url === expectedUrl) return true;
		// Removed or changed in Segmind's console: forget it so create() registers afresh.
		forget(this, slotOf(this));
		return false;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const slot = slotOf(this);
		const token = randomBytes(24).toString('base64url');
		const webhookUrl = urlWithToken(this, token);
		const types = wantedCategories(this);
		const fineTuneTypes = types.filter((type) => type !== PIXELFLOW_CATEGORY);
		const holder = fineTuneTypes.length === 0 ? undefined : await fineTuneHolder(this, fineTuneTypes);

		let webhookId: string | undefined;
		if (holder === undefined) {
			webhookId = webhookIdOf(await segmindRequest(this, 'POST', '/webhook/add', { body: { webhook_url: webhookUrl, event: { types } } }));
		} else if (holder.url.startsWith(ownUrl(this)) || (slot === 'production' && this.getNodeParameter('ifFineTuneWebhookExists', 'fail') === 'replace')) {
			// Our own URL with an old token (static data lost), or the user chose to take the slot over (never a test).
			const body = await segmindRequest(this, 'POST', '/webhook/update', {
				body: { webhook_id: holder.id, webhook_url: webhookUrl, event: { types } },
			});
			webhookId = webhookIdOf(body) ?? holder.id;
		} else {
			throw slotTaken(this, slot, holder, state(this)[KEYS.production.url]);
		}
		if (webhookId === undefined) {
			throw new NodeOperationError(this.getNode(), 'Segmind accepted the webhook but its answer carried no webhook id.', {
				description: `Check ${CONSOLE_URL}: the webhook may exist there; remove it before publishing or testing again.`,
			});
		}
		const keys = KEYS[slot];
		Object.assign(state(this), { [keys.id]: webhookId, [keys.token]: token, [keys.url]: ownUrl(this) });
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const here = ownUrl(this);
		for (const slot of ['test', 'production'] as const) {
			const keys = KEYS[slot];
			const webhookId = state(this)[keys.id];
			// A registration without a URL is from before the test one existed: it can only be the production one.
			const url = state(this)[keys.url] ?? (slot === 'production' ? here : undefined);
			if (webhookId === undefined || url !== here) continue;
			await segmindRequest(this, 'GET', '/webhook/inactive', { qs: { webhook_id: webhookId } });
			forget(this, slot);
		}
		return true;
	},
};

/** The active webhook that already subscribes to the fine-tuning category, if any. */
async function fineTuneHolder(context: IHookFunctions, fineTuneTypes: string[]): Promise<SegmindWebhook | undefined> {
	return (await listSegmindWebhooks(context)).find(
		(hook) => hook.active && hook.types.some((type) => fineTuneTypes.includes(type)),
	);
}

/** Segmind keeps one fine-tuning webhook per account; testing never takes it from anyone, publishing only if asked. */
function slotTaken(context: IHookFunctions, slot: Slot, holder: SegmindWebhook, productionUrl?: string): NodeOperationError {
	const description = `Segmind's console: ${CONSOLE_URL}`;
	if (slot === 'production') {
		return new NodeOperationError(
			context.getNode(),
			`Segmind allows one fine-tuning webhook per account, and another URL already holds it (${new URL(holder.url).host}). Remove it in Segmind's console, select only Pixelflow events, or set "If a Fine-Tuning Webhook Exists" to "Replace It".`,
			{ description },
		);
	}
	const published = productionUrl !== undefined && holder.url.startsWith(productionUrl);
	const who = published ? "this workflow's Production URL (the workflow is published)" : `another URL (${new URL(holder.url).host})`;
	const remedy = published
		? 'select only Pixelflow events to test, or unpublish the workflow first'
		: "select only Pixelflow events to test, or remove that webhook in Segmind's console first";
	return new NodeOperationError(
		context.getNode(),
		`Segmind allows one fine-tuning webhook per account and ${who} holds it, so testing cannot register the Test URL for fine-tuning events. Testing never replaces a webhook: ${remedy}.`,
		{ description },
	);
}
