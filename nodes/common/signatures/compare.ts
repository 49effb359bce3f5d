import { timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of two ASCII signatures. timingSafeEqual throws on unequal lengths, and the length of an
 * expected HMAC is public anyway, so the length check first leaks nothing.
 */
export function signaturesMatch(expected: string, received: string): boolean {
	const expectedBytes = Buffer.from(expected, 'latin1');
	const receivedBytes = Buffer.from(received, 'latin1');
	return expectedBytes.length === receivedBytes.length && timingSafeEqual(expectedBytes, receivedBytes);
}

/** A secret pasted with a trailing newline or space is the most common cause of "no matching signature". */
export function hasSurroundingWhitespace(secret: string): boolean {
	return secret.trim() !== secret;
}
