// What only Segmind does, in a real n8n: Automatic registration. Publishing registers the production URL, with a
// fresh token, through a loopback server that implements Segmind's webhook API (test/support/segmindApiServer.js);
// Segmind dispatches to that URL; unpublishing removes the webhook; API errors and the one-fine-tuning-webhook rule
// surface as publication errors. The shared cases (every event, token refusals …) run in Manual mode from
// test/platforms/segmind.js. Each case below fails alone: one that needs the registration says so when it is missing.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { findFreePort } from '../../../scripts/lib/n8n.mjs';
import { activate, activationError, createCredential, createTriggerWorkflow, deactivate, deliver, differs, settledExecutions, triggerItem, waitFor } from '../lib/harness.mjs';
import { importRecipe } from '../lib/recipes.mjs';
import { openTriggerPanel, startListening } from '../../../scripts/lib/editor.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const require = createRequire(import.meta.url);
const { startSegmindApi } = require('../../support/segmindApiServer.js');
/** The webhook bodies segmind-python's tests show (tests/conftest.py): the Pixelflow one names only its category. */
const sdkBodies = require('../../fixtures/segmind.sdk.json');

/** `publicationErrors: false` leaves out the three cases whose publication must fail (n8n retries each ~15 s). */
export async function run(ctx, spec, { publicationErrors = true } = {}) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id} (automatic registration): ${text}`;
	const apiKey = `SG_${randomBytes(16).toString('hex')}`;
	const api = await startSegmindApi({ apiKey });
	const common = { nodeName: spec.nodeName, displayName: spec.displayName, credentialType: spec.credentialType };
	const credentialData = (key) => ({ apiKey: key, baseUrl: api.baseUrl, webhookToken: '' });
	/** The active webhook the stand-in holds for a workflow's production URL. */
	const hookFor = (workflow) =>
		[...api.webhooks.values()].find((hook) => hook.status === 'active' && hook.webhook_url.startsWith(`${workflow.url}?`));
	try {
		const credential = await createCredential(client, { name: 'segmind e2e automatic', type: spec.credentialType, data: credentialData(apiKey) });
		const workflows = {};
		await results.check(name('publishing registers the production URL with a token, for FINETUNE and PIXELFLOW'), async () => {
			workflows.all = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: automatic', parameters: { registration: 'automatic', events: ['*'], deliveryOptions: {} } });
			await activate(client, workflows.all, { until: () => hookFor(workflows.all) });
			const hook = hookFor(workflows.all);
			const problems = [
				differs('webhooks at Segmind', api.webhooks.size, 1),
				/^[A-Za-z0-9_-]{32}$/.test(new URL(hook.webhook_url).searchParams.get('token') ?? '') ? undefined : 'no 32-character token in the URL',
				differs('categories', hook.event_types, ['FINETUNE', 'PIXELFLOW']),
				api.requests.every((request) => request.apiKey === apiKey) ? undefined : 'a request without the API key',
			].filter(Boolean);
			if (problems.length > 0) throw new Error(problems.join('; '));
		});
		// The cases below need a registration, not a perfect one: they run whenever Segmind holds a webhook for the URL.
		const registration = workflows.all && hookFor(workflows.all);
		const registered = registration !== undefined;
		const token = registered ? new URL(registration.webhook_url).searchParams.get('token') : '(no registration)';

		await results.check(name('Segmind dispatching GRAPH_RUN to the URL it registered is answered 200'), async () => {
			if (!registered) throw new Error('not run: nothing was registered');
			const statuses = await api.dispatch('PIXELFLOW', spec.fixtures.GRAPH_RUN);
			if (differs('statuses', statuses, [200])) throw new Error(`answered ${JSON.stringify(statuses)}`);
		});

		await results.check(name('publishing a workflow with only GRAPH_RUN selected registers PIXELFLOW alone'), async () => {
			workflows.graphRun = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: GRAPH_RUN only', parameters: { registration: 'automatic', events: ['GRAPH_RUN'], deliveryOptions: {} } });
			await activate(client, workflows.graphRun, { until: () => hookFor(workflows.graphRun) });
			if (differs('categories', hookFor(workflows.graphRun).event_types, ['PIXELFLOW'])) throw new Error(`categories ${JSON.stringify(hookFor(workflows.graphRun).event_types)}`);
		});
		const graphRunHook = workflows.graphRun && hookFor(workflows.graphRun);

		const available = spec.uniquePayload(spec.fixtures.AVAILABLE, 'automatic');
		const categoryOnly = { ...sdkBodies.pixelflow_completed, event_id: `evt_pixelflow_${randomBytes(4).toString('hex')}` };
		const plan = [
			{
				name: 'the dispatched GRAPH_RUN -> one execution with every output URL',
				workflow: 'all',
				sends: [],
				executions: 1,
				marker: markerOf(spec.fixtures.GRAPH_RUN),
				check: (item) => Object.entries(spec.expected.GRAPH_RUN).map(([field, value]) => differs(field, item[field], value)),
			},
			{
				name: 'AVAILABLE with the registered token -> one execution with the inference URL',
				workflow: 'all',
				sends: [{ body: JSON.stringify(available), query: { token }, status: 200, emit: true }],
				executions: 1,
				marker: markerOf(available),
				check: (item) => [differs('inferenceApiUrl', item.inferenceApiUrl, spec.expected.AVAILABLE.inferenceApiUrl)],
			},
		];
		const categoryCase = {
			name: 'the SDK\'s "event_type": "PIXELFLOW" body, only GRAPH_RUN selected -> one execution, event PIXELFLOW, the reason in validationIssues',
			workflow: 'graphRun',
			// To the URL Segmind holds for the workflow, its token (and owner digest) as registered.
			sends: graphRunHook === undefined ? [] : [{ body: JSON.stringify(categoryOnly), query: Object.fromEntries(new URL(graphRunHook.webhook_url).searchParams), status: 200, emit: true }],
			executions: 1,
			marker: markerOf(categoryOnly),
			check: (item) => [
				differs('event', item.event, 'PIXELFLOW'),
				differs('workflowId', item.workflowId, categoryOnly.data.workflow_id),
				(item.validationIssues ?? []).some((issue) => issue.includes('passes any selection with a Pixelflow event')) ? undefined : `validationIssues ${JSON.stringify(item.validationIssues)}`,
			],
		};
		if (graphRunHook !== undefined) plan.push(categoryCase);
		else results.record(name(categoryCase.name), ['not run: the GRAPH_RUN-only workflow registered nothing']);
		if (!registered && workflows.graphRun !== undefined) await deactivate(client, workflows.graphRun);
		if (registered) {
			// runPlan unpublishes the workflow last, and n8n reports it unpublished only after the node's delete() ran.
			await runPlan(ctx, { name, workflows, plan, hidden: [token] });
		} else {
			for (const entry of plan) results.record(name(entry.name), ['not run: nothing was registered']);
		}

		await results.check(name('unpublishing removed the webhook from Segmind (GET /webhook/inactive)'), async () => {
			if (!registered) throw new Error('not run: nothing was registered');
			const hook = api.webhooks.get(registration.webhook_id);
			if (hook.status !== 'inactive') throw new Error(`webhook is ${hook.status}`);
			if (graphRunHook !== undefined && api.webhooks.get(graphRunHook.webhook_id).status !== 'inactive') throw new Error('the GRAPH_RUN-only workflow\'s webhook is still active');
			if (!api.requests.some((request) => request.path === '/webhook/inactive' && request.query.webhook_id === hook.webhook_id)) throw new Error('no GET /webhook/inactive for it');
			const answer = await deliver(`${workflows.all.url}?token=${token}`, JSON.stringify(spec.uniquePayload(spec.fixtures.AVAILABLE, 'after')));
			if (answer.status !== 404) throw new Error(`the URL still answers ${answer.status}`);
		});

		if (!publicationErrors) return;

		await results.check(name('publishing with a wrong API key fails with a message that says what to check'), async () => {
			const wrongKey = await createCredential(client, { name: 'segmind e2e wrong key', type: spec.credentialType, data: credentialData('SG_wrong') });
			const workflow = await createTriggerWorkflow(client, { ...common, credential: wrongKey, name: 'segmind e2e: wrong key', parameters: { events: ['*'] } });
			const error = await activationError(client, workflow);
			await deactivate(client, workflow);
			if (error === undefined) throw new Error('publication succeeded');
			if (!/Segmind's webhook API refused .*check the API key/.test(error)) throw new Error(`unclear activation error: ${error}`);
		});

		await results.check(name('publishing with an API n8n cannot reach fails saying so, not with n8n\'s generic "perhaps it is offline"'), async () => {
			const closed = await findFreePort(); // nothing listens there: the connection is refused
			const unreachable = await createCredential(client, { name: 'segmind e2e unreachable', type: spec.credentialType, data: { apiKey, baseUrl: `http://127.0.0.1:${closed}`, webhookToken: '' } });
			const workflow = await createTriggerWorkflow(client, { ...common, credential: unreachable, name: 'segmind e2e: unreachable', parameters: { events: ['*'] } });
			const error = await activationError(client, workflow);
			await deactivate(client, workflow);
			if (!/^Segmind's webhook API could not be reached for GET \/webhook\/get: check the base URL/.test(error ?? '')) throw new Error(`activation error: ${error}`);
		});

		await results.check(name('another URL holding the fine-tuning webhook: publishing fails and says so; Replace It takes it over'), async () => {
			const otherId = api.seed({ webhook_url: 'https://ops.example.com/segmind', event_types: ['FINETUNE'] });
			const failing = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: conflict', parameters: { events: ['AVAILABLE'] } });
			const error = await activationError(client, failing);
			await deactivate(client, failing);
			if (error === undefined || !/one fine-tuning webhook per account.*Replace It/.test(error)) throw new Error(`activation error: ${error}`);
			if (api.webhooks.get(otherId).webhook_url !== 'https://ops.example.com/segmind') throw new Error('the other webhook was changed');
			const replacing = await createTriggerWorkflow(client, { ...common, credential, name: 'segmind e2e: replace', parameters: { events: ['AVAILABLE'], ifFineTuneWebhookExists: 'replace' } });
			await activate(client, replacing, { until: () => hookFor(replacing)?.webhook_id === otherId, what: 'the stand-in to show the webhook taken over' });
			const answer = await deliver(api.webhooks.get(otherId).webhook_url, JSON.stringify(spec.uniquePayload(spec.fixtures.AVAILABLE, 'replaced')));
			await deactivate(client, replacing);
			if (answer.status !== 200) throw new Error(`a delivery to the taken-over webhook answered ${answer.status}`);
		});
	} finally {
		await api.close();
	}
}

/**
 * The recipe (examples/segmind-model-goes-live): published in Automatic mode against the Segmind stand-in, which
 * dispatches the deliveries to the registered URL. The smoke test goes to the model's inference URL, here the sink.
 */
export async function recipe(ctx, platform, { recipeCase, onlyCalled, posted, mentions }) {
	const apiKey = `SG_${randomBytes(12).toString('hex')}`;
	const api = await startSegmindApi({ apiKey });
	try {
		const credential = await createCredential(ctx.client, { name: 'Segmind recipe e2e', type: platform.credentialType, data: { apiKey, baseUrl: api.baseUrl, webhookToken: '' } });
		const workflow = await importRecipe(ctx.client, platform, { sinkUrl: ctx.sink.baseUrl, credential });
		await activate(ctx.client, workflow, { until: () => [...api.webhooks.values()].some((hook) => hook.webhook_url.startsWith(`${workflow.url}?`)) });
		const prompt = workflow.workflow.nodes.find((node) => node.name === 'Settings').parameters.assignments.assignments.find((a) => a.name === 'smokeTestPrompt').value;
		const available = (tag) => {
			const payload = platform.uniquePayload(platform.fixtures.AVAILABLE, tag);
			return { ...payload, data: { ...payload.data, inference_api_url: `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-${tag}` } };
		};

		// Segmind answers an image model's request with the image bytes.
		ctx.sink.respond('/v1/ft-7c1e9a52-healthy', 200, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: the model answers its smoke test (with the API key) and is announced by name', () => api.dispatch('FINETUNE', available('healthy')), (calls) => [
			onlyCalled(calls, ['/v1/ft-7c1e9a52-healthy', '/announceSlackWebhookUrl']),
			posted(calls, '/v1/ft-7c1e9a52-healthy', { prompt, samples: 1, seed: 42 }),
			calls.find((call) => call.path === '/v1/ft-7c1e9a52-healthy')?.headers['x-api-key'] === apiKey ? undefined : 'the smoke test was sent without the Segmind API key',
			mentions(calls, '/announceSlackWebhookUrl', ['ft-7c1e9a52', `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-healthy`, 'is live']),
		]);

		ctx.sink.respond('/v1/ft-7c1e9a52-broken', 500, { error: 'CUDA out of memory' });
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: a model failing its smoke test (HTTP 500) raises an alert naming it, no announcement', () => api.dispatch('FINETUNE', available('broken')), (calls) => [
			onlyCalled(calls, ['/v1/ft-7c1e9a52-broken', '/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', ['ft-7c1e9a52', 'smoke test failed: HTTP 500 CUDA out of memory', `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-broken`]),
		]);

		const closed = await findFreePort(); // nothing listens there: the connection is refused
		const unreachable = { ...available('unreachable'), data: { ...available('unreachable').data, inference_api_url: `http://127.0.0.1:${closed}/v1/ft-7c1e9a52` } };
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: a model API that cannot be reached raises the alert too', () => api.dispatch('FINETUNE', unreachable), (calls) => [
			onlyCalled(calls, ['/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', ['ft-7c1e9a52', 'smoke test failed', `127.0.0.1:${closed}`]),
		]);

		const graphRun = platform.uniquePayload(platform.fixtures.GRAPH_RUN, 'recipe');
		await recipeCase(ctx, workflow, 'Segmind GRAPH_RUN: the Pixelflow output URLs are handed on', () => api.dispatch('PIXELFLOW', graphRun), (calls) => [
			onlyCalled(calls, ['/outputsUrl']),
			posted(calls, '/outputsUrl', { source: 'segmind-pixelflow', workflowId: 'wf-3d9b2c71', requestId: 'req-55e1a0f3', outputUrls: platform.expected.GRAPH_RUN.outputUrls }),
		]);
		await deactivate(ctx.client, workflow);
	} finally {
		await api.close();
	}
}

/** In the editor: testing a published workflow registers the Test URL beside its production URL; Stop Listening removes only that. */
export async function editorCases({ client, results }, page, segmind) {
	await results.check('editor: Segmind, Automatic: testing a published workflow registers the Test URL beside it; a delivery to it arrives in the editor as the test event, and only the test registration goes', async () => {
		const api = await startSegmindApi({ apiKey: 'SG_editor_e2e' });
		try {
			const key = await createCredential(client, { name: 'segmind editor e2e', type: segmind.credentialType, data: { apiKey: 'SG_editor_e2e', baseUrl: api.baseUrl, webhookToken: '' } });
			const published = await createTriggerWorkflow(client, {
				name: 'editor e2e: Segmind',
				nodeName: segmind.nodeName,
				displayName: segmind.displayName,
				credentialType: segmind.credentialType,
				credential: key,
				parameters: { registration: 'automatic', events: ['GRAPH_RUN'], deliveryOptions: {} },
			});
			const hookAt = (prefix) => [...api.webhooks.values()].find((hook) => hook.webhook_url.startsWith(`${prefix}?`));
			await activate(client, published, { until: () => hookAt(published.url) });
			const production = hookAt(published.url);
			const segmindPanel = await openTriggerPanel(page, client.baseUrl, published.id);
			await startListening(page, published.id);
			const testHook = hookAt(published.url.replace('/webhook/', '/webhook-test/'));
			if (testHook?.status !== 'active' || differs('categories', testHook.event_types, ['PIXELFLOW'])) {
				throw new Error(`the Test URL's registration at Segmind: ${JSON.stringify(testHook)}`);
			}
			// What Segmind does with that registration: POST the event to the URL it holds, token included.
			const event = segmind.uniquePayload(segmind.fixtures.GRAPH_RUN, 'editor');
			const answer = await deliver(testHook.webhook_url, JSON.stringify(event));
			if (answer.status !== 200) throw new Error(`the Test URL answered ${answer.status} ${answer.text.slice(0, 200)}`);
			await segmindPanel.getByText(segmind.expected.GRAPH_RUN.summary).first().waitFor();
			// The event ended listening: n8n removed the Test URL's registration, and only that one.
			await waitFor(async () => testHook.status, (status) => status === 'inactive', { timeoutMs: 15000, what: 'the Test URL removed from Segmind' });
			const executions = await settledExecutions(client, published.id);
			const item = triggerItem(executions[0], published.triggerName);
			if (executions.length !== 1 || executions[0].mode !== 'manual' || differs('payload', item?.payload, event)) {
				throw new Error(`executions ${JSON.stringify(executions.map((execution) => ({ mode: execution.mode, status: execution.status })))}, item ${JSON.stringify(item)?.slice(0, 200)}`);
			}
			if (production.status !== 'active' || api.webhooks.size !== 2) throw new Error(`Segmind holds ${JSON.stringify([...api.webhooks.values()])}`);
			await deactivate(client, published);
		} finally {
			await api.close();
		}
	});
}
