// Segmind in a real n8n: activation registers the production URL, with a fresh token, through a loopback server
// that implements Segmind's webhook API (test/support/segmindApiServer.js); Segmind-style deliveries to that URL;
// deactivation removes the webhook; API errors and the one-fine-tuning-webhook rule surface as activation errors.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { sleep } from '../../../scripts/lib/n8n.mjs';
import { activate, createCredential, createTriggerWorkflow, deliver, differs } from '../lib/harness.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const require = createRequire(import.meta.url);
const { startSegmindApi } = require('../../support/segmindApiServer.js');
const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/segmind.json', import.meta.url), 'utf8'));
const STARTED = { status: 200, emit: true };
const CATEGORY = (event) => (event === 'NODE_RUN' || event === 'GRAPH_RUN' ? 'PIXELFLOW' : 'FINETUNE');

const common = { nodeName: 'segmindTrigger', displayName: 'Segmind Trigger', credentialType: 'segmindApi' };

/**
 * Activates through the public API and resolves to the activation error n8n recorded, undefined if none within
 * 45 s. n8n 2.40.7 publishes asynchronously: the API call succeeds, a failing `create()` is retried 5 times (1+2+4+8 s
 * apart) and then recorded per trigger, which the editor shows next to the workflow
 * (GET /rest/workflows/:id/publication-status).
 */
async function activationError(client, workflow) {
	try {
		await client.api('POST', `/workflows/${workflow.id}/activate`);
	} catch (error) {
		return error.message;
	}
	const deadline = Date.now() + 45000;
	while (Date.now() < deadline) {
		const answer = await client.rest('GET', `/workflows/${workflow.id}/publication-status`);
		const failed = (answer.json?.data?.triggers ?? []).find((trigger) => trigger.status === 'failed');
		if (failed) return failed.errorMessage;
		await sleep(500);
	}
	return undefined;
}

async function run(ctx) {
	const { client, results } = ctx;
	const name = (text) => `segmind: ${text}`;
	const apiKey = `SG_${randomBytes(16).toString('hex')}`;
	const api = await startSegmindApi({ apiKey });
	try {
		const workflows = {};
		let registered;
		const setupOk = await results.check(name('activation registers the production URL with a token, for FINETUNE and PIXELFLOW'), async () => {
			const credential = await createCredential(client, { name: 'segmind e2e', type: 'segmindApi', data: { apiKey, baseUrl: api.baseUrl, webhookToken: '' } });
			workflows.all = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: automatic', parameters: { registration: 'automatic', events: ['*'], deliveryOptions: {} } });
			await activate(client, workflows.all);
			const hooks = [...api.webhooks.values()];
			if (hooks.length !== 1) throw new Error(`${hooks.length} webhooks registered, expected 1`);
			registered = new URL(hooks[0].webhook_url);
			const problems = [
				differs('registered URL', `${registered.origin}${registered.pathname}`, workflows.all.url),
				/^[A-Za-z0-9_-]{32}$/.test(registered.searchParams.get('token') ?? '') ? undefined : 'no 32-character token in the URL',
				differs('categories', hooks[0].event_types, ['FINETUNE', 'PIXELFLOW']),
				api.requests.every((request) => request.apiKey === apiKey) ? undefined : 'a request without the API key',
			].filter(Boolean);
			if (problems.length > 0) throw new Error(problems.join('; '));
			return true;
		});
		if (!setupOk) return;
		const token = registered.searchParams.get('token');

		await results.check(name('Segmind dispatching GRAPH_RUN to the URL it registered is answered 200'), async () => {
			const statuses = await api.dispatch('PIXELFLOW', fixtures.GRAPH_RUN);
			if (differs('statuses', statuses, [200])) throw new Error(`answered ${JSON.stringify(statuses)}`);
		});

		const plan = [
			{
				name: 'the dispatched GRAPH_RUN -> one execution with every output URL',
				workflow: 'all',
				sends: [],
				executions: 1,
				marker: markerOf(fixtures.GRAPH_RUN),
				check: (item) => [
					differs('event', item.event, 'GRAPH_RUN'),
					differs('outputUrls', item.outputUrls, [
						'https://segmind-outputs.s3.amazonaws.com/req-55e1a0f3/final.png',
						'https://segmind-outputs.s3.amazonaws.com/req-55e1a0f3/v1.png',
						'https://segmind-outputs.s3.amazonaws.com/req-55e1a0f3/v2.png',
					]),
				],
			},
		];
		for (const [event, payload] of Object.entries(fixtures).filter(([event]) => event !== 'GRAPH_RUN')) {
			plan.push({
				name: `${event} (${CATEGORY(event)}) to the registered URL -> one execution with the lifted fields`,
				workflow: 'all',
				sends: [{ body: JSON.stringify(payload), query: { token }, ...STARTED }],
				executions: 1,
				marker: markerOf(payload),
				check: (item) => [
					differs('platform', item.platform, 'segmind'),
					differs('event', item.event, event),
					differs('eventId', item.eventId, payload.event_id),
					differs('validationIssues', item.validationIssues, []),
					event === 'TRAINING_COMPLETED' ? differs('trainedModelUrl', item.trainedModelUrl, payload.data.trained_model_url) : undefined,
					event === 'AVAILABLE' ? differs('inferenceApiUrl', item.inferenceApiUrl, payload.data.inference_api_url) : undefined,
					event === 'NODE_RUN' ? differs('nodeName', item.nodeName, 'Upscale 4x') : undefined,
				],
			});
		}
		const variant = (tag) => ({ ...fixtures.AVAILABLE, event_id: `e2e-${tag}-${randomBytes(4).toString('hex')}` });
		for (const [label, query, reason] of [
			['without ?token=', {}, 'missing_token'],
			['with a wrong token', { token: randomBytes(24).toString('base64url') }, 'wrong_token'],
		]) {
			const payload = variant(reason);
			plan.push({
				name: `a delivery ${label} -> 401, no execution`,
				workflow: 'all',
				sends: [{ body: JSON.stringify(payload), query, status: 401, json: (json) => differs('error', json?.error, reason) }],
				executions: 0,
				marker: markerOf(payload),
			});
		}
		plan.push({
			name: 'a delivery with the token but a body that is not JSON -> 400, no execution',
			workflow: 'all',
			sends: [{ body: '{"event": AVAILABLE', query: { token }, status: 400 }],
			executions: 0,
			marker: markerOf('{"event": AVAILABLE'),
		});
		await runPlan(ctx, { name, workflows, plan, hidden: [token] });

		await results.check(name('deactivation removed the webhook from Segmind (GET /webhook/inactive)'), async () => {
			const hook = [...api.webhooks.values()][0];
			if (hook.status !== 'inactive') throw new Error(`webhook is ${hook.status}`);
			const last = api.requests.filter((request) => request.path === '/webhook/inactive').at(-1);
			if (last?.query.webhook_id !== hook.webhook_id) throw new Error('no GET /webhook/inactive for it');
			const answer = await deliver(`${workflows.all.url}?token=${token}`, JSON.stringify(variant('after')));
			if (answer.status !== 404) throw new Error(`the URL still answers ${answer.status}`);
		});

		await results.check(name('activation with a wrong API key fails with a message that says what to check'), async () => {
			const credential = await createCredential(client, { name: 'segmind e2e wrong key', type: 'segmindApi', data: { apiKey: 'SG_wrong', baseUrl: api.baseUrl, webhookToken: '' } });
			const workflow = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: wrong key', parameters: { events: ['*'] } });
			const error = await activationError(client, workflow);
			if (error === undefined) throw new Error('activation succeeded');
			if (!/Segmind's webhook API refused .*check the API key/.test(error)) throw new Error(`unclear activation error: ${error}`);
		});

		await results.check(name('another URL holding the fine-tuning webhook: activation fails and says so; Replace It takes it over'), async () => {
			const otherId = api.seed({ webhook_url: 'https://ops.example.com/segmind', event_types: ['FINETUNE'] });
			const credential = await createCredential(client, { name: 'segmind e2e conflict', type: 'segmindApi', data: { apiKey, baseUrl: api.baseUrl, webhookToken: '' } });
			const failing = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: conflict', parameters: { events: ['AVAILABLE'] } });
			const error = await activationError(client, failing);
			if (error === undefined || !/one fine-tuning webhook per account.*Replace It/.test(error)) throw new Error(`activation error: ${error}`);
			if (api.webhooks.get(otherId).webhook_url !== 'https://ops.example.com/segmind') throw new Error('the other webhook was changed');
			const replacing = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: replace', parameters: { events: ['AVAILABLE'], ifFineTuneWebhookExists: 'replace' } });
			await activate(client, replacing);
			const taken = api.webhooks.get(otherId);
			if (!taken.webhook_url.startsWith(replacing.url)) throw new Error(`webhook still points at ${taken.webhook_url}`);
			const answer = await deliver(taken.webhook_url, JSON.stringify(variant('replaced')));
			if (answer.status !== 200) throw new Error(`a delivery to the taken-over webhook answered ${answer.status}`);
			await client.api('POST', `/workflows/${replacing.id}/deactivate`);
		});
	} finally {
		await api.close();
	}
}

export default { name: 'Segmind', run };
