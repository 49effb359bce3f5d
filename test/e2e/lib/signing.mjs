// How the platforms sign, as the test sends it: plain node:crypto for the hex HMAC platforms, the `svix` package
// (Segments.ai signs through Svix) for Standard Webhooks. Kept apart from the node's own code on purpose.
import { createHmac, randomBytes } from 'node:crypto';

import { Webhook } from 'svix';

/** Lower-case hex HMAC-SHA256 of the raw body, keyed with the secret string's UTF-8 bytes. */
export function hexHmac(body, secret) {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex');
}

/** Svix headers for a body: `svix-id`, `svix-timestamp`, `svix-signature` (`v1,<base64>`). */
export function svixHeaders(body, secret, { msgId = `msg_${randomBytes(12).toString('hex')}`, date = new Date() } = {}) {
	return {
		'svix-id': msgId,
		'svix-timestamp': String(Math.floor(date.getTime() / 1000)),
		'svix-signature': new Webhook(secret).sign(msgId, date, body),
	};
}

export const randomHex = (bytes = 32) => randomBytes(bytes).toString('hex');
export const randomBase64 = (bytes = 32) => randomBytes(bytes).toString('base64');
