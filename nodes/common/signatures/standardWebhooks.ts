import { createHmac, createPublicKey, verify, type KeyObject } from 'crypto';

import { hasSurroundingWhitespace, signaturesMatch } from './compare';
import type { SignatureScheme, SignedDelivery, VerificationResult, VerifiedDelivery } from './types';

/**
 * Svix / Standard Webhooks, as the specification defines it (github.com/standard-webhooks/standard-webhooks,
 * spec/standard-webhooks.md, "Signature scheme" and "Webhook headers"): the signed content is
 * `${id}.${timestamp}.${rawBody}`; the signature header is a space-separated list of `<version>,<base64>` entries,
 * `v1` for HMAC-SHA256 keyed with a `whsec_` secret, `v1a` for ed25519 checked with a `whpk_` public key.
 */
const SYMMETRIC_PREFIX = 'whsec_';
const PUBLIC_KEY_PREFIX = 'whpk_';
const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** Svix names its headers `svix-*`; the Standard Webhooks specification names the same headers `webhook-*`. */
const HEADER_FAMILIES = [
	{ name: 'svix', id: 'svix-id', timestamp: 'svix-timestamp', signature: 'svix-signature' },
	{ name: 'webhook', id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' },
] as const;

type HeaderFamily = (typeof HEADER_FAMILIES)[number];
type HeaderRole = 'id' | 'timestamp' | 'signature';

export const STANDARD_WEBHOOK_HEADERS: string[] = HEADER_FAMILIES.flatMap((family) => [
	family.id,
	family.timestamp,
	family.signature,
]);

function base64Bytes(encoded: string): Buffer | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
	const bytes = Buffer.from(encoded, 'base64');
	return bytes.length > 0 ? bytes : undefined;
}

/** The HMAC key of a Svix / Standard Webhooks secret: base64 after the optional `whsec_` prefix. */
export function standardWebhookKey(secret: string): Buffer | undefined {
	return base64Bytes(secret.startsWith(SYMMETRIC_PREFIX) ? secret.slice(SYMMETRIC_PREFIX.length) : secret);
}

/** The ed25519 key of a `whpk_` public key: `whpk_` and the base64 of the raw 32-byte key. */
export function standardWebhookPublicKey(secret: string): KeyObject | undefined {
	if (!secret.startsWith(PUBLIC_KEY_PREFIX)) return undefined;
	const raw = base64Bytes(secret.slice(PUBLIC_KEY_PREFIX.length));
	if (raw?.length !== ED25519_PUBLIC_KEY_BYTES) return undefined;
	try {
		return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
	} catch {
		// OpenSSL has taken every 32 bytes tried so far; a key it ever refuses is a key that cannot verify anything.
		return undefined;
	}
}

/** The base64 `v1` signature of one message: what the sender puts after `v1,` and what the receiver expects. */
export function standardWebhookSignatureOf(key: Buffer, id: string, timestamp: string, rawBody: Buffer): string {
	return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(rawBody).digest('base64');
}

function ed25519Matches(publicKey: KeyObject, content: Buffer, encodedSignature: string): boolean {
	const signature = base64Bytes(encodedSignature);
	return signature?.length === ED25519_SIGNATURE_BYTES && verify(null, content, publicKey, signature);
}

interface SignedHeaders {
	id: string;
	timestamp: string;
	/** The family the id came from: what the item's id is, by name. */
	family: HeaderFamily;
	/** The header names the timestamp and the first signature came under, for refusals that name them. */
	timestampHeader: string;
	signatureHeader: string;
	/** Every `<version>,<base64>` entry of every signature header present. */
	signatures: string[];
}

type Refusal = Extract<VerificationResult, { ok: false }>;

/**
 * The id, timestamp and signatures, from whichever family carries them. Svix may send both families; they then
 * name the same message, so every header present in both must agree, and a signature from either list counts (both
 * sign the same `${id}.${timestamp}.${body}`). Headers that disagree are refused: one of them is not what was signed,
 * and reading the wrong one would give a replay a fresh id.
 */
function readSignedHeaders(delivery: SignedDelivery): SignedHeaders | Refusal {
	const present: Record<HeaderRole, Array<{ family: HeaderFamily; value: string }>> = { id: [], timestamp: [], signature: [] };
	for (const family of HEADER_FAMILIES) {
		for (const role of ['id', 'timestamp', 'signature'] as const) {
			const value = delivery.headers[family[role]];
			if (value === undefined || value === '') continue;
			if (typeof value !== 'string') {
				return { ok: false, reason: 'malformed_header', detail: `${family[role]} was sent more than once` };
			}
			present[role].push({ family, value });
		}
	}
	const signatures = present.signature;
	if (signatures.length === 0) return { ok: false, reason: 'missing_header', detail: 'svix-signature' };
	const signingFamily = signatures[0].family;
	const [id, otherId] = present.id;
	const [timestamp, otherTimestamp] = present.timestamp;
	if (id === undefined) return { ok: false, reason: 'missing_header', detail: signingFamily.id };
	if (timestamp === undefined) return { ok: false, reason: 'missing_header', detail: signingFamily.timestamp };
	if (otherId !== undefined && otherId.value !== id.value) {
		return { ok: false, reason: 'conflicting_headers', detail: 'svix-id and webhook-id differ' };
	}
	if (otherTimestamp !== undefined && otherTimestamp.value !== timestamp.value) {
		return { ok: false, reason: 'conflicting_headers', detail: 'svix-timestamp and webhook-timestamp differ' };
	}
	return {
		id: id.value,
		timestamp: timestamp.value,
		family: id.family,
		timestampHeader: timestamp.family.timestamp,
		signatureHeader: signingFamily.signature,
		signatures: signatures.flatMap((header) => header.value.split(' ')),
	};
}

/** The base64 part of every entry of one version (`v1,<base64>` -> `<base64>`); other versions are ignored. */
function entriesOf(signatures: string[], version: 'v1' | 'v1a'): string[] {
	const prefix = `${version},`;
	return signatures.filter((entry) => entry.startsWith(prefix)).map((entry) => entry.slice(prefix.length));
}

/**
 * Svix / Standard Webhooks. Each secret of the credential is read as what its prefix says: a `whpk_` public key
 * checks `v1a` (ed25519) entries, a `whsec_` secret `v1` (HMAC) entries; any match passes (the sender lists several
 * during its key rotation). Timestamps further than the tolerance from now, in either direction, are refused.
 */
export const standardWebhookSignature: SignatureScheme = (delivery, { secrets, nowSeconds, toleranceSeconds }) => {
	if (secrets.length === 0) return { ok: false, reason: 'no_secret' };
	const headers = readSignedHeaders(delivery);
	if ('ok' in headers) return headers;
	const { id, timestamp, family } = headers;
	if (!/^\d{1,15}$/.test(timestamp)) {
		return { ok: false, reason: 'malformed_header', detail: `${headers.timestampHeader} is not a unix time in seconds` };
	}
	const sentAt = Number(timestamp);
	if (sentAt < nowSeconds - toleranceSeconds) {
		return { ok: false, reason: 'stale_timestamp', detail: `${nowSeconds - sentAt} s old` };
	}
	if (sentAt > nowSeconds + toleranceSeconds) {
		return { ok: false, reason: 'future_timestamp', detail: `${sentAt - nowSeconds} s ahead` };
	}
	const hmacSignatures = entriesOf(headers.signatures, 'v1');
	const ed25519Signatures = entriesOf(headers.signatures, 'v1a');
	if (hmacSignatures.length === 0 && ed25519Signatures.length === 0) {
		return { ok: false, reason: 'malformed_header', detail: `${headers.signatureHeader} has no v1 or v1a signature` };
	}

	const verified = (secretIndex: number, signatureVersion: 'v1' | 'v1a'): VerifiedDelivery => ({
		ok: true,
		secretIndex,
		id,
		timestamp: sentAt,
		headerFamily: family.name,
		signatureVersion,
	});
	let signedContent: Buffer | undefined;
	let publicKeys = 0;
	let hmacKeys = 0;
	for (let index = 0; index < secrets.length; index++) {
		const publicKey = standardWebhookPublicKey(secrets[index]);
		if (publicKey !== undefined) {
			publicKeys++;
			signedContent ??= Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), delivery.rawBody]);
			const content = signedContent;
			if (ed25519Signatures.some((signature) => ed25519Matches(publicKey, content, signature))) return verified(index, 'v1a');
			continue;
		}
		const key = standardWebhookKey(secrets[index]);
		if (key === undefined) continue;
		hmacKeys++;
		const expected = standardWebhookSignatureOf(key, id, timestamp, delivery.rawBody);
		if (hmacSignatures.some((candidate) => signaturesMatch(expected, candidate))) return verified(index, 'v1');
	}
	return noMatch(secrets, { publicKeys, hmacKeys, hmacSignatures, ed25519Signatures });
};

/** The refusal that names the likeliest cause, when no secret matched. */
function noMatch(
	secrets: string[],
	seen: { publicKeys: number; hmacKeys: number; hmacSignatures: string[]; ed25519Signatures: string[] },
): Refusal {
	if (secrets.some(hasSurroundingWhitespace)) return { ok: false, reason: 'secret_has_whitespace' };
	if (seen.publicKeys === 0 && seen.hmacKeys === 0) {
		return { ok: false, reason: 'no_matching_signature', detail: 'the secret is neither whsec_ nor whpk_ followed by base64' };
	}
	if (seen.publicKeys === 0 && seen.hmacSignatures.length === 0) {
		return { ok: false, reason: 'no_matching_signature', detail: 'only v1a (ed25519) signatures were sent: the credential needs the whpk_ public key' };
	}
	if (seen.hmacKeys === 0 && seen.ed25519Signatures.length === 0) {
		return { ok: false, reason: 'no_matching_signature', detail: 'only v1 (HMAC) signatures were sent: the credential needs the whsec_ secret' };
	}
	return { ok: false, reason: 'no_matching_signature' };
}
