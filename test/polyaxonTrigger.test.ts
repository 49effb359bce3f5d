import { randomBytes } from 'crypto';

import { PolyaxonTrigger } from '../nodes/Polyaxon/PolyaxonTrigger.node';
import { fixtures } from './helpers/fixtures';
import { WebhookHarness } from './helpers/webhookHarness';

const token = randomBytes(24).toString('base64url');
const credential = { urlToken: token, previousUrlToken: '' };
const events = Object.keys(fixtures.polyaxon);

function harness(parameters = {}, credentialData: Record<string, string> = credential) {
	return new WebhookHarness(new PolyaxonTrigger(), credentialData, parameters);
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
	it('lists the fifteen documented events', () => {
		const parameter = new PolyaxonTrigger().description.properties.find((property) => property.name === 'events')!;
		expect((parameter.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['*', ...events]);
	});

	it.each(events)('emits %s, posted as JSON, with the run fields', async (event) => {
		const payload = fixtures.polyaxon[event];
		const answer = await harness().deliver(post(payload));
		expect(answer.started).toBe(true);
		const item = answer.items[0];
		expect(item).toMatchObject({ platform: 'polyaxon', event, validationIssues: [], payload });
		expect(item.status).toBe(event.split('.')[1]);
		expect(item.bodyVersion).toBe('subject' in payload ? 'v0' : 'v1');
		expect(Number.isNaN(Date.parse(item.occurredAt as string))).toBe(false);
		expect(item.summary).toMatch(/^Polyaxon /);
	});

	it('reads the kind, status, reason, message, duration, inputs and outputs of a v1 body', async () => {
		const item = (await harness().deliver(post(fixtures.polyaxon['jobs.failed']))).items[0];
		expect(item).toMatchObject({
			event: 'jobs.failed',
			runUuid: '8e3f9a1c2b4d4e6f8a0b1c2d3e4f5010',
			runName: 'mnist-job-10',
			kind: 'job',
			status: 'failed',
			reason: 'PodFailed',
			message: 'OOMKilled: container exceeded its memory limit',
			duration: '734',
			inputs: { lr: 0.001, epochs: 10 },
			outputs: { accuracy: 0.982 },
			finishedAt: '2024-06-02T11:20:05.000Z',
			owner: 'acme',
			project: 'mnist',
			eventId: '8e3f9a1c2b4d4e6f8a0b1c2d3e4f5010:failed',
			summary: 'Polyaxon job mnist-job-10 failed (PodFailed).',
		});
	});

	it('maps the v1 builder kind onto builds.*', async () => {
		const item = (await harness().deliver(post(fixtures.polyaxon['builds.succeeded']))).items[0];
		expect(item).toMatchObject({ event: 'builds.succeeded', kind: 'builder' });
	});

	it('emits an unmapped v1 kind as <kind>.<status>, only when Any Event is selected', async () => {
		const payload = { ...fixtures.polyaxon['jobs.succeeded'], details: 'Kind: `service`\nStatus: `stopped`\n' };
		const all = await harness().deliver(post(payload));
		expect(all.items[0]).toMatchObject({ event: 'service.stopped', kind: 'service' });
		expect(all.items[0].validationIssues).toEqual([expect.stringContaining("'service.stopped'")]);
		expect((await harness({ events: ['jobs.done'] }).deliver(post(payload))).started).toBe(false);
	});

	it('accepts GET deliveries with the fields as query parameters, and keeps the token out of the item', async () => {
		const payload = fixtures.polyaxon['jobs.succeeded'];
		const answer = await harness().deliver(get(payload));
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({ event: 'jobs.succeeded', runName: 'mnist-job-9', payload });
		expect(JSON.stringify(answer.items[0])).not.toContain(token);
	});

	it.each([
		['succeeded', 'jobs.succeeded'],
		['failed', 'jobs.failed'],
		['stopped', 'jobs.stopped'],
	])('lets jobs.done select a job that %s, and not an experiment', async (_status, event) => {
		const test = harness({ events: ['jobs.done'] });
		expect((await test.deliver(post(fixtures.polyaxon[event]))).started).toBe(true);
		expect((await test.deliver(post(fixtures.polyaxon['experiments.failed']))).body).toMatchObject({ ignored: 'event_not_selected' });
	});

	it('does not let jobs.succeeded select a failed job', async () => {
		const answer = await harness({ events: ['jobs.succeeded'] }).deliver(post(fixtures.polyaxon['jobs.failed']));
		expect(answer).toMatchObject({ status: 200, started: false, body: { ignored: 'event_not_selected' } });
	});

	it.each([
		['no token', {}, 'missing_token'],
		['a wrong token', { token: randomBytes(24).toString('base64url') }, 'wrong_token'],
		['the token in another case', { token: token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase() }, 'wrong_token'],
	])('refuses a POST with %s: 401 and no execution', async (_label, query, reason) => {
		const test = harness();
		const answer = await test.deliver(post(fixtures.polyaxon['jobs.failed'], query as Record<string, string>));
		expect(answer).toMatchObject({ status: 401, started: false, body: { error: reason } });
		expect(JSON.stringify([answer.body, test.logs])).not.toContain(token);
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining(reason) }]);
	});

	it('refuses a GET without the token', async () => {
		const answer = await harness().deliver(get(fixtures.polyaxon['jobs.failed'], {}));
		expect(answer).toMatchObject({ status: 401, started: false });
	});

	it('accepts the previous token during rotation', async () => {
		const previous = randomBytes(24).toString('base64url');
		const answer = await harness({}, { urlToken: randomBytes(24).toString('base64url'), previousUrlToken: previous }).deliver(
			post(fixtures.polyaxon['jobs.failed'], { token: previous }),
		);
		expect(answer.started).toBe(true);
	});

	it('answers 400 to an authenticated POST whose body is not JSON', async () => {
		const answer = await harness().deliver({ body: 'subject=job', query: { token } });
		expect(answer).toMatchObject({ status: 400, started: false, body: { error: 'unparseable_body' } });
	});

	it('starts once for the same run status delivered twice', async () => {
		const test = harness();
		expect((await test.deliver(post(fixtures.polyaxon['jobs.failed']))).started).toBe(true);
		expect((await test.deliver(post(fixtures.polyaxon['jobs.failed'])))).toMatchObject({ started: false, body: { ignored: 'redelivery' } });
	});
});
