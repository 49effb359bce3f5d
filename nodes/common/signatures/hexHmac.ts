import { createHmac, timingSafeEqual } from 'crypto';

import { hasSurroundingWhitespace } from './compare';
import type { SignatureScheme } from './types';

/** The HMAC-SHA256 of a body, keyed with the secret string's UTF-8 bytes. */
function hmacOf(secret: string, rawBody: Buffer): Buffer {
	return createHmac('sha256', secret).update(rawBody).digest();
}

/** The signature as these platforms send it: lower-case hex. */
export function hexHmacOf(secret: string, rawBody: Buffer): string {
	return hmacOf(secret, rawBody).toString('hex');
}

/**
 * Lower-case hex HMAC-SHA256 of the raw body in one header; the key is the secret string's UTF-8 bytes as pasted
 * (a `whsec_` prefix is part of the key). Used by MythicDot.AI (`X-MythicDot-Signature`) and Datasaur
 * (`X-Datasaur-Signature`). These schemes carry no timestamp, so replays are caught by de-duplication instead.
 */
export function hexHmacSignature(headerName: string): SignatureScheme {
	const header = headerName.toLowerCase();
	return (delivery, { secrets }) => {
		if (secrets.length === 0) return { ok: false, reason: 'no_secret' };
		const received = delivery.headers[header];
		if (received === undefined || received === '') {
			return { ok: false, reason: 'missing_header', detail: headerName };
		}
		if (typeof received !== 'string') {
			return { ok: false, reason: 'malformed_header', detail: `${headerName} was sent more than once` };
		}
		// Some senders prefix the algorithm (`sha256=`); the digest after it is what counts. Upper-case hex is the same value.
		const digest = (received.startsWith('sha256=') ? received.slice(7) : received).toLowerCase();
		if (!/^[0-9a-f]{64}$/.test(digest)) {
			return { ok: false, reason: 'malformed_header', detail: `${headerName} is not a 64-character hex digest` };
		}
		// Compared as 32 raw bytes (both lengths fixed by the check above), so nothing is re-encoded per secret.
		const receivedBytes = Buffer.from(digest, 'hex');
		for (let index = 0; index < secrets.length; index++) {
			if (timingSafeEqual(hmacOf(secrets[index], delivery.rawBody), receivedBytes)) return { ok: true, secretIndex: index };
		}
		if (secrets.some(hasSurroundingWhitespace)) return { ok: false, reason: 'secret_has_whitespace' };
		return { ok: false, reason: 'no_matching_signature' };
	};
}
