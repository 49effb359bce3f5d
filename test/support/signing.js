// How the platforms sign, written independently of the nodes' code: node:crypto for the hex HMAC as MythicDot.AI's
// and Datasaur's own examples compute it, the `svix` package itself for Svix / Standard Webhooks. Every function
// takes the secret first, then the body. Shared by the jest suites and the real-n8n suite (plain CommonJS for both).
'use strict';

const { createHmac, randomBytes } = require('node:crypto');
const { Webhook } = require('svix');

/** Lower-case hex HMAC-SHA256 of the raw body, keyed with the secret string's UTF-8 bytes. */
function hexHmac(secret, body) {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

/** A secret as Svix shows it: `whsec_` and the base64 of 24 random bytes. */
function newSvixSecret() {
	return `whsec_${randomBase64(24)}`;
}

/** Svix headers for a body: `svix-id`, `svix-timestamp`, `svix-signature` (`v1,<base64>`), signed by svix. */
function svixHeaders(secret, body, { id = `msg_${randomHex(12)}`, date = new Date() } = {}) {
	return {
		'svix-id': id,
		'svix-timestamp': String(Math.floor(date.getTime() / 1000)),
		'svix-signature': new Webhook(secret).sign(id, date, body),
	};
}

/** The same headers under the Standard Webhooks names (`webhook-*`). */
function standardWebhookHeaders(secret, body, options) {
	const svix = svixHeaders(secret, body, options);
	return { 'webhook-id': svix['svix-id'], 'webhook-timestamp': svix['svix-timestamp'], 'webhook-signature': svix['svix-signature'] };
}

function randomHex(bytes = 32) {
	return randomBytes(bytes).toString('hex');
}

function randomBase64(bytes = 32) {
	return randomBytes(bytes).toString('base64');
}

/** A URL-safe random token, as a user would paste into a platform's webhook URL. */
function randomToken(bytes = 24) {
	return randomBytes(bytes).toString('base64url');
}

module.exports = { hexHmac, newSvixSecret, svixHeaders, standardWebhookHeaders, randomHex, randomBase64, randomToken };
