import { createHash } from 'crypto';

import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import type { PlatformSpec } from './platforms/types';

// Where a platform sends no id, the item's id is a hash of what was sent, and of nothing else: not of the secret
// that signed it (a rotation would start the event twice), and not of an empty body (GET deliveries would collide).
const specOf = (id: string): PlatformSpec => specs.find((spec) => spec.id === id)!;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function harness(spec: PlatformSpec, secret: string, previous = '') {
	return new WebhookHarness(nodeTypes.get(spec.nodeName)!, spec.credential(secret, previous));
}

describe('body-derived event ids', () => {
	it.each([
		['datasaur', (payload: Record<string, unknown>) => payload],
		['mythicdot', (payload: Record<string, unknown>) => ({ ...payload, id: undefined })],
	])('%s: the id of an event without one is the SHA-256 of the raw body, whichever secret signed it', async (id, withoutId) => {
		const spec = specOf(id);
		const [current, previous] = [spec.newSecret(), spec.newSecret()];
		const test = harness(spec, current, previous);
		const body = JSON.stringify(withoutId(spec.uniquePayload(spec.fixtures[Object.keys(spec.fixtures)[0]], 'bodyid')));
		const first = await test.deliver({ body, ...spec.sign(body, previous) });
		expect(first.items[0]).toMatchObject({ eventId: `body:${sha256(body)}` });
		const second = await test.deliver({ body, ...spec.sign(body, current) });
		expect(second).toMatchObject({ started: false, body: { ignored: 'redelivery' } });
	});

	it('polyaxon: two v0 events sent over GET (no body) get two ids, from the fields read out of the query', async () => {
		const spec = specOf('polyaxon');
		const token = spec.newSecret();
		const test = harness(spec, token);
		const asQuery = (payload: Record<string, unknown>) =>
			Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)]));
		const done = await test.deliver({ method: 'GET', body: '', query: { ...asQuery(spec.fixtures['jobs.done']), token } });
		const failed = await test.deliver({ method: 'GET', body: '', query: { ...asQuery(spec.fixtures['experiments.failed']), token } });
		expect([done.started, failed.started]).toEqual([true, true]);
		expect(done.items[0].eventId).not.toBe(failed.items[0].eventId);
		expect(done.items[0].eventId).toMatch(/^body:[0-9a-f]{64}$/);
	});
});
