import { hexHmacOf, hexHmacSignature } from '../nodes/common/signatures/hexHmac';
import {
	standardWebhookKey,
	standardWebhookSignature,
	standardWebhookSignatureOf,
} from '../nodes/common/signatures/standardWebhooks';
import type { SignedDelivery } from '../nodes/common/signatures/types';
import vectors from './fixtures/vectors.json';

function delivery(body: string, headers: SignedDelivery['headers']): SignedDelivery {
	return { rawBody: Buffer.from(body, 'utf8'), headers, query: {} };
}

describe('published test vectors', () => {
	const { svix } = vectors;

	it('computes the Svix vector signature', () => {
		const key = standardWebhookKey(svix.secret)!;
		expect(`v1,${standardWebhookSignatureOf(key, svix.id, svix.timestamp, Buffer.from(svix.body))}`).toBe(
			svix.signature,
		);
	});

	it.each([
		['svix-*', { 'svix-id': svix.id, 'svix-timestamp': svix.timestamp, 'svix-signature': svix.signature }],
		['webhook-*', { 'webhook-id': svix.id, 'webhook-timestamp': svix.timestamp, 'webhook-signature': svix.signature }],
	])('accepts the Svix vector with %s headers at its own time', (_family, headers) => {
		const result = standardWebhookSignature(delivery(svix.body, headers), {
			secrets: [svix.secret],
			nowSeconds: Number(svix.timestamp) + 10,
			toleranceSeconds: 300,
		});
		expect(result).toEqual({ ok: true, secretIndex: 0 });
	});

	it('refuses the Svix vector once it is older than the tolerance', () => {
		const headers = { 'svix-id': svix.id, 'svix-timestamp': svix.timestamp, 'svix-signature': svix.signature };
		const result = standardWebhookSignature(delivery(svix.body, headers), {
			secrets: [svix.secret],
			nowSeconds: Number(svix.timestamp) + 301,
			toleranceSeconds: 300,
		});
		expect(result).toMatchObject({ ok: false, reason: 'stale_timestamp' });
	});

	const { datasaur } = vectors;

	it('computes and accepts the Datasaur vector', () => {
		expect(hexHmacOf(datasaur.secret, Buffer.from(datasaur.body))).toBe(datasaur.signature);
		const verify = hexHmacSignature('X-Datasaur-Signature');
		const result = verify(delivery(datasaur.body, { 'x-datasaur-signature': datasaur.signature }), {
			secrets: [datasaur.secret],
			nowSeconds: 0,
			toleranceSeconds: 300,
		});
		expect(result).toMatchObject({ ok: true, secretIndex: 0 });
	});

	it('keys the MythicDot HMAC with the whole secret, whsec_ prefix included, not its base64 decoding', () => {
		const secret = vectors.svix.secret;
		const body = Buffer.from('{"id":"evt_1","type":"batch.completed"}');
		const verify = hexHmacSignature('X-MythicDot-Signature');
		const context = { secrets: [secret], nowSeconds: 0, toleranceSeconds: 300 };
		const withWholeSecret = hexHmacOf(secret, body);
		const withDecodedKey = hexHmacOf(standardWebhookKey(secret)!.toString('latin1'), body);
		expect(verify({ rawBody: body, headers: { 'x-mythicdot-signature': withWholeSecret }, query: {} }, context).ok).toBe(
			true,
		);
		expect(verify({ rawBody: body, headers: { 'x-mythicdot-signature': withDecodedKey }, query: {} }, context).ok).toBe(
			false,
		);
	});
});
