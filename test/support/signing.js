// How the platforms sign, written independently of the nodes' code: node:crypto for the hex HMAC as MythicDot.AI's
// and Datasaur's own examples compute it, the `svix` package itself for Svix / Standard Webhooks `v1`, and tweetnacl
// (a pure-JavaScript ed25519, not the node:crypto the nodes verify with) for Standard Webhooks `v1a`. Every function
// takes the secret first, then the body. Shared by the jest suites and the real-n8n suite (plain CommonJS for both).
'use strict';

const { createHmac, randomBytes } = require('node:crypto');
const { Webhook } = require('svix');
const nacl = require('tweetnacl');

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

/**
 * An ed25519 key pair as the Standard Webhooks specification serializes it (spec/standard-webhooks.md): the sender's
 * `whsk_` + base64 of the 32-byte seed, the receiver's `whpk_` + base64 of the raw 32-byte public key.
 */
function newEd25519KeyPair() {
	const secretKey = `whsk_${randomBytes(32).toString('base64')}`;
	return { secretKey, publicKey: ed25519PublicKey(secretKey) };
}

/** The `whpk_` public key of a `whsk_` key. */
function ed25519PublicKey(secretKey) {
	return `whpk_${Buffer.from(keyPairOf(secretKey).publicKey).toString('base64')}`;
}

/** tweetnacl's key pair of a `whsk_` key; derived once per key (pure JavaScript, it costs milliseconds). */
const keyPairs = new Map();
function keyPairOf(secretKey) {
	if (!keyPairs.has(secretKey)) keyPairs.set(secretKey, nacl.sign.keyPair.fromSeed(Buffer.from(secretKey.replace(/^whsk_/, ''), 'base64')));
	return keyPairs.get(secretKey);
}

/** `v1a,<base64 of the 64-byte ed25519 signature>` over `${id}.${timestamp}.${body}`, timestamp in unix seconds. */
function v1aSignature(secretKey, id, timestamp, body) {
	const signature = nacl.sign.detached(Buffer.from(`${id}.${timestamp}.${body}`, 'utf8'), keyPairOf(secretKey).secretKey);
	return `v1a,${Buffer.from(signature).toString('base64')}`;
}

/** Standard Webhooks headers (`webhook-*`) with a `v1a` signature made with a `whsk_` key. */
function v1aHeaders(secretKey, body, { id = `msg_${randomHex(12)}`, date = new Date() } = {}) {
	const timestamp = String(Math.floor(date.getTime() / 1000));
	return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': v1aSignature(secretKey, id, timestamp, body) };
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

module.exports = {
	hexHmac,
	newSvixSecret,
	svixHeaders,
	standardWebhookHeaders,
	newEd25519KeyPair,
	ed25519PublicKey,
	v1aSignature,
	v1aHeaders,
	randomHex,
	randomBase64,
	randomToken,
};
