// A loopback stand-in for the part of OpenAI's API the OpenAI Trigger reads (GET /fine_tuning/jobs/{id},
// /batches/{id}, /responses/{id}, /evals and /evals/{eval_id}/runs/{run_id}), answering with the objects of
// test/fixtures/openai-objects.json, and with OpenAI's error shape (`{"error": {message, type, param, code}}`) for a
// wrong key (401) or an unknown id (404). It records every request. Plain JavaScript: the strict n8n lint forbids
// node:http in .ts files.
'use strict';

const { createServer } = require('node:http');

const objects = require('../fixtures/openai-objects.json');

function apiError(status, message, code) {
	return { status, body: { error: { message, type: 'invalid_request_error', param: null, code } } };
}

/** What the stand-in answers for a GET of `path` (below /v1), with an accepted key. */
function answerFor(pathname) {
	if (objects[pathname] !== undefined) return { status: 200, body: objects[pathname] };
	if (pathname === '/evals') {
		const evalIds = [...new Set(Object.keys(objects).filter((key) => key.startsWith('/evals/')).map((key) => key.split('/')[2]))];
		// a newer eval without the runs, first: the node must look further than the first eval
		const data = ['eval_6853ffffffff8190000000000000empty', ...evalIds].map((id) => ({ object: 'eval', id, name: id }));
		return { status: 200, body: { object: 'list', data, first_id: data[0].id, last_id: data[data.length - 1].id, has_more: false } };
	}
	return apiError(404, `No object found at ${pathname}.`, null);
}

/** @returns {Promise<import('./openAiApiServer').OpenAiApi>} */
async function startOpenAiApi({ apiKey }) {
	const requests = [];
	const server = createServer((request, response) => {
		const url = new URL(request.url, 'http://127.0.0.1');
		const pathname = url.pathname.replace(/^\/v1/, '');
		const authorization = request.headers.authorization;
		requests.push({ method: request.method, path: pathname, query: Object.fromEntries(url.searchParams), authorization });
		const answer =
			authorization !== `Bearer ${apiKey}`
				? // OpenAI names the key it got, masked, in its 401 message
					apiError(401, `Incorrect API key provided: ${String(authorization).replace(/^Bearer /, '').slice(0, 8)}****. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_api_key')
				: request.method === 'GET'
					? answerFor(pathname)
					: apiError(405, 'Method not allowed.', null);
		response.writeHead(answer.status, { 'content-type': 'application/json' });
		response.end(JSON.stringify(answer.body));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		objects,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startOpenAiApi };
