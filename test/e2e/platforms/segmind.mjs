// What only Segmind does, in a real n8n: Automatic registration. Publishing registers the production URL, with a
// fresh token, through a loopback server that implements Segmind's webhook API (test/support/segmindApiServer.js);
// Segmind dispatches to that URL; unpublishing removes the webhook; API errors and the one-fine-tuning-webhook rule
// surface as publication errors. The shared cases (every event, token refusals …) run in Manual mode from
// test/platforms/segmind.js. Each case below fails alone: one that needs the registration says so when it is missing.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { findFreePort } from '../../../scripts/lib/n8n.mjs';
import { activate, activationError, createCredential, createTriggerWorkflow, deactivate, deliver, differs } from '../lib/harness.mjs';
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
