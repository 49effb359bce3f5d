import { createHash } from 'crypto';

/**
 * The key an event is remembered under: 96 bits of SHA-256 over the platform and its event id, as 16 base64url
 * characters. Ids are only unique within a platform, and some are long (Datasaur's body hashes, Polyaxon's run uuid
 * with its status): a fixed, short key keeps the stores small. A collision needs about 2^48 events in one store.
 */
export function eventKey(platformId: string, eventId: string): string {
	return createHash('sha256').update(platformId).update('\u0000').update(eventId).digest().subarray(0, 12).toString('base64url');
}
