// A loopback stand-in for the part of GitHub's REST API that n8n's GitHub Trigger calls when a workflow is published
// or unpublished (n8n-nodes-base Github/GithubTrigger.node.js: GET, POST, PATCH, DELETE /repos/{owner}/{repo}/hooks),
// answering as GitHub documents ("Repository webhooks": 201 with the hook, 404 {"message": "Not Found"}, 401 on a bad
// token). The trigger reaches it because its credential's "Github Server" (the GitHub Enterprise setting) points here.
// It keeps the secret the trigger generates in create(), so the benchmark can sign deliveries as GitHub would.
import { createServer } from 'node:http';

import { HOST } from '../../../scripts/lib/n8n.mjs';

export async function startGithubApi({ accessToken }) {
	const hooks = new Map();
	let nextId = 1;
	const server = createServer(async (request, response) => {
		const chunks = [];
		for await (const chunk of request) chunks.push(chunk);
		const send = (status, payload) => {
			response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
			response.end(payload === undefined ? '' : JSON.stringify(payload));
		};
		if (request.headers.authorization !== `token ${accessToken}`) return send(401, { message: 'Bad credentials' });
		let body = {};
		try {
			if (chunks.length > 0) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			return send(400, { message: 'Problems parsing JSON' });
		}
		const match = /^\/repos\/([^/]+)\/([^/]+)\/hooks(?:\/(\d+))?$/.exec(new URL(request.url, `http://${HOST}`).pathname);
		if (!match) return send(404, { message: 'Not Found' });
		const id = match[3] === undefined ? undefined : Number(match[3]);
		const hook = id === undefined ? undefined : hooks.get(id);
		const shown = (found) => ({ ...found, config: { ...found.config, secret: found.config.secret ? '********' : undefined } });

		if (request.method === 'POST' && id === undefined) {
			if (typeof body.config?.url !== 'string') return send(422, { message: 'Validation Failed' });
			if ([...hooks.values()].some((other) => other.config.url === body.config.url)) {
				return send(422, { message: 'Validation Failed', errors: [{ message: 'Hook already exists on this repository' }] });
			}
			const created = { type: 'Repository', id: nextId++, name: 'web', active: body.active !== false, events: body.events ?? ['push'], config: body.config };
			hooks.set(created.id, created);
			return send(201, shown(created));
		}
		if (!hook) return send(404, { message: 'Not Found' });
		if (request.method === 'GET') return send(200, shown(hook));
		if (request.method === 'PATCH') {
			Object.assign(hook, { events: body.events ?? hook.events, active: body.active ?? hook.active, config: body.config ?? hook.config });
			return send(200, shown(hook));
		}
		if (request.method === 'DELETE') {
			hooks.delete(id);
			return send(204);
		}
		return send(404, { message: 'Not Found' });
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HOST, resolve);
	});
	return {
		url: `http://${HOST}:${server.address().port}`,
		accessToken,
		/** The secret GitHub would sign deliveries with for the active hook whose URL has this webhook id (the secret the
		 * trigger sent in create()). */
		secretFor(webhookId) {
			return [...hooks.values()].find((hook) => hook.active && hook.config.url.includes(`/${webhookId}/`))?.config.secret;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections(); // n8n's HTTP client keeps connections alive
			}),
	};
}
