// A loopback stand-in for the one Replicate API call the Replicate Trigger makes: GET /v1/webhooks/default/secret
// with `Authorization: Bearer <API token>`, answered `{"key": "whsec_…"}` (the `replicate` package's
// lib/webhooks.js and its WebhookSecret type). A wrong token gets 401 with Replicate's problem-details body.
// Plain JavaScript: the strict n8n lint forbids node:http in .ts files, tests included.
'use strict';

const { createServer } = require('node:http');

/** @param {{ apiToken: string, secret: string }} options */
async function startReplicateApi({ apiToken, secret }) {
	const state = { secret, failWith: undefined, requests: [] };
	const server = createServer((request, response) => {
		state.requests.push({ method: request.method, path: request.url, authorization: request.headers.authorization });
		const send = (status, payload) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(payload));
		};
		if (state.failWith !== undefined) return send(state.failWith, { title: 'Internal Server Error', status: state.failWith });
		if (request.headers.authorization !== `Bearer ${apiToken}`) {
			return send(401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
		}
		if (request.method === 'GET' && request.url === '/v1/webhooks/default/secret') return send(200, { key: state.secret });
		return send(404, { title: 'Not found', status: 404 });
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		/** Every request received, in order. */
		get requests() {
			return state.requests;
		},
		/** Replicate's account secret changes (a rotation). */
		setSecret(next) {
			state.secret = next;
		},
		/** Every answer becomes this status until `failWith(undefined)`. */
		failWith(status) {
			state.failWith = status;
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startReplicateApi };
