import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness, type HarnessOptions } from './helpers/webhookHarness';
import { specs } from './platforms';
import { startSegmindApi, type SegmindApi as SegmindApiServer } from './support/segmindApiServer';

// A registration is touched only while it is this node's: what Segmind's list says, not what static data remembers,
// decides. Against the loopback Segmind API (test/support/segmindApiServer.js).
const spec = specs.find((candidate) => candidate.id === 'segmind')!;
const node = nodeTypes.get(spec.nodeName)!;
const apiKey = `SG_${randomBytes(16).toString('hex')}`;

let api: SegmindApiServer;
beforeEach(async () => {
	api = await startSegmindApi({ apiKey });
});
afterEach(async () => {
	await api.close();
});

function automatic(parameters: IDataObject = {}, options: HarnessOptions = {}) {
	const credential = { apiKey, baseUrl: api.baseUrl, webhookToken: '' };
	return new WebhookHarness(node, credential, parameters, { credentialType: credentialTypes.get(spec.credentialType), ...options });
}

function post(payload: unknown, token: unknown) {
	return { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, query: { token: String(token) } };
}

const active = () => [...api.webhooks.values()].filter((hook) => hook.status === 'active');
/** The stand-in replaces a webhook's record when it is updated: tests follow webhooks by id. */
const activeIds = () => active().map((hook) => hook.webhook_id);
const current = (id: string) => api.webhooks.get(id)!;
const at = (url: string) => active().filter((hook) => hook.webhook_url.startsWith(`${url}?`));
const deactivated = () => api.requests.filter((request) => request.path === '/webhook/inactive').map((request) => request.query.webhook_id);
const otherWebhookId = 'a7d3c2b1-0f9e-4d8c-b7a6-5e4f3d2c1b0a';

/** What a re-imported workflow or a restored database leaves: the node's static data without its registration. */
function loseStaticData(test: WebhookHarness) {
	for (const key of Object.keys(test.staticData)) delete test.staticData[key];
}

describe('Segmind Trigger, Replace It', () => {
	it("takes the fine-tuning webhook from another workflow, whose unpublish then leaves the new owner's webhook alone", async () => {
		const displaced = automatic({ events: ['AVAILABLE'] });
		await displaced.activate();
		const [id] = activeIds();

		const owner = automatic({ events: ['AVAILABLE'], ifFineTuneWebhookExists: 'replace' }, { webhookId: otherWebhookId });
		await owner.activate();
		expect(current(id).webhook_url.startsWith(`${owner.productionUrl}?`)).toBe(true);
		// The displaced workflow still remembers the id; its token is no longer the one Segmind calls with.
		expect(displaced.staticData.segmindWebhookId).toBe(id);

		await displaced.deactivate();
		expect(deactivated()).toEqual([]);
		expect(activeIds()).toEqual([id]);
		expect(displaced.staticData.segmindWebhookId).toBeUndefined();
		expect((await owner.deliver(post(spec.fixtures.AVAILABLE, new URL(current(id).webhook_url).searchParams.get('token')))).started).toBe(true);
	});

	it('a displaced workflow published again finds the webhook held by another URL, fails and changes nothing', async () => {
		const displaced = automatic({ events: ['AVAILABLE'] });
		await displaced.activate();
		const owner = automatic({ events: ['AVAILABLE'], ifFineTuneWebhookExists: 'replace' }, { webhookId: otherWebhookId });
		await owner.activate();
		const [id] = activeIds();
		const url = current(id).webhook_url;

		// n8n restarting re-activates both: checkExists() forgets the taken-over id without touching it.
		await expect(displaced.activate()).rejects.toMatchObject({ message: expect.stringContaining('another URL already holds it') });
		expect(current(id).webhook_url).toBe(url);
		expect(deactivated()).toEqual([]);
		expect(displaced.staticData.segmindWebhookId).toBeUndefined();
	});
});

describe('Segmind Trigger, static data lost', () => {
	it('Pixelflow only: publishing again updates the one registration at its URL instead of adding a second', async () => {
		const test = automatic({ events: ['GRAPH_RUN'] });
		await test.activate();
		const [id] = activeIds();
		const oldToken = test.staticData.segmindWebhookToken;
		loseStaticData(test);

		await test.activate();
		expect(activeIds()).toEqual([id]);
		expect(api.requests.filter((request) => request.path === '/webhook/add')).toHaveLength(1);
		expect(test.staticData.segmindWebhookId).toBe(id);
		expect(new URL(current(id).webhook_url).searchParams.get('token')).toBe(test.staticData.segmindWebhookToken);
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, test.staticData.segmindWebhookToken))).started).toBe(true);
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, oldToken))).status).toBe(401);
	});

	it('fine-tuning: publishing again takes back its own fine-tuning webhook, without Replace It', async () => {
		const test = automatic({ events: ['*'] });
		await test.activate();
		const [id] = activeIds();
		loseStaticData(test);

		await test.activate();
		expect(activeIds()).toEqual([id]);
		expect(current(id).event_types).toEqual(['FINETUNE', 'PIXELFLOW']);
		expect((await test.deliver(post(spec.fixtures.AVAILABLE, test.staticData.segmindWebhookToken))).started).toBe(true);
	});

	it('keeps one of several registrations at its own URL and deactivates the others', async () => {
		const test = automatic({ events: ['GRAPH_RUN'] });
		const stale = [1, 2].map((index) => api.seed({ webhook_url: `${test.productionUrl}?token=stale-${index}`, event_types: ['PIXELFLOW'] }));
		await test.activate();
		expect(active().map((hook) => hook.webhook_id)).toEqual([stale[0]]);
		expect(deactivated()).toEqual([stale[1]]);
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, test.staticData.segmindWebhookToken))).started).toBe(true);
	});
});

describe('Segmind Trigger, WEBHOOK_URL changed', () => {
	it('deactivates the registration at the old URL before forgetting it, and registers the new URL', async () => {
		const test = automatic();
		await test.activate();
		const [oldId] = activeIds();
		test.webhookBaseUrl = 'https://n8n.example.com';

		await test.activate();
		expect(current(oldId).status).toBe('inactive');
		expect(deactivated()).toEqual([oldId]);
		const [now] = active();
		expect(now.webhook_url.startsWith(`https://n8n.example.com/webhook/${test.node.webhookId}/webhook?`)).toBe(true);
		expect(test.staticData.segmindWebhookId).toBe(now.webhook_id);
	});

	it('with the static data lost as well, finds its registration at the old URL by its owner digest and moves it', async () => {
		const test = automatic();
		await test.activate();
		const [oldId] = activeIds();
		loseStaticData(test);
		test.webhookBaseUrl = 'https://n8n.example.com';

		await test.activate();
		expect(activeIds()).toEqual([oldId]);
		expect(current(oldId).webhook_url.startsWith('https://n8n.example.com/')).toBe(true);
	});

	it("never takes another node's registration for its own: a copy of the workflow elsewhere keeps its webhook", async () => {
		const elsewhere = automatic({ events: ['GRAPH_RUN'] });
		elsewhere.webhookBaseUrl = 'https://staging.example.com';
		await elsewhere.activate();
		const here = automatic({ events: ['GRAPH_RUN'] });
		await here.activate();
		await here.deactivate();
		expect(at(elsewhere.productionUrl)).toHaveLength(1);
		expect(active()).toHaveLength(1);
	});
});

describe('Segmind Trigger, n8n crashed while listening', () => {
	// n8n never saves what a test stored (its static data is a copy): after a crash the Test URL's registration is
	// still at Segmind, and nothing in the workflow remembers it. Listening again starts from the saved static data.
	it('the next test reuses the Test URL registration left behind, and stopping removes it', async () => {
		const test = automatic({ events: ['GRAPH_RUN'] });
		await test.startListening();
		const [leftoverId] = at(test.testUrl).map((hook) => hook.webhook_id);

		await test.startListening(); // after the crash
		expect(at(test.testUrl).map((hook) => hook.webhook_id)).toEqual([leftoverId]);
		expect(new URL(current(leftoverId).webhook_url).searchParams.get('token')).toBe(test.testState.segmindTestWebhookToken);
		await test.stopListening();
		expect(active()).toEqual([]);
	});

	it('the next publication removes the Test URL registration left behind, fine-tuning category included', async () => {
		const test = automatic({ events: ['*'] });
		await test.startListening();
		expect(at(test.testUrl)).toHaveLength(1);

		await test.activate(); // after the crash
		expect(at(test.testUrl)).toEqual([]);
		expect(at(test.productionUrl)).toHaveLength(1);
		expect(active()).toHaveLength(1);
		expect((await test.deliver(post(spec.fixtures.AVAILABLE, test.staticData.segmindWebhookToken))).started).toBe(true);
	});

	it('a published workflow restarting after the crash keeps its registration and token, and removes the test one', async () => {
		const test = automatic({ events: ['GRAPH_RUN'] });
		await test.activate();
		const [productionId] = activeIds();
		const token = test.staticData.segmindWebhookToken;
		await test.startListening();
		const [leftoverId] = at(test.testUrl).map((hook) => hook.webhook_id);

		await test.activate(); // n8n restarting re-activates the workflow
		expect(current(leftoverId).status).toBe('inactive');
		expect(activeIds()).toEqual([productionId]);
		expect(test.staticData.segmindWebhookToken).toBe(token);
	});
});
