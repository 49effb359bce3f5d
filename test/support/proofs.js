// How a delivery proves itself, for the platform specs that share a scheme: a hex HMAC in one header (MythicDot.AI,
// Datasaur), or a secret token in the URL (Segmind, Polyaxon). Spread into a spec; see test/platforms/types.d.ts.
'use strict';

const { hexHmac, randomHex, randomToken } = require('./signing');

/** Lower-case hex HMAC-SHA256 of the raw body in `header`; it covers the body, nothing else. */
function hexHmacProof(header) {
	return {
		signatureHeaders: [header.toLowerCase()],
		sign: (body, secret) => ({ headers: { [header]: hexHmac(secret, body) }, query: {} }),
		forge: () => ({ headers: { [header]: randomHex(32) }, query: {} }),
		malform: (proof) => ({ ...proof, headers: { ...proof.headers, [header]: 'not a signature' } }),
		reasons: { missing: 'missing_header', wrong: 'no_matching_signature', malformed: 'malformed_header' },
		coversBody: true,
	};
}

/** `?token=<secret>` on the URL the platform calls: nothing covers the body, and an empty token is no token. */
function urlTokenProof() {
	return {
		signatureHeaders: [],
		newSecret: () => randomToken(24),
		sign: (_body, secret) => ({ headers: {}, query: { token: secret } }),
		forge: () => ({ headers: {}, query: { token: randomToken(24) } }),
		malform: (proof) => ({ ...proof, query: { ...proof.query, token: '' } }),
		reasons: { missing: 'missing_token', wrong: 'wrong_token', malformed: 'missing_token' },
		coversBody: false,
	};
}

module.exports = { hexHmacProof, urlTokenProof };
