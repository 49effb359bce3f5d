import { randomBytes, randomUUID } from 'crypto';
import fc from 'fast-check';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';

import {
	standardWebhookKey,
	standardWebhookSignature,
	standardWebhookSignatureOf,
} from '../nodes/common/signatures/standardWebhooks';
import segmentsAiFixtures from './fixtures/segmentsai.json';
import { newEd25519KeyPair, v1aSignature } from './support/signing';

const bodies = Object.values(segmentsAiFixtures).map((payload) => JSON.stringify(payload));

function ourVerdict(secret: string, body: string, headers: Record<string, string>, now: Date) {
	return standardWebhookSignature(
		{ rawBody: Buffer.from(body), headers, query: {} },
		{ secrets: [secret], nowSeconds: Math.floor(now.getTime() / 1000), toleranceSeconds: 300 },
	);
}

describe('cross-check against the svix and standardwebhooks packages', () => {
	const secret = `whsec_${randomBytes(24).toString('base64')}`;
	const now = new Date();
	/** What the scheme must say it verified: the signed id and time, the header names they came under, `v1`. */
	const verifiedAs = (id: string, headerFamily: string) => ({
		ok: true,
		secretIndex: 0,
		id,
		timestamp: Math.floor(now.getTime() / 1000),
		headerFamily,
		signatureVersion: 'v1',
	});

	it.each(bodies.map((body, index) => [index, body]))('accepts what svix signs (fixture %i)', (_index, body) => {
		const id = `msg_${randomUUID()}`;
		const headers = {
			'svix-id': id,
			'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
			'svix-signature': new SvixWebhook(secret).sign(id, now, body),
		};
		expect(ourVerdict(secret, body, headers, now)).toEqual(verifiedAs(id, 'svix'));
	});

	it.each(bodies.map((body, index) => [index, body]))(
		'accepts what standardwebhooks signs (fixture %i)',
		(_index, body) => {
			const id = `msg_${randomUUID()}`;
			const headers = {
				'webhook-id': id,
				'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
				'webhook-signature': new StandardWebhook(secret).sign(id, now, body),
			};
			expect(ourVerdict(secret, body, headers, now)).toEqual(verifiedAs(id, 'webhook'));
		},
	);

	it.each(bodies.map((body, index) => [index, body]))(
		'signs what svix and standardwebhooks both verify (fixture %i)',
		(_index, body) => {
			const id = `msg_${randomUUID()}`;
			const timestamp = String(Math.floor(now.getTime() / 1000));
			const signature = `v1,${standardWebhookSignatureOf(standardWebhookKey(secret)!, id, timestamp, Buffer.from(body))}`;
			const svixHeaders = { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature };
			expect(new SvixWebhook(secret).verify(body, svixHeaders)).toEqual(JSON.parse(body));
			const standardHeaders = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
			expect(new StandardWebhook(secret).verify(body, standardHeaders)).toEqual(JSON.parse(body));
		},
	);

	it('agrees with svix that a signature made with another secret fails', () => {
		const body = bodies[0];
		const id = 'msg_other';
		const other = `whsec_${randomBytes(24).toString('base64')}`;
		const headers = {
			'svix-id': id,
			'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
			'svix-signature': new SvixWebhook(other).sign(id, now, body),
		};
		expect(() => new SvixWebhook(secret).verify(body, headers)).toThrow();
		expect(ourVerdict(secret, body, headers, now)).toMatchObject({ ok: false, reason: 'no_matching_signature' });
	});
});

/**
 * Neither svix nor standardwebhooks (JavaScript) implements `v1a`; the test helper signs with tweetnacl, a
 * pure-JavaScript ed25519 that shares no code with the node:crypto the scheme verifies with, and reproduces the
 * Go library's published vector (signatures.vectors.test.ts). tweetnacl signs in about 6 ms, hence fewer runs.
 */
describe('v1a (ed25519) cross-check against tweetnacl', () => {
	const NOW = 1_763_800_000;
	const keys = [newEd25519KeyPair(), newEd25519KeyPair()];
	const verifyV1a = (body: string, headers: Record<string, string>, secrets: string[]) =>
		standardWebhookSignature({ rawBody: Buffer.from(body, 'utf8'), headers, query: {} }, { secrets, nowSeconds: NOW, toleranceSeconds: 300 });
	const headersFor = (secretKey: string, id: string, body: string) => ({
		'webhook-id': id,
		'webhook-timestamp': String(NOW),
		'webhook-signature': v1aSignature(secretKey, id, String(NOW), body),
	});
	const idArbitrary = fc.stringMatching(/^msg_[A-Za-z0-9]{1,30}$/);
	const bodyArbitrary = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 512 });

	it('accepts what tweetnacl signs, with the key that matched and the signed id', () => {
		fc.assert(
			fc.property(bodyArbitrary, idArbitrary, fc.nat(1), (body, id, which) => {
				const result = verifyV1a(body, headersFor(keys[which].secretKey, id, body), keys.map((key) => key.publicKey));
				expect(result).toEqual({ ok: true, secretIndex: which, id, timestamp: NOW, headerFamily: 'webhook', signatureVersion: 'v1a' });
			}),
			{ numRuns: 20 },
		);
	});

	it('refuses a flipped signature bit, a flipped body byte and another key', () => {
		fc.assert(
			fc.property(bodyArbitrary, idArbitrary, fc.nat(63), fc.integer({ min: 0, max: 7 }), (body, id, at, bit) => {
				const headers = headersFor(keys[0].secretKey, id, body);
				const signature = Buffer.from(headers['webhook-signature'].slice(4), 'base64');
				signature[at] ^= 1 << bit;
				const flipped = { ...headers, 'webhook-signature': `v1a,${signature.toString('base64')}` };
				expect(verifyV1a(body, flipped, [keys[0].publicKey])).toMatchObject({ ok: false, reason: 'no_matching_signature' });
				expect(verifyV1a(`${body}!`, headers, [keys[0].publicKey])).toMatchObject({ ok: false });
				expect(verifyV1a(body, headers, [keys[1].publicKey])).toMatchObject({ ok: false });
			}),
			{ numRuns: 20 },
		);
	});
});
