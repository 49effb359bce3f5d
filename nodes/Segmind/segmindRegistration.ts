import { createHash, randomBytes } from 'crypto';
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

/**
 * Segmind keeps nothing but a URL and its categories per webhook, so the URL says whose it is. Besides the token it
 * carries `owner`: a digest of this n8n instance, workflow and node. A published node finds by it what only it can
 * have registered at another URL: its Test URL's registration (the Test URL cannot be computed while publishing, and
 * n8n never saves what a test stored, so a crash while listening leaves that registration behind) or one made before
 * WEBHOOK_URL changed. The digest reveals nothing and proves nothing: only the token is checked on delivery.
 */
const OWNER_PARAMETER = 'owner';

function ownerDigest(context: IHookFunctions): string {
	const identity = `${context.getInstanceId()}/${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
	return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 22);
}

function urlWithToken(context: IHookFunctions, token: string): string {
	const url = new URL(ownUrl(context));
	url.searchParams.set(URL_TOKEN_PARAMETER, token);
	url.searchParams.set(OWNER_PARAMETER, ownerDigest(context));
	return url.toString();
}

/** Whether a registered URL is `url` itself, with whatever query Segmind was given. */
function pointsAt(registered: string, url: string): boolean {
	return registered === url || registered.startsWith(`${url}?`);
}

function ownerOf(registered: string): string | null {
	try {
		return new URL(registered).searchParams.get(OWNER_PARAMETER);
	} catch {
		return null;
	}
}

/**
 * This node's registrations for a slot: those pointing at its own URL; for the Production URL also those carrying its
 * owner digest elsewhere (a test's left behind, or one from before WEBHOOK_URL changed). Testing only ever touches
 * the Test URL's, so a published workflow's registration is never changed by a test.
 */
function ours(context: IHookFunctions, slot: Slot, hooks: SegmindWebhook[]): SegmindWebhook[] {
	const here = ownUrl(context);
	const owner = ownerDigest(context);
	return hooks.filter((hook) => pointsAt(hook.url, here) || (slot === 'production' && ownerOf(hook.url) === owner));
}

async function activeWebhooks(context: IHookFunctions): Promise<SegmindWebhook[]> {
	return (await listSegmindWebhooks(context)).filter((hook) => hook.active);
}

async function deactivate(context: IHookFunctions, hooks: SegmindWebhook[]): Promise<void> {
	for (const hook of hooks) await segmindRequest(context, 'GET', '/webhook/inactive', { qs: { webhook_id: hook.id } });
}

function forget(context: IHookFunctions, slot: Slot): void {
	for (const key of Object.values(KEYS[slot])) delete state(context)[key];
}

/**
 * The remembered registration of a slot that no longer fits: deactivated first where it still points at the URL it
 * was registered for while that is no longer this node's (WEBHOOK_URL changed), left alone where it now points
 * elsewhere (another workflow took it over with Replace It, or it was changed in Segmind's console), then forgotten.
 */
async function releaseRemembered(context: IHookFunctions, slot: Slot, hooks: SegmindWebhook[]): Promise<void> {
	const keys = KEYS[slot];
	const remembered = hooks.find((hook) => hook.id === state(context)[keys.id]);
	const url = state(context)[keys.url];
	if (remembered !== undefined && url !== undefined && pointsAt(remembered.url, url) && !pointsAt(remembered.url, ownUrl(context))) {
		await deactivate(context, [remembered]);
	}
	forget(context, slot);
}

function wantedCategories(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', ['*']) as string[];
	const options = context.getNodeParameter('deliveryOptions', {}) as { fineTuneCategory?: string };
	return categoriesFor(events, options.fineTuneCategory || DEFAULT_FINETUNE_CATEGORY);
}

function sameCategories(left: string[], right: string[]): boolean {
	return left.length === right.length && left.every((type) => right.includes(type));
}

/**
 * Registration of the n8n URL with Segmind for the Automatic mode (Manual mode: honest no-ops, the user pastes the
 * URL). The URL carries a fresh random token; only a delivery to that exact URL is accepted. Every method reads
 * Segmind's list first and touches only what is this node's (see `ours`): one registration per slot is kept up to
 * date, any other of its own is deactivated.
 */
export const segmindRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const slot = slotOf(this);
		const keys = KEYS[slot];
		const hooks = await activeWebhooks(this);
		const token = state(this)[keys.token];
		const remembered = hooks.find((hook) => hook.id === state(this)[keys.id]);
		if (token !== undefined && remembered?.url === urlWithToken(this, token) && sameCategories(remembered.types, wantedCategories(this))) {
			await deactivate(this, ours(this, slot, hooks).filter((hook) => hook.id !== remembered.id));
			return true;
		}
		await releaseRemembered(this, slot, hooks);
		return false;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const slot = slotOf(this);
		const token = randomBytes(24).toString('base64url');
		const types = wantedCategories(this);
		const hooks = await activeWebhooks(this);
		const mine = ours(this, slot, hooks);
		const holdsFineTune = (hook: SegmindWebhook) => hook.types.some((type) => type !== PIXELFLOW_CATEGORY && types.includes(type));
		// Segmind keeps one fine-tuning webhook per account: someone else's, when these categories need it.
		const holder = hooks.find((hook) => !mine.includes(hook) && holdsFineTune(hook));
		if (holder !== undefined && !(slot === 'production' && this.getNodeParameter('ifFineTuneWebhookExists', 'fail') === 'replace')) {
			throw slotTaken(this, slot, holder, state(this)[KEYS.production.url]);
		}
		// The one to keep: the one taken over, else ours holding the fine-tuning category (moving it to another of ours
		// would make a second fine-tuning webhook), else any of ours.
		const kept = holder ?? mine.find(holdsFineTune) ?? mine[0];
		const body = { webhook_url: urlWithToken(this, token), event: { types } };
		const webhookId =
			kept === undefined
				? webhookIdOf(await segmindRequest(this, 'POST', '/webhook/add', { body }))
				: (webhookIdOf(await segmindRequest(this, 'POST', '/webhook/update', { body: { webhook_id: kept.id, ...body } })) ?? kept.id);
		if (webhookId === undefined) {
			throw new NodeOperationError(this.getNode(), 'Segmind accepted the webhook but its answer carried no webhook id.', {
				description: `Check ${CONSOLE_URL}: the webhook may exist there; remove it before publishing or testing again.`,
			});
		}
		await deactivate(this, mine.filter((hook) => hook !== kept));
		const keys = KEYS[slot];
		Object.assign(state(this), { [keys.id]: webhookId, [keys.token]: token, [keys.url]: ownUrl(this) });
		return true;
	},

	/**
	 * Re-reads Segmind's list and deactivates what points at this node's own URL (the one n8n is removing: Test or
	 * Production), then forgets that slot. A remembered registration that now points elsewhere (another workflow took
	 * it over with Replace It) is not touched.
	 */
	async delete(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const here = ownUrl(this);
		await deactivate(this, (await activeWebhooks(this)).filter((hook) => pointsAt(hook.url, here)));
		for (const slot of ['test', 'production'] as const) {
			// A registration without a URL is from before the test one existed: it can only be the production one.
			const url = state(this)[KEYS[slot].url] ?? (slot === 'production' ? here : undefined);
			if (url === here) forget(this, slot);
		}
		return true;
	},
};

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
