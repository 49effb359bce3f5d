// What only Replicate does, in a real n8n: the signing secret read with an API token from Replicate's API (a
// loopback stand-in, test/support/replicateApiServer.js), once per process; the credential test on Save making the
// same request; deliveries refused 401 when the API refuses the token and 503 when it cannot be reached, with no
// execution; and "Completed" starting one execution per prediction. The shared cases run with a pasted secret
// (test/platforms/replicate.js). The recipe runs here too (`recipe`): its credential reads the secret with a token.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { findFreePort } from '../../../scripts/lib/n8n.mjs';
import { createCredential, createTriggerWorkflow, activate, deactivate, deliver, differs } from '../lib/harness.mjs';
import { importRecipe } from '../lib/recipes.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const require = createRequire(import.meta.url);
const { startReplicateApi } = require('../../support/replicateApiServer.js');
const { newSvixSecret, standardWebhookHeaders } = require('../../support/signing.js');

export async function run(ctx, spec) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id} (API token): ${text}`;
	const apiToken = `r8_${randomBytes(16).toString('hex')}`;
	const secret = newSvixSecret();
	const api = await startReplicateApi({ apiToken, secret });
	const closed = await findFreePort(); // nothing listens there: the connection is refused
	const tokenData = (token, baseUrl = api.baseUrl) => ({ method: 'apiToken', apiToken: token, baseUrl });
	const common = { nodeName: spec.nodeName, displayName: spec.displayName, credentialType: spec.credentialType };
	const nonce = () => randomBytes(6).toString('hex');
	try {
		await results.check(name('saving the credential asks Replicate for the secret with the token (n8n\'s credential test)'), async () => {
			// What the editor sends on Save for a credential not stored yet: id '' (credentials.service.js, testWithCredentials).
			const test = async (data) => {
				const answer = await client.rest('POST', '/credentials/test', { credentials: { id: '', name: 'replicate e2e test', type: spec.credentialType, data } });
				if (answer.status !== 200) throw new Error(`POST /rest/credentials/test -> ${answer.status} ${answer.text?.slice(0, 200)}`);
				return answer.json?.data;
			};
			const good = await test(tokenData(apiToken));
			const wrong = await test(tokenData('r8_wrong'));
			const problems = [
				differs('status with the token', good?.status, 'OK'),
				differs('status with a wrong token', wrong?.status, 'Error'),
				/refused the API token \(HTTP 401\)/.test(wrong?.message ?? '') ? undefined : `message ${wrong?.message}`,
				api.requests.every((request) => request.path === '/v1/webhooks/default/secret') ? undefined : 'another request',
			].filter(Boolean);
			if (problems.length > 0) throw new Error(problems.join('; '));
		});
		const requestsBefore = api.requests.length;

		const workflows = {};
		const workflow = async (key, data, events) => {
			const credential = await createCredential(client, { name: `replicate e2e ${key}`, type: spec.credentialType, data });
			workflows[key] = await createTriggerWorkflow(client, { ...common, credential, name: `replicate e2e: ${key}`, parameters: { events, deliveryOptions: {} } });
			await activate(client, workflows[key]);
		};
		await workflow('token', tokenData(apiToken), ['*']);
		await workflow('wrongToken', tokenData('r8_not_the_token'), ['*']);
		await workflow('unreachable', tokenData(apiToken, `http://127.0.0.1:${closed}/v1`), ['*']);
		await workflow('completed', tokenData(apiToken), ['completed']);

		const signed = (payload, id = `msg_${nonce()}`) => {
			const body = JSON.stringify(payload, null, 2);
			return { body, headers: standardWebhookHeaders(secret, body, { id }) };
		};
		const sample = (event, tag) => spec.uniquePayload(spec.fixtures[event], `${tag}-${nonce()}`);
		const refused = (status, reason) => ({ status, json: (body) => (body?.error === reason ? undefined : `body ${JSON.stringify(body)}`) });
		const trained = sample('training.succeeded', 'token');
		const trainedDelivery = signed(trained);
		const lifecycle = ['prediction.starting', 'prediction.processing', 'prediction.succeeded'].map((event) => sample(event, 'completed'));

		const plan = [
			{
				name: 'a training.succeeded signed with the account secret -> one execution with the new version',
				workflow: 'token',
				sends: [{ ...trainedDelivery, status: 200, emit: true }],
				executions: 1,
				marker: markerOf(trained),
				check: (item) => ['newVersion', 'newModel', 'newVersionId', 'weightsUrl', 'objectKind', 'summary'].map((field) => differs(field, item[field], spec.expected['training.succeeded'][field])),
			},
			{
				name: "Replicate's retry of it (same webhook-id) -> 200, no second execution",
				workflow: 'token',
				sends: [{ ...trainedDelivery, status: 200, json: { received: true, ignored: 'redelivery' }, afterExecutionsFinish: true }],
				// The case above holds the one execution of this payload; a second one would show there, and as stray.
				executions: 0,
				marker: markerOf(trained),
			},
			{
				name: 'Replicate refusing the token -> 401 api_token_refused, no execution',
				workflow: 'wrongToken',
				sends: [{ ...signed(sample('prediction.succeeded', 'wrong')), ...refused(401, 'api_token_refused') }],
				executions: 0,
				marker: '(none)',
			},
			{
				name: 'Replicate\'s API unreachable -> 503 secret_unavailable, no execution',
				workflow: 'unreachable',
				sends: [{ ...signed(sample('prediction.succeeded', 'down')), ...refused(503, 'secret_unavailable') }],
				executions: 0,
				marker: '(none)',
			},
			{
				name: 'Completed selected: start, output and completed of one prediction -> one execution, the completed one',
				workflow: 'completed',
				sends: lifecycle.map((payload, index) =>
					index === 2 ? { ...signed(payload), status: 200, emit: true } : { ...signed(payload), status: 200, json: { received: true, ignored: 'event_not_selected' } },
				),
				executions: 1,
				marker: markerOf(lifecycle[2]),
				check: (item) => [differs('event', item.event, 'prediction.succeeded')],
			},
		];
		await runPlan(ctx, { name, workflows, plan, hidden: [apiToken, secret] });

		await results.check(name('n8n asked Replicate for the secret once per credential, not per delivery'), async () => {
			const asked = api.requests.slice(requestsBefore);
			const tokenRequests = asked.filter((request) => request.authorization === `Bearer ${apiToken}`).length;
			const wrongRequests = asked.filter((request) => request.authorization === 'Bearer r8_not_the_token').length;
			// One process (n8n main): the token is fetched once for both workflows that use it. The refused token is asked
			// twice for its one delivery: n8n's request helper repeats a request answered 401 once, after its credential
			// refresh step (httpRequestWithAuthentication, n8n-core request-helpers/authentication.js).
			if (tokenRequests !== 1 || wrongRequests !== 2) throw new Error(`${tokenRequests} requests with the token, ${wrongRequests} with the wrong one`);
		});
	} finally {
		await api.close();
	}
}

/**
 * The recipe (examples/replicate-training-to-first-run): its credential reads the signing secret with an API token
 * from the stand-in, as a user's does; the spec's declared cases (test/platforms/replicate.js `recipe.cases`) run
 * against it, and the first run must carry that token and `Prefer: wait`.
 */
export async function recipe(ctx, platform, { runDeclaredCases }) {
	const apiToken = `r8_${randomBytes(16).toString('hex')}`;
	const secret = platform.newSecret();
	const api = await startReplicateApi({ apiToken, secret });
	try {
		const credential = await createCredential(ctx.client, { name: 'Replicate recipe e2e', type: platform.credentialType, data: { method: 'apiToken', apiToken, baseUrl: api.baseUrl } });
		const workflow = await importRecipe(ctx.client, platform, { sinkUrl: ctx.sink.baseUrl, credential });
		await activate(ctx.client, workflow);
		const send = async (payload) => {
			const body = JSON.stringify(payload);
			const answer = await deliver(workflow.url, body, platform.sign(body, secret, { id: `msg_${randomBytes(8).toString('hex')}`, date: new Date() }).headers);
			return [answer.status];
		};
		const mark = ctx.sink.requests.length;
		await runDeclaredCases(ctx, platform, workflow, send);
		await ctx.results.check('recipes: Replicate first runs are sent with the API token and Prefer: wait', async () => {
			const runs = ctx.sink.requests.slice(mark).filter((call) => call.path === '/replicateApiUrl/predictions');
			const problems = [
				runs.length === 0 ? 'no first run reached the sink' : undefined,
				runs.every((call) => call.headers.authorization === `Bearer ${apiToken}`) ? undefined : 'a first run was sent without the Replicate API token',
				runs.every((call) => call.headers.prefer === 'wait') ? undefined : 'a first run was sent without Prefer: wait',
			].filter(Boolean);
			if (problems.length > 0) throw new Error(problems.join('; '));
		});
		await deactivate(ctx.client, workflow);
	} finally {
		await api.close();
	}
}
