// A loopback HTTP sink standing in for what a workflow calls out to (a Slack incoming webhook, a model's inference
// API, a registry): it records every request and answers 200 `{"ok": true}`, or what `respond` set for a path.
// Plain JavaScript: the strict n8n lint forbids node:http in .ts files, tests included.
'use strict';

const { createServer } = require('node:http');

/** @returns {Promise<import('./httpSink').HttpSink>} */
async function startHttpSink() {
	const requests = [];
	const answers = new Map();

	const server = createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url, 'http://127.0.0.1');
			const text = Buffer.concat(chunks).toString('utf8');
			let body = text;
			try {
				body = text === '' ? undefined : JSON.parse(text);
			} catch {
				// kept as text
			}
			requests.push({ method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body });
			const answer = answers.get(url.pathname) ?? { status: 200, body: { ok: true } };
			const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body));
			response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
			response.end(bytes);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		/** What the sink answers on `path` from now on: a status and a JSON value, or a Buffer with its content type. */
		respond(path, status, body, contentType) {
			answers.set(path, { status, body, contentType });
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startHttpSink };
