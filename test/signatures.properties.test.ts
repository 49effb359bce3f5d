import { randomBytes } from 'crypto';
import fc from 'fast-check';
import { Webhook as SvixWebhook } from 'svix';

import { hexHmacOf, hexHmacSignature } from '../nodes/common/signatures/hexHmac';
import { standardWebhookSignature } from '../nodes/common/signatures/standardWebhooks';
import type { VerificationResult } from '../nodes/common/signatures/types';

const NOW = 1_763_800_000;
const TOLERANCE = 300;
const svixSecret = `whsec_${randomBytes(24).toString('base64')}`;
const otherSvixSecret = `whsec_${randomBytes(24).toString('base64')}`;
const hexSecret = `whsec_${randomBytes(32).toString('base64')}`;
const verifyHex = hexHmacSignature('X-MythicDot-Signature');

const bodyArbitrary = fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes));
/** svix signs a string, UTF-8 encoded: Svix bodies are any Unicode text, tampering then works on its bytes. */
const textBodyArbitrary = fc
	.string({ unit: 'grapheme', minLength: 1, maxLength: 1024 })
	.map((text) => Buffer.from(text, 'utf8'));
const idArbitrary = fc.stringMatching(/^msg_[A-Za-z0-9]{1,30}$/);
/** Offsets inside the tolerance window, in seconds. */
const freshOffset = fc.integer({ min: -TOLERANCE, max: TOLERANCE });

function svixSign(secret: string, id: string, timestamp: number, body: Buffer): string {
	return new SvixWebhook(secret).sign(id, new Date(timestamp * 1000), body.toString('utf8'));
}

function verifySvix(body: Buffer, headers: Record<string, string>, secrets = [svixSecret]): VerificationResult {
	return standardWebhookSignature(
		{ rawBody: body, headers, query: {} },
		{ secrets, nowSeconds: NOW, toleranceSeconds: TOLERANCE },
	);
}

function svixHeaders(id: string, timestamp: number, signature: string) {
	return { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signature };
}

describe('Svix / Standard Webhooks, property-based', () => {
	it('accepts every authentic delivery inside the tolerance', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, freshOffset, (body, id, offset) => {
				const timestamp = NOW + offset;
				const result = verifySvix(body, svixHeaders(id, timestamp, svixSign(svixSecret, id, timestamp, body)));
				expect(result.ok).toBe(true);
			}),
		);
	});

	it('accepts a delivery signed with the previous secret during rotation', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, (body, id) => {
				const headers = svixHeaders(id, NOW, svixSign(otherSvixSecret, id, NOW, body));
				expect(verifySvix(body, headers, [svixSecret, otherSvixSecret])).toMatchObject({ ok: true, secretIndex: 1, id });
			}),
		);
	});

	it('rejects any flipped body byte', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, fc.nat(), fc.integer({ min: 1, max: 255 }), (body, id, at, mask) => {
				const signature = svixSign(svixSecret, id, NOW, body);
				const tampered = Buffer.from(body);
				tampered[at % tampered.length] ^= mask;
				expect(verifySvix(tampered, svixHeaders(id, NOW, signature))).toMatchObject({ ok: false });
			}),
		);
	});

	it('rejects a changed id or timestamp header', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, idArbitrary, fc.integer({ min: 1, max: TOLERANCE }), (body, id, otherId, shift) => {
				const signature = svixSign(svixSecret, id, NOW, body);
				if (otherId !== id) expect(verifySvix(body, svixHeaders(otherId, NOW, signature)).ok).toBe(false);
				expect(verifySvix(body, svixHeaders(id, NOW - shift, signature)).ok).toBe(false);
			}),
		);
	});

	it('rejects a wrong secret', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, (body, id) => {
				const headers = svixHeaders(id, NOW, svixSign(otherSvixSecret, id, NOW, body));
				expect(verifySvix(body, headers)).toMatchObject({ ok: false, reason: 'no_matching_signature' });
			}),
		);
	});

	it('rejects stale and future timestamps even when the signature is right', () => {
		fc.assert(
			fc.property(textBodyArbitrary, idArbitrary, fc.integer({ min: TOLERANCE + 1, max: 10 ** 8 }), (body, id, distance) => {
				const stale = NOW - distance;
				const future = NOW + distance;
				expect(verifySvix(body, svixHeaders(id, stale, svixSign(svixSecret, id, stale, body)))).toMatchObject({
					ok: false,
					reason: 'stale_timestamp',
				});
				expect(verifySvix(body, svixHeaders(id, future, svixSign(svixSecret, id, future, body)))).toMatchObject({
					ok: false,
					reason: 'future_timestamp',
				});
			}),
		);
	});

	it('never throws on arbitrary headers and bodies', () => {
		const headerValue = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined));
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 256 }),
				fc.record({ 'svix-id': headerValue, 'svix-timestamp': headerValue, 'svix-signature': headerValue, 'webhook-signature': headerValue }),
				fc.array(fc.string(), { maxLength: 2 }),
				(body, headers, secrets) => {
					const result = standardWebhookSignature(
						{ rawBody: Buffer.from(body), headers, query: {} },
						{ secrets, nowSeconds: NOW, toleranceSeconds: TOLERANCE },
					);
					expect(typeof result.ok).toBe('boolean');
				},
			),
		);
	});
});

describe('hex HMAC, property-based', () => {
	function verify(body: Buffer, signature: string | undefined, secrets = [hexSecret]) {
		const headers = signature === undefined ? {} : { 'x-mythicdot-signature': signature };
		return verifyHex({ rawBody: body, headers, query: {} }, { secrets, nowSeconds: NOW, toleranceSeconds: TOLERANCE });
	}

	it('accepts every authentic delivery, in lower or upper case hex', () => {
		fc.assert(
			fc.property(bodyArbitrary, (body) => {
				const signature = hexHmacOf(hexSecret, body);
				expect(verify(body, signature).ok).toBe(true);
				expect(verify(body, signature.toUpperCase()).ok).toBe(true);
			}),
		);
	});

	it('rejects any flipped body byte, any flipped signature character and a wrong secret', () => {
		fc.assert(
			fc.property(bodyArbitrary, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.string({ minLength: 1 }), (body, at, mask, otherSecret) => {
				const signature = hexHmacOf(hexSecret, body);
				const tampered = Buffer.from(body);
				tampered[at % tampered.length] ^= mask;
				expect(verify(tampered, signature)).toMatchObject({ ok: false, reason: 'no_matching_signature' });
				const position = at % signature.length;
				const flipped = signature.slice(0, position) + (signature[position] === '0' ? '1' : '0') + signature.slice(position + 1);
				expect(verify(body, flipped).ok).toBe(false);
				if (otherSecret !== hexSecret) expect(verify(body, hexHmacOf(otherSecret, body)).ok).toBe(false);
			}),
		);
	});

	it('never throws on arbitrary header values and secrets', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 256 }), fc.option(fc.string()), fc.array(fc.string(), { maxLength: 2 }), (body, signature, secrets) => {
				const result = verify(Buffer.from(body), signature ?? undefined, secrets);
				expect(typeof result.ok).toBe('boolean');
			}),
		);
	});
});
