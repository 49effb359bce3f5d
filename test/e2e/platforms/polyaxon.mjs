// What only Polyaxon does, in a real n8n: the fields as query parameters over GET, and `<kind>.done` selecting
// every final status of that kind. The shared cases (every event over POST, token refusals, rotation …) come from
// test/platforms/polyaxon.js.
import { differs, publishSpecWorkflow } from '../lib/harness.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const STARTED = { status: 200, emit: true };

/** requests' `params=data`: every field a query parameter, as text. */
const asQuery = (payload) => Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)]));

export function extraCases({ sample, refused, secret }) {
	const get = asQuery(sample('get'));
	const getWithoutToken = asQuery(sample('getnotoken'));
	return [
		{
			name: 'an event sent as GET with the fields as query parameters -> one execution, token not on the item',
			workflow: 'all',
			sends: [{ method: 'GET', query: { ...get, token: secret }, ...STARTED }],
			executions: 1,
			marker: markerOf(get),
			check: (item) => [
				differs('payload', item.payload, get),
				differs('runName', item.runName, get.name),
				JSON.stringify(item).includes(secret) ? 'the token is on the item' : undefined,
			],
		},
		{
			name: 'GET without ?token= -> 401, no execution',
			workflow: 'all',
			sends: [{ method: 'GET', query: getWithoutToken, ...refused('missing_token') }],
			executions: 0,
			marker: markerOf(getWithoutToken),
		},
	];
}

/** A workflow selecting jobs.done: every final status of a job starts it, an experiment does not. */
export async function run(ctx, spec) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id} (jobs.done workflow): ${text}`;
	const token = spec.newSecret();
	const workflows = {};
	const setupOk = await results.check(name('a jobs.done workflow created and published'), async () => {
		workflows.jobsDone = await publishSpecWorkflow(client, spec, {
			name: 'polyaxon e2e: jobs.done',
			data: spec.credential(token),
			parameters: { events: ['jobs.done'], deliveryOptions: {} },
		});
		return true;
	});
	const post = (payload) => ({ body: JSON.stringify(payload), query: { token } });
	const plan = ['jobs.succeeded', 'jobs.failed', 'jobs.stopped', 'jobs.done'].map((event) => {
		const payload = spec.uniquePayload(spec.fixtures[event], 'done');
		return {
			name: `jobs.done selects ${event} -> one execution`,
			workflow: 'jobsDone',
			sends: [{ ...post(payload), ...STARTED }],
			executions: 1,
			marker: markerOf(payload),
			check: (item) => [differs('event', item.event, event)],
		};
	});
	const experiment = spec.uniquePayload(spec.fixtures['experiments.failed'], 'notselected');
	plan.push({
		name: 'jobs.done does not select experiments.failed -> 200, no execution',
		workflow: 'jobsDone',
		sends: [{ ...post(experiment), status: 200, json: { received: true, ignored: 'event_not_selected' } }],
		executions: 0,
		marker: markerOf(experiment),
	});
	if (!setupOk) {
		for (const entry of plan) results.record(name(entry.name), ['not run: setup failed']);
		return;
	}
	await runPlan(ctx, { name, workflows, plan, hidden: [token] });
}
