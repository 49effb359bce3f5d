// Polyaxon in a real n8n: no signature, a secret token in the URL; JSON over POST and fields over GET;
// v0 and v1 bodies; `<kind>.done` selects every final status of that kind.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { activate, createCredential, createTriggerWorkflow, differs } from '../lib/harness.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/polyaxon.json', import.meta.url), 'utf8'));
const STARTED = { status: 200, emit: true };
const token = () => randomBytes(24).toString('base64url');

/** A payload no other case sends: v0 bodies differ by their `body` text, v1 by their run uuid. */
function unique(payload, tag) {
	return 'subject' in payload ? { ...payload, body: `${payload.body}\n${tag}` } : { ...payload, uuid: `${payload.uuid}-${tag}` };
}

async function run(ctx) {
	const { client, results } = ctx;
	const name = (text) => `polyaxon: ${text}`;
	const current = token();
	const previous = token();
	const workflows = {};
	const setupOk = await results.check(name('credential + workflows created and activated in n8n'), async () => {
		const credential = await createCredential(client, {
			name: 'polyaxon e2e',
			type: 'polyaxonApi',
			data: { urlToken: current, previousUrlToken: previous },
		});
		const common = { nodeName: 'polyaxonTrigger', displayName: 'Polyaxon Trigger', credentialType: 'polyaxonApi', credential };
		workflows.all = await createTriggerWorkflow(client, { ...common, name: 'polyaxon e2e: any event', parameters: { events: ['*'], deliveryOptions: {} } });
		workflows.jobsDone = await createTriggerWorkflow(client, { ...common, name: 'polyaxon e2e: jobs.done', parameters: { events: ['jobs.done'], deliveryOptions: {} } });
		await activate(client, workflows.all);
		await activate(client, workflows.jobsDone);
		return true;
	});
	if (!setupOk) return;

	const post = (payload, query = { token: current }) => ({ body: JSON.stringify(payload), query });
	const refused = (reason) => ({ status: 401, json: (json) => differs('error', json?.error, reason) });
	const plan = [];

	for (const [event, payload] of Object.entries(fixtures)) {
		plan.push({
			name: `${event} (${'subject' in payload ? 'v0' : 'v1'} body, POST) -> one execution with the run fields`,
			workflow: 'all',
			sends: [{ ...post(payload), ...STARTED }],
			executions: 1,
			marker: markerOf(payload),
			check: (item) => [
				differs('platform', item.platform, 'polyaxon'),
				differs('event', item.event, event),
				differs('status', item.status, event.split('.')[1]),
				differs('validationIssues', item.validationIssues, []),
				differs('bodyVersion', item.bodyVersion, 'subject' in payload ? 'v0' : 'v1'),
				'uuid' in payload ? differs('runUuid', item.runUuid, payload.uuid) : undefined,
			],
		});
	}
	{
		// requests' params=data: every field a query parameter, as text.
		const payload = Object.fromEntries(Object.entries(unique(fixtures['jobs.failed'], 'get')).map(([key, value]) => [key, String(value)]));
		plan.push({
			name: 'jobs.failed sent as GET with the fields as query parameters -> one execution, token not on the item',
			workflow: 'all',
			sends: [{ method: 'GET', query: { ...payload, token: current }, ...STARTED }],
			executions: 1,
			marker: markerOf(payload),
			check: (item) => [
				differs('event', item.event, 'jobs.failed'),
				differs('reason', item.reason, 'PodFailed'),
				JSON.stringify(item).includes(current) ? 'the token is on the item' : undefined,
			],
		});
	}
	{
		const payload = unique(fixtures['jobs.failed'], 'notoken');
		plan.push({ name: 'POST without ?token= -> 401, no execution', workflow: 'all', sends: [{ ...post(payload, {}), ...refused('missing_token') }], executions: 0, marker: markerOf(payload) });
	}
	{
		const payload = unique(fixtures['jobs.failed'], 'wrongtoken');
		plan.push({ name: 'POST with a wrong token -> 401, no execution', workflow: 'all', sends: [{ ...post(payload, { token: token() }), ...refused('wrong_token') }], executions: 0, marker: markerOf(payload) });
	}
	{
		const payload = Object.fromEntries(Object.entries(unique(fixtures['jobs.stopped'], 'getnotoken')).map(([key, value]) => [key, String(value)]));
		plan.push({ name: 'GET without ?token= -> 401, no execution', workflow: 'all', sends: [{ method: 'GET', query: payload, ...refused('missing_token') }], executions: 0, marker: markerOf(payload) });
	}
	plan.push({
		name: 'POST with the token but a body that is not JSON -> 400, no execution',
		workflow: 'all',
		sends: [{ body: 'subject=job failed', query: { token: current }, status: 400, json: (json) => differs('error', json?.error, 'unparseable_body') }],
		executions: 0,
		marker: markerOf('subject=job failed'),
	});
	{
		const payload = unique(fixtures['jobs.succeeded'], 'previous');
		plan.push({ name: 'the previous token during rotation -> accepted', workflow: 'all', sends: [{ ...post(payload, { token: previous }), ...STARTED }], executions: 1, marker: markerOf(payload) });
	}
	for (const event of ['jobs.succeeded', 'jobs.failed', 'jobs.stopped', 'jobs.done']) {
		const payload = unique(fixtures[event], 'done');
		plan.push({
			name: `jobs.done selects ${event} -> one execution`,
			workflow: 'jobsDone',
			sends: [{ ...post(payload), ...STARTED }],
			executions: 1,
			marker: markerOf(payload),
			check: (item) => [differs('event', item.event, event)],
		});
	}
	{
		const payload = unique(fixtures['experiments.failed'], 'notselected');
		plan.push({
			name: 'jobs.done does not select experiments.failed -> 200, no execution',
			workflow: 'jobsDone',
			sends: [{ ...post(payload), status: 200, json: { received: true, ignored: 'event_not_selected' } }],
			executions: 0,
			marker: markerOf(payload),
		});
	}
	{
		const payload = unique(fixtures['builds.failed'], 'repeat');
		plan.push({
			name: 'the same run status delivered again after its execution -> one execution',
			workflow: 'all',
			sends: [
				{ ...post(payload), ...STARTED, afterExecutionsFinish: true },
				{ ...post(payload), afterExecutionsFinish: true, status: 200, json: { received: true, ignored: 'redelivery' } },
			],
			executions: 1,
			marker: markerOf(payload),
		});
	}

	await runPlan(ctx, { name, workflows, plan, hidden: [current, previous] });
}

export default { name: 'Polyaxon', run };
