// A loopback stand-in for Segmind's webhook API, as documented by segmind-python (`segmind/webhooks.py`, its OpenAPI
// file docs/_static/openapi/segmind-sdk.yaml and tests/test_webhooks.py): GET /webhook/get, POST /webhook/add,
// POST /webhook/update, GET /webhook/inactive, all behind `x-api-key`, with the answers those tests show (a list
// keeps inactive webhooks with `status: "inactive"`; an unknown id is `{status: "error"}`). It keeps Segmind's
// documented rule of one fine-tuning webhook per account (docs.segmind.com, Flux fine-tuning API); how Segmind
// answers a second one is not published, so the 409 below is a guess the node never relies on (it reads the list
// first). It can dispatch an event to every active webhook subscribed to its category, the way Segmind would call n8n.
// Plain JavaScript: the strict n8n lint forbids node:http in .ts files, tests included.
'use strict';

const { createServer } = require('node:http');
const { randomUUID } = require('node:crypto');

const KNOWN_CATEGORIES = ['PIXELFLOW', 'FINETUNE'];

function readJson(request) {
	return new Promise((resolve) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			try {
				resolve(chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch {
				resolve(undefined);
			}
		});
	});
}

/** @param {{ apiKey: string, categories?: string[] }} options */
async function startSegmindApi({ apiKey, categories = KNOWN_CATEGORIES }) {
	const webhooks = new Map();
	const requests = [];

	const server = createServer(async (request, response) => {
		const url = new URL(request.url, 'http://127.0.0.1');
		const body = request.method === 'POST' ? await readJson(request) : undefined;
		requests.push({ method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, apiKey: request.headers['x-api-key'] });
		const send = (status, payload) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(payload));
		};
		if (request.headers['x-api-key'] !== apiKey) return send(401, { status: 'error', message: 'Invalid API key' });
		if (body === undefined && request.method === 'POST') return send(400, { status: 'error', message: 'Body is not JSON' });

		const route = `${request.method} ${url.pathname}`;
		if (route === 'GET /webhook/get') return send(200, { webhooks: [...webhooks.values()] });

		if (route === 'POST /webhook/add' || route === 'POST /webhook/update') {
			const types = body.event && Array.isArray(body.event.types) ? body.event.types : [];
			if (typeof body.webhook_url !== 'string' || types.length === 0) {
				return send(400, { status: 'error', message: 'webhook_url and event.types are required' });
			}
			const unknown = types.find((type) => !categories.includes(type));
			if (unknown !== undefined) return send(400, { status: 'error', message: `Unknown event type ${unknown}` });
			const id = route === 'POST /webhook/add' ? randomUUID() : body.webhook_id;
			if (route === 'POST /webhook/update' && !webhooks.has(id)) return send(404, { status: 'error', message: 'Webhook not found' });
			const otherFineTune = [...webhooks.values()].find(
				(hook) => hook.webhook_id !== id && hook.status === 'active' && hook.event_types.includes('FINETUNE'),
			);
			if (types.includes('FINETUNE') && otherFineTune !== undefined) {
				return send(409, { status: 'error', message: 'Only one finetune webhook is allowed per account' });
			}
			webhooks.set(id, { webhook_id: id, webhook_url: body.webhook_url, event_types: types, status: 'active', created_at: new Date().toISOString() });
			const verb = route === 'POST /webhook/add' ? 'added' : 'updated';
			return send(200, { status: 'success', webhook_id: id, message: `Webhook ${verb} successfully` });
		}

		if (route === 'GET /webhook/inactive') {
			const hook = webhooks.get(url.searchParams.get('webhook_id'));
			if (hook === undefined) return send(200, { status: 'error', message: 'Webhook not found' });
			hook.status = 'inactive';
			return send(200, { status: 'success', webhook_id: hook.webhook_id, message: 'Webhook marked as inactive' });
		}
		return send(404, { status: 'error', message: `No route ${route}` });
	});

	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		baseUrl: `http://127.0.0.1:${port}`,
		webhooks,
		requests,
		/** Adds a webhook as if the user had registered it in Segmind's console. */
		seed(hook) {
			const id = hook.webhook_id ?? randomUUID();
			webhooks.set(id, { status: 'active', event_types: ['FINETUNE'], ...hook, webhook_id: id });
			return id;
		},
		/** POSTs a payload to every active webhook of a category; resolves to the HTTP statuses n8n answered. */
		async dispatch(category, payload) {
			const targets = [...webhooks.values()].filter((hook) => hook.status === 'active' && hook.event_types.includes(category));
			return await Promise.all(
				targets.map(async (hook) => {
					const answer = await fetch(hook.webhook_url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(payload),
						signal: AbortSignal.timeout(15000),
					});
					return answer.status;
				}),
			);
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startSegmindApi };
