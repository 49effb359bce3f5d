import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { randomToken } from './support/signing';

// What only Polyaxon does; the cases every platform shares run in triggers.test.ts from test/platforms/polyaxon.js.
const spec = specs.find((candidate) => candidate.id === 'polyaxon')!;
const token = randomToken(24);
const fixtures = spec.fixtures;

function harness(parameters = {}) {
	return new WebhookHarness(nodeTypes.get(spec.nodeName)!, spec.credential(token), parameters);
}

function post(payload: unknown, query: Record<string, string> = { token }) {
	return { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, query };
}

/** Polyaxon's GET mode: the same fields as query parameters (requests' `params=data`), no body. */
function get(payload: Record<string, unknown>, extra: Record<string, string> = { token }) {
	const query = Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)]));
	return { method: 'GET' as const, body: '', query: { ...query, ...extra } };
}

describe('Polyaxon Trigger', () => {
	it('accepts GET deliveries with the fields as query parameters, and keeps the token out of the item', async () => {
		const payload = fixtures['jobs.failed'];
		const answer = await harness().deliver(get(payload));
		expect(answer.started).toBe(true);
		const asText = Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)]));
		expect(answer.items[0]).toMatchObject({ ...spec.expected['jobs.failed'], event: 'jobs.failed', payload: asText });
		expect(JSON.stringify(answer.items[0])).not.toContain(token);
	});

	it('refuses a GET without the token', async () => {
		const answer = await harness().deliver(get(fixtures['jobs.failed'], {}));
		expect(answer).toMatchObject({ status: 401, started: false, body: { error: 'missing_token' } });
	});

	it('refuses the token in another letter case', async () => {
		const answer = await harness().deliver(post(fixtures['jobs.failed'], { token: token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase() }));
		expect(answer).toMatchObject({ status: 401, started: false, body: { error: 'wrong_token' } });
	});

	it.each(['jobs.succeeded', 'jobs.failed', 'jobs.stopped', 'jobs.done'])('lets jobs.done select %s, and not an experiment', async (event) => {
		const test = harness({ events: ['jobs.done'] });
		expect((await test.deliver(post(fixtures[event]))).items[0]).toMatchObject({ event });
		expect((await test.deliver(post(fixtures['experiments.failed']))).body).toMatchObject({ ignored: 'event_not_selected' });
	});

	it('does not let jobs.succeeded select a failed job', async () => {
		const answer = await harness({ events: ['jobs.succeeded'] }).deliver(post(fixtures['jobs.failed']));
		expect(answer).toMatchObject({ status: 200, started: false, body: { ignored: 'event_not_selected' } });
	});

	it('does not let an unmapped kind through a selection of known events', async () => {
		const answer = await harness({ events: ['jobs.done'] }).deliver(post(spec.unknownEventPayload('unit')));
		expect(answer).toMatchObject({ started: false, body: { ignored: 'event_not_selected' } });
	});

	it('reads Inputs and Outputs as Polyaxon prints them (Python str() of a dict) into objects', async () => {
		const answer = await harness().deliver(post(fixtures['jobs.succeeded']));
		expect(answer.items[0]).toMatchObject({
			inputs: { lr: 0.001, epochs: 10, use_gpu: true, tag: null },
			outputs: { accuracy: 0.982, loss: 0.0613 },
			validationIssues: [],
		});
	});

	it('keeps Inputs that are not a Python literal as text, lists why, and still emits the typed event', async () => {
		const payload = fixtures['jobs.succeeded'];
		const details = (payload.details as string).replace(
			/Inputs: `[^`]*`/,
			"Inputs: `{'started': datetime.datetime(2024, 6, 2, 11, 0)}`",
		);
		const answer = await harness().deliver(post({ ...payload, details }));
		expect(answer.items[0]).toMatchObject({
			event: 'jobs.succeeded',
			runName: 'mnist-job-9',
			inputs: "{'started': datetime.datetime(2024, 6, 2, 11, 0)}",
			outputs: { accuracy: 0.982, loss: 0.0613 },
			validationIssues: ['details.inputs: not a Python literal (unreadable from character 13); kept as text'],
		});
	});

	it('lists unreadable Inputs beside the schema issues of a misshapen payload', async () => {
		const [, payload] = spec.misshapen;
		const answer = await harness().deliver(post({ ...payload, details: `${payload.details as string}Inputs: \`{'a': <object>}\`\n` }));
		expect(answer.items[0].validationIssues).toEqual([
			...spec.misshapenIssues,
			'details.inputs: not a Python literal (unreadable from character 7); kept as text',
		]);
	});
});
