import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { startSegmindApi, type SegmindApi as SegmindApiServer } from './support/segmindApiServer';

// What only Segmind does (registration through its API); the cases every platform shares run in triggers.test.ts
// from test/platforms/segmind.js, in Manual mode.
const spec = specs.find((candidate) => candidate.id === 'segmind')!;
const node = nodeTypes.get(spec.nodeName)!;
const apiKey = `SG_${randomBytes(16).toString('hex')}`;
const fixtures = { segmind: spec.fixtures };

let api: SegmindApiServer;
beforeEach(async () => {
	api = await startSegmindApi({ apiKey });
});
afterEach(async () => {
	await api.close();
});

function automatic(parameters: IDataObject = {}, key = apiKey) {
	return new WebhookHarness(node, { apiKey: key, baseUrl: api.baseUrl, webhookToken: '' }, parameters, { credentialType: credentialTypes.get(spec.credentialType) });
}

function registeredToken(test: WebhookHarness): string {
	return test.staticData.segmindWebhookToken as string;
}

function post(payload: unknown, token?: string) {
	const query: Record<string, string> = token === undefined ? {} : { token };
	return { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, query };
}

describe('Segmind Trigger, automatic registration', () => {
	it('registers the production URL with a fresh token for the categories the events need, once', async () => {
		const test = automatic();
		await test.activate();
		const [hook] = [...api.webhooks.values()];
		expect(api.webhooks.size).toBe(1);
		expect(hook.event_types).toEqual(['FINETUNE', 'PIXELFLOW']);
		const url = new URL(hook.webhook_url);
		expect(`${url.origin}${url.pathname}`).toBe(test.productionUrl);
		expect(url.searchParams.get('token')).toBe(registeredToken(test));
		expect(registeredToken(test)).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(test.staticData.segmindWebhookId).toBe(hook.webhook_id);
		expect(api.requests.every((request) => request.apiKey === apiKey)).toBe(true);

		// Re-activation (e.g. an n8n restart) finds it through GET /webhook/get and adds nothing.
		await test.activate();
		expect(api.webhooks.size).toBe(1);
		expect(api.requests.filter((request) => request.path === '/webhook/add')).toHaveLength(1);
	});

	it('registers only PIXELFLOW when only Pixelflow events are selected, so an account fine-tuning webhook is untouched', async () => {
		api.seed({ webhook_url: 'https://other.example.com/hook', event_types: ['FINETUNE'] });
		const test = automatic({ events: ['NODE_RUN', 'GRAPH_RUN'] });
		await test.activate();
		const ours = [...api.webhooks.values()].find((hook) => hook.webhook_url.startsWith(test.productionUrl))!;
		expect(ours.event_types).toEqual(['PIXELFLOW']);
	});

	it('accepts a delivery Segmind sends to the registered URL, and refuses the URL without its token', async () => {
		const test = automatic();
		await test.activate();
		const token = registeredToken(test);
		const answer = await test.deliver(post(fixtures.segmind.AVAILABLE, token));
		expect(answer.started).toBe(true);
		expect((await test.deliver(post(fixtures.segmind.AVAILABLE)))).toMatchObject({ status: 401, body: { error: 'missing_token' } });
		expect((await test.deliver(post(fixtures.segmind.DEPLOYING, 'guessed-token')))).toMatchObject({ status: 401, body: { error: 'wrong_token' } });
	});

	it('removes the webhook on deactivation, after which the old token is refused', async () => {
		const test = automatic();
		await test.activate();
		const [hook] = [...api.webhooks.values()];
		const token = registeredToken(test);
		await test.deactivate();
		expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/webhook/inactive', query: { webhook_id: hook.webhook_id } });
		expect(hook.status).toBe('inactive');
		expect(test.staticData.segmindWebhookToken).toBeUndefined();
		expect((await test.deliver(post(fixtures.segmind.AVAILABLE, token))).status).toBe(401);
	});

	it('registers afresh when the webhook was removed in Segmind\'s console', async () => {
		const test = automatic();
		await test.activate();
		const first = test.staticData.segmindWebhookId as string;
		api.webhooks.get(first)!.status = 'inactive';
		await test.activate();
		expect(test.staticData.segmindWebhookId).not.toBe(first);
		expect([...api.webhooks.values()].filter((hook) => hook.status === 'active')).toHaveLength(1);
	});

	it('fails activation with a clear message when another URL holds the fine-tuning webhook', async () => {
		const otherId = api.seed({ webhook_url: 'https://ops.example.com/segmind?token=theirs', event_types: ['FINETUNE'] });
		const test = automatic();
		await expect(test.activate()).rejects.toMatchObject({
			message: expect.stringMatching(/one fine-tuning webhook per account, and another URL already holds it \(ops\.example\.com\)\. .*"Replace It"/),
		});
		expect(api.webhooks.get(otherId)!.webhook_url).toBe('https://ops.example.com/segmind?token=theirs');
		expect(api.webhooks.size).toBe(1);
		expect(JSON.stringify(test.staticData)).not.toContain('segmindWebhookToken');
	});

	it('takes the fine-tuning webhook over through POST /webhook/update when the user chose Replace It', async () => {
		const otherId = api.seed({ webhook_url: 'https://ops.example.com/segmind', event_types: ['FINETUNE'] });
		const test = automatic({ ifFineTuneWebhookExists: 'replace' });
		await test.activate();
		expect(api.requests.some((request) => request.path === '/webhook/update')).toBe(true);
		expect(test.staticData.segmindWebhookId).toBe(otherId);
		expect(api.webhooks.get(otherId)!.webhook_url).toContain(test.productionUrl);
		expect((await test.deliver(post(fixtures.segmind.AVAILABLE, registeredToken(test)))).started).toBe(true);
	});

	it('surfaces an API error (a wrong API key) as an activation error that says what to check', async () => {
		const test = automatic({}, 'SG_wrong');
		await expect(test.activate()).rejects.toMatchObject({
			message: expect.stringMatching(/^Segmind's webhook API refused GET \/webhook\/get \(HTTP 401\): check the API key/),
		});
	});

	it('surfaces Segmind refusing the fine-tuning category name, with the category in the message', async () => {
		await api.close();
		api = await startSegmindApi({ apiKey, categories: ['PIXELFLOW', 'FINE_TUNE'] });
		const test = automatic();
		await expect(test.activate()).rejects.toMatchObject({ message: expect.stringContaining('refused POST /webhook/add') });
		const fixed = automatic({ deliveryOptions: { fineTuneCategory: 'FINE_TUNE' } });
		await fixed.activate();
		expect([...api.webhooks.values()][0].event_types).toEqual(['FINE_TUNE', 'PIXELFLOW']);
	});
});

describe('Segmind Trigger, deliveries', () => {
	let test: WebhookHarness;
	let token: string;
	beforeEach(async () => {
		test = automatic();
		await test.activate();
		token = registeredToken(test);
	});

	it('finds the event name wherever the body puts it (event_type, status) and in any case', async () => {
		const withoutEvent: Record<string, unknown> = { ...fixtures.segmind.AVAILABLE };
		delete withoutEvent.event;
		expect((await test.deliver(post({ ...withoutEvent, event_id: 'e-status' }, token))).items[0].event).toBe('AVAILABLE');
		const lower = { event_type: 'node_run', event_id: 'e-lower', data: { request_id: 'r1' } };
		const lowerItem = (await test.deliver(post(lower, token))).items[0];
		expect(lowerItem.event).toBe('NODE_RUN');
		expect(lowerItem.summary).toBe('Pixelflow node ran with 0 output URLs.');
	});

	it("keeps the SDK fixture's shape (no event name, only the PIXELFLOW category) with its fields, saying why", async () => {
		const sdkShape = { event_type: 'PIXELFLOW', event_id: 'e-sdk', data: { request_id: 'req-1', workflow_id: 'wf-1', status: 'COMPLETED', output: { image: 'https://cdn.example.com/a.png' } } };
		const item = (await test.deliver(post(sdkShape, token))).items[0];
		expect(item).toMatchObject({ event: 'PIXELFLOW', requestId: 'req-1', outputUrls: ['https://cdn.example.com/a.png'] });
		expect(item.validationIssues).toEqual([
			expect.stringContaining("'PIXELFLOW' is not an event this node knows"),
			expect.stringContaining('passes any selection with a Pixelflow event'),
		]);
	});

	it('answers 401 before 400: a body that is not JSON without the token is refused as unauthenticated', async () => {
		expect((await test.deliver({ body: 'nope', query: {} })).status).toBe(401);
		expect((await test.deliver({ body: 'nope', query: { token } }))).toMatchObject({ status: 400, started: false });
	});
});

describe('Segmind Trigger, manual registration', () => {
	it('calls no Segmind API on activation or deactivation, even with a working API key, and accepts the credential token', async () => {
		const manualToken = spec.newSecret();
		const test = new WebhookHarness(node, { apiKey, baseUrl: api.baseUrl, webhookToken: manualToken }, { registration: 'manual' }, { credentialType: credentialTypes.get(spec.credentialType) });
		await test.activate();
		await test.deactivate();
		expect(api.requests).toEqual([]);
		expect((await test.deliver(post(fixtures.segmind.GRAPH_RUN, manualToken))).started).toBe(true);
		expect((await test.deliver(post(fixtures.segmind.NODE_RUN, spec.newSecret()))).status).toBe(401);
		// The same harness in Automatic mode does reach the server: the assertion above can fail.
		await automatic().activate();
		expect(api.requests.length).toBeGreaterThan(0);
	});
});
