import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { startSegmindApi, type SegmindApi as SegmindApiServer } from './support/segmindApiServer';

// "Test this trigger" in Automatic mode: the Test URL gets its own registration while the editor listens, only where
// Segmind has room for it, and a published workflow's registration is never changed. Against the loopback Segmind API.
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

function automatic(parameters: IDataObject = {}) {
	const credential = { apiKey, baseUrl: api.baseUrl, webhookToken: '' };
	return new WebhookHarness(node, credential, parameters, { credentialType: credentialTypes.get(spec.credentialType) });
}

function post(payload: unknown, token: string) {
	return { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, query: { token } };
}

const active = () => [...api.webhooks.values()].filter((hook) => hook.status === 'active');
const changes = () => api.requests.filter((request) => request.path !== '/webhook/get');

describe('Segmind Trigger, Automatic mode, while the editor listens', () => {
	it('registers the Test URL with its own token, accepts test deliveries with it, and removes it when listening stops', async () => {
		const test = automatic();
		await test.startListening();
		const [hook] = active();
		const url = new URL(hook.webhook_url);
		expect(`${url.origin}${url.pathname}`).toBe(test.testUrl);
		expect(url.searchParams.get('token')).toBe(test.testState.segmindTestWebhookToken);
		expect(hook.event_types).toEqual(['FINETUNE', 'PIXELFLOW']);
		expect(test.staticData.segmindWebhookId).toBeUndefined();

		const token = url.searchParams.get('token')!;
		expect((await test.deliver(post(spec.fixtures.AVAILABLE, token), { test: true })).items[0]).toMatchObject({ event: 'AVAILABLE' });

		await test.stopListening();
		expect(hook.status).toBe('inactive');
		expect(api.requests.at(-1)).toMatchObject({ path: '/webhook/inactive', query: { webhook_id: hook.webhook_id } });
	});

	it('leaves a published workflow\'s registration alone: testing with fine-tuning events fails and says why, stopping removes nothing', async () => {
		const test = automatic({ ifFineTuneWebhookExists: 'replace' });
		await test.activate();
		const [production] = active();
		const productionUrl = production.webhook_url;
		const before = changes().length;

		await expect(test.startListening()).rejects.toMatchObject({
			message: expect.stringMatching(/this workflow's Production URL \(the workflow is published\) holds it.*Testing never replaces a webhook: select only Pixelflow events to test, or unpublish/),
		});
		await test.stopListening(); // n8n calls delete() after a failed registration too
		expect(changes()).toHaveLength(before);
		expect(active()).toEqual([production]);
		expect(production.webhook_url).toBe(productionUrl);
		expect((await test.deliver(post(spec.fixtures.AVAILABLE, test.staticData.segmindWebhookToken as string))).started).toBe(true);
	});

	it('never takes the fine-tuning webhook from another URL while testing, even with Replace It chosen', async () => {
		const otherId = api.seed({ webhook_url: 'https://ops.example.com/segmind?token=theirs', event_types: ['FINETUNE'] });
		const test = automatic({ ifFineTuneWebhookExists: 'replace' });
		await expect(test.startListening()).rejects.toMatchObject({
			message: expect.stringMatching(/another URL \(ops\.example\.com\) holds it.*remove that webhook in Segmind's console first/),
		});
		expect(api.requests.some((request) => request.path === '/webhook/update')).toBe(false);
		expect(api.webhooks.get(otherId)!.webhook_url).toBe('https://ops.example.com/segmind?token=theirs');
	});

	it('tests Pixelflow events beside the published registration and a fine-tuning webhook held elsewhere; stopping removes only the test one', async () => {
		api.seed({ webhook_url: 'https://ops.example.com/segmind', event_types: ['FINETUNE'] });
		const test = automatic({ events: ['GRAPH_RUN'] });
		await test.activate();
		const production = active().find((hook) => hook.webhook_url.startsWith(test.productionUrl))!;

		await test.startListening();
		const testHook = active().find((hook) => hook.webhook_url.startsWith(test.testUrl))!;
		expect(testHook.event_types).toEqual(['PIXELFLOW']);
		await test.stopListening();
		expect(testHook.status).toBe('inactive');
		expect(production.status).toBe('active');
		expect(test.staticData.segmindWebhookId).toBe(production.webhook_id);
	});

	it('refuses the Production URL\'s token at the Test URL, and the other way round', async () => {
		const test = automatic({ events: ['GRAPH_RUN'] });
		await test.activate();
		await test.startListening();
		const productionToken = test.staticData.segmindWebhookToken as string;
		const testToken = test.testState.segmindTestWebhookToken as string;
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, productionToken), { test: true })).status).toBe(401);
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, testToken))).status).toBe(401);
		expect((await test.deliver(post(spec.fixtures.GRAPH_RUN, testToken), { test: true })).started).toBe(true);
	});
});
