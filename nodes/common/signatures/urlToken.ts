import { createHash, timingSafeEqual } from 'crypto';

import { hasSurroundingWhitespace } from './compare';
import type { SignatureScheme } from './types';

/** The query parameter that carries the secret token for platforms that do not sign (Segmind, Polyaxon). */
export const URL_TOKEN_PARAMETER = 'token';

function fingerprint(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * For platforms that sign nothing, the proof is a secret token in the URL the platform was given. Both sides are
 * hashed before the constant-time compare, so neither the token's content nor its length leaks through timing.
 */
export const urlTokenSignature: SignatureScheme = (delivery, { secrets }) => {
	if (secrets.length === 0) return { ok: false, reason: 'no_secret' };
	const token = delivery.query[URL_TOKEN_PARAMETER];
	if (token === undefined || token === '') return { ok: false, reason: 'missing_token' };
	if (typeof token !== 'string') return { ok: false, reason: 'wrong_token', detail: 'the token parameter appears more than once' };
	const received = fingerprint(token);
	for (let index = 0; index < secrets.length; index++) {
		if (timingSafeEqual(fingerprint(secrets[index]), received)) return { ok: true, secretIndex: index };
	}
	if (secrets.some(hasSurroundingWhitespace)) return { ok: false, reason: 'secret_has_whitespace' };
	return { ok: false, reason: 'wrong_token' };
};
