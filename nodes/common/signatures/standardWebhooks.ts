import { createHmac } from 'crypto';

import { hasSurroundingWhitespace, signaturesMatch } from './compare';
import type { SignatureScheme, SignedDelivery } from './types';

const SECRET_PREFIX = 'whsec_';

/** Svix names its headers `svix-*`; the Standard Webhooks specification names the same headers `webhook-*`. */
const HEADER_FAMILIES = [
	{ id: 'svix-id', timestamp: 'svix-timestamp', signature: 'svix-signature' },
	{ id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' },
] as const;

export const STANDARD_WEBHOOK_HEADERS: string[] = HEADER_FAMILIES.flatMap((family) => [
	family.id,
	family.timestamp,
	family.signature,
]);

/** The HMAC key of a Svix / Standard Webhooks secret: base64 after the optional `whsec_` prefix. */
export function standardWebhookKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

/** The base64 `v1` signature of one message: what the sender puts after `v1,` and what the receiver expects. */
export function standardWebhookSignatureOf(key: Buffer, id: string, timestamp: string, rawBody: Buffer): string {
	return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(rawBody).digest('base64');
}

function single(delivery: SignedDelivery, name: string): string | string[] | undefined {
	const value = delivery.headers[name];
	return value === '' ? undefined : value;
}

/**
 * Svix / Standard Webhooks: HMAC-SHA256 over `${id}.${timestamp}.${rawBody}` with the base64-decoded secret, sent as
 * a space-separated list of `v1,<base64>` signatures (several during the sender's key rotation: any match passes,
 * other versions are ignored). Timestamps further than the tolerance from now, in either direction, are refused.
 */
export const standardWebhookSignature: SignatureScheme = (delivery, { secrets, nowSeconds, toleranceSeconds }) => {
	if (secrets.length === 0) return { ok: false, reason: 'no_secret' };
	const family = HEADER_FAMILIES.find((names) => single(delivery, names.signature) !== undefined);
	if (family === undefined) return { ok: false, reason: 'missing_header', detail: 'svix-signature' };
	const id = single(delivery, family.id);
	const timestamp = single(delivery, family.timestamp);
	const signatureList = single(delivery, family.signature);
	if (id === undefined) return { ok: false, reason: 'missing_header', detail: family.id };
	if (timestamp === undefined) return { ok: false, reason: 'missing_header', detail: family.timestamp };
	if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatureList !== 'string') {
		return { ok: false, reason: 'malformed_header', detail: 'a signature header was sent more than once' };
	}
	if (!/^\d{1,15}$/.test(timestamp)) {
		return { ok: false, reason: 'malformed_header', detail: `${family.timestamp} is not a unix time in seconds` };
	}
	const sentAt = Number(timestamp);
	if (sentAt < nowSeconds - toleranceSeconds) {
		return { ok: false, reason: 'stale_timestamp', detail: `${nowSeconds - sentAt} s old` };
	}
	if (sentAt > nowSeconds + toleranceSeconds) {
		return { ok: false, reason: 'future_timestamp', detail: `${sentAt - nowSeconds} s ahead` };
	}
	const candidates = signatureList
		.split(' ')
		.filter((entry) => entry.startsWith('v1,'))
		.map((entry) => entry.slice(3));
	if (candidates.length === 0) {
		return { ok: false, reason: 'malformed_header', detail: `${family.signature} has no v1 signature` };
	}
	for (let index = 0; index < secrets.length; index++) {
		const key = standardWebhookKey(secrets[index]);
		if (key === undefined) continue;
		const expected = standardWebhookSignatureOf(key, id, timestamp, delivery.rawBody);
		if (candidates.some((candidate) => signaturesMatch(expected, candidate))) return { ok: true, secretIndex: index };
	}
	if (secrets.some(hasSurroundingWhitespace)) return { ok: false, reason: 'secret_has_whitespace' };
	if (secrets.every((secret) => standardWebhookKey(secret) === undefined)) {
		return { ok: false, reason: 'no_matching_signature', detail: 'the secret is not whsec_ followed by base64' };
	}
	return { ok: false, reason: 'no_matching_signature' };
};
