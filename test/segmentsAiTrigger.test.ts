import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { newEd25519KeyPair, newSvixSecret, standardWebhookHeaders, svixHeaders, v1aHeaders } from './support/signing';

const spec = specs.find((candidate) => candidate.id === 'segmentsai')!;
const node = nodeTypes.get(spec.nodeName)!;
const secret = newSvixSecret();
const body = JSON.stringify(spec.fixtures['sample.created']);
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('Segments.ai Trigger: Svix timestamps and header names', () => {
	it.each([
		['ten minutes old', -600, 'stale_timestamp'],
		['ten minutes ahead', 600, 'future_timestamp'],
	])('refuses a delivery signed %s with the default tolerance', async (_label, offsetSeconds, reason) => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, { id: 'msg_time', date: secondsFromNow(offsetSeconds) }) });
		expect(answer).toMatchObject({ status: 401, body: { error: reason }, started: false });
	});

	it('accepts the same delivery when the tolerance option allows it', async () => {
		const test = new WebhookHarness(node, spec.credential(secret), { deliveryOptions: { toleranceSeconds: 900 } });
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, { id: 'msg_time', date: secondsFromNow(-600) }) });
		expect(answer.started).toBe(true);
	});

	it('accepts Standard Webhooks header names too, with the delivery id as the event id', async () => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const answer = await test.deliver({ body, headers: standardWebhookHeaders(secret, body, { id: 'msg_std' }) });
		expect(answer.started).toBe(true);
		expect(answer.items[0].eventId).toBe('msg_std');
	});

	it('refuses a signed delivery replayed with an svix-id beside its webhook-id, so a replay never gets a fresh id', async () => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const signed = standardWebhookHeaders(secret, body, { id: 'msg_original' });
		expect((await test.deliver({ body, headers: signed })).items[0]).toMatchObject({ eventId: 'msg_original' });
		const replayed = await test.deliver({ body, headers: { ...signed, 'svix-id': 'msg_fresh' } });
		expect(replayed).toMatchObject({ status: 401, started: false, body: { error: 'conflicting_headers' } });
		expect(test.logs.at(-1)!.message).toContain('svix-id and webhook-id differ');
		// The same id in both families names the same message: a redelivery, not a second execution.
		const again = await test.deliver({ body, headers: { ...signed, 'svix-id': 'msg_original' } });
		expect(again).toMatchObject({ status: 200, started: false, body: { ignored: 'redelivery' } });
	});

	it('accepts both header families when they name the same message, once, with the signature in either list', async () => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const svix = svixHeaders(secret, body, { id: 'msg_both' });
		const both = { ...svix, ...standardWebhookHeaders(secret, body, { id: 'msg_both' }), 'svix-signature': 'v1,Zm9yZ2Vk' };
		const answer = await test.deliver({ body, headers: both });
		expect(answer.items).toEqual([expect.objectContaining({ eventId: 'msg_both' })]);
		expect((await test.deliver({ body, headers: svix })).body).toMatchObject({ ignored: 'redelivery' });
	});

	it('refuses svix-timestamp and webhook-timestamp that differ', async () => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const signed = svixHeaders(secret, body, { id: 'msg_times' });
		const answer = await test.deliver({ body, headers: { ...signed, 'webhook-timestamp': String(Number(signed['svix-timestamp']) - 60) } });
		expect(answer).toMatchObject({ status: 401, body: { error: 'conflicting_headers' } });
	});

	it('accepts a v1a (ed25519) delivery when the credential holds the sender\'s whpk_ public key, also during rotation', async () => {
		const keys = newEd25519KeyPair();
		const withPublicKey = new WebhookHarness(node, spec.credential(keys.publicKey));
		const answer = await withPublicKey.deliver({ body, headers: v1aHeaders(keys.secretKey, body, { id: 'msg_v1a' }) });
		expect(answer.items).toEqual([expect.objectContaining({ eventId: 'msg_v1a', event: 'sample.created', validationIssues: [] })]);
		expect(JSON.stringify(answer.items)).not.toContain(keys.publicKey);

		// Moving from the HMAC secret to the public key: both kinds of delivery pass while the old secret is kept.
		const rotating = new WebhookHarness(node, spec.credential(keys.publicKey, secret));
		expect((await rotating.deliver({ body, headers: svixHeaders(secret, body, { id: 'msg_old' }) })).started).toBe(true);
		expect((await rotating.deliver({ body, headers: v1aHeaders(keys.secretKey, body, { id: 'msg_new' }) })).started).toBe(true);

		const hmacOnly = new WebhookHarness(node, spec.credential(secret));
		const refused = await hmacOnly.deliver({ body, headers: v1aHeaders(keys.secretKey, body) });
		expect(refused).toMatchObject({ status: 401, body: { error: 'no_matching_signature' } });
		expect(hmacOnly.logs[0].message).toContain('whpk_ public key');
	});
});
