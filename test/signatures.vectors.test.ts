import { hexHmacOf, hexHmacSignature } from '../nodes/common/signatures/hexHmac';
import {
	standardWebhookKey,
	standardWebhookSignature,
	standardWebhookSignatureOf,
} from '../nodes/common/signatures/standardWebhooks';
import type { SignedDelivery } from '../nodes/common/signatures/types';
import vectors from './fixtures/vectors.json';
import { ed25519PublicKey, newEd25519KeyPair, v1aSignature } from './support/signing';

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
		['svix', { 'svix-id': svix.id, 'svix-timestamp': svix.timestamp, 'svix-signature': svix.signature }],
		['webhook', { 'webhook-id': svix.id, 'webhook-timestamp': svix.timestamp, 'webhook-signature': svix.signature }],
	])('accepts the Svix vector with %s-* headers at its own time, and says what it verified', (family, headers) => {
		const result = standardWebhookSignature(delivery(svix.body, headers), {
			secrets: [svix.secret],
			nowSeconds: Number(svix.timestamp) + 10,
			toleranceSeconds: 300,
		});
		expect(result).toEqual({
			ok: true,
			secretIndex: 0,
			id: svix.id,
			timestamp: Number(svix.timestamp),
			headerFamily: family,
			signatureVersion: 'v1',
		});
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

	const v1a = vectors.standardWebhooksV1a;
	const v1aHeaders = { 'webhook-id': v1a.id, 'webhook-timestamp': v1a.timestamp, 'webhook-signature': v1a.signature };
	const atVectorTime = (secrets: string[]) => ({ secrets, nowSeconds: Number(v1a.timestamp) + 10, toleranceSeconds: 300 });

	it('signs the Standard Webhooks v1a vector the same way with the test helper (tweetnacl)', () => {
		expect(v1aSignature(v1a.secretKey, v1a.id, v1a.timestamp, v1a.body)).toBe(v1a.signature);
		expect(ed25519PublicKey(v1a.secretKey)).toBe(v1a.publicKey);
	});

	it('accepts the v1a vector with the whpk_ public key, as the current or the previous secret', () => {
		const expected = { ok: true, id: v1a.id, timestamp: Number(v1a.timestamp), headerFamily: 'webhook', signatureVersion: 'v1a' };
		expect(standardWebhookSignature(delivery(v1a.body, v1aHeaders), atVectorTime([v1a.publicKey]))).toEqual({ ...expected, secretIndex: 0 });
		expect(
			standardWebhookSignature(delivery(v1a.body, v1aHeaders), atVectorTime([svix.secret, v1a.publicKey])),
		).toEqual({ ...expected, secretIndex: 1 });
	});

	it('accepts the v1a vector beside a v1 entry it cannot check, as the specification\'s example header lists both', () => {
		const headers = { ...v1aHeaders, 'webhook-signature': `v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= ${v1a.signature}` };
		expect(standardWebhookSignature(delivery(v1a.body, headers), atVectorTime([v1a.publicKey]))).toMatchObject({ ok: true, signatureVersion: 'v1a' });
	});

	it('refuses the v1a vector with a changed body, id or timestamp, or another public key', () => {
		const other = newEd25519KeyPair().publicKey;
		const refused = { ok: false, reason: 'no_matching_signature' };
		expect(standardWebhookSignature(delivery(`${v1a.body} `, v1aHeaders), atVectorTime([v1a.publicKey]))).toMatchObject(refused);
		expect(standardWebhookSignature(delivery(v1a.body, { ...v1aHeaders, 'webhook-id': 'msg_other' }), atVectorTime([v1a.publicKey]))).toMatchObject(refused);
		const shifted = { ...v1aHeaders, 'webhook-timestamp': String(Number(v1a.timestamp) + 1) };
		expect(standardWebhookSignature(delivery(v1a.body, shifted), atVectorTime([v1a.publicKey]))).toMatchObject(refused);
		expect(standardWebhookSignature(delivery(v1a.body, v1aHeaders), atVectorTime([other]))).toMatchObject(refused);
	});

	it('says which key the credential lacks when the versions do not meet', () => {
		expect(standardWebhookSignature(delivery(v1a.body, v1aHeaders), atVectorTime([svix.secret]))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
			detail: expect.stringContaining('whpk_ public key'),
		});
		const hmacOnly = { 'webhook-id': svix.id, 'webhook-timestamp': svix.timestamp, 'webhook-signature': svix.signature };
		expect(standardWebhookSignature(delivery(svix.body, hmacOnly), atVectorTime([v1a.publicKey]))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
			detail: expect.stringContaining('whsec_ secret'),
		});
		expect(standardWebhookSignature(delivery(v1a.body, v1aHeaders), atVectorTime([v1a.secretKey]))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
			detail: expect.stringContaining('neither whsec_ nor whpk_'),
		});
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
