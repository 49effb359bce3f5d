// The recipes (examples/*.workflow.json) doing their job in a real n8n: each is imported as `npm start` imports it,
// its Settings URLs pointed at a loopback sink standing in for Slack, the model API, the registry and the training
// API (test/support/httpSink.js), published, and sent signed deliveries; each case asserts what reached the sink —
// the message names the model, the run, the reason — and that nothing else did. Failure branches included: a smoke
// test the model fails, a failed fine-tuning job, a rejected label, a failed and a stopped run.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { findFreePort } from '../../scripts/lib/n8n.mjs';
import { activate, createCredential, deactivate, deliver, executionsSettled, listExecutions, short } from './lib/harness.mjs';
import { importRecipe } from './lib/recipes.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
const { startHttpSink } = require('../support/httpSink.js');
const { startSegmindApi } = require('../support/segmindApiServer.js');
const { startReplicateApi } = require('../support/replicateApiServer.js');

const spec = (id) => specs.find((candidate) => candidate.id === id);

/** @param ctx {client, results, log} */
export async function runRecipeSuite(ctx) {
	const sink = await startHttpSink();
	try {
		for (const recipe of [segmind, mythicdot, segmentsai, datasaur, polyaxon, replicate]) {
			const t = Date.now();
			await recipe({ ...ctx, sink }).catch((error) => ctx.results.record(`recipes: ${recipe.name} ran to the end`, [error.stack ?? error.message]));
			ctx.log(`recipe ${recipe.name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
		}
	} finally {
		await sink.close();
	}
}

/**
 * One case: `send` delivers (and returns the HTTP statuses n8n answered); once the execution it started has
 * settled, `expect(calls)` judges what reached the sink meanwhile and returns problems. Exactly one new execution,
 * successful, is required: a failure branch is the workflow doing its job, not an error.
 */
async function recipeCase({ client, results, sink }, workflow, name, send, expect) {
	await results.check(`recipes: ${name}`, async () => {
		const before = (await listExecutions(client, workflow.id)).length;
		const mark = sink.requests.length;
		const statuses = await send();
		if (statuses.some((status) => status !== 200)) throw new Error(`the delivery was answered ${statuses.join(', ')}`);
		await executionsSettled(client, workflow.id);
		const executions = await listExecutions(client, workflow.id);
		if (executions.length !== before + 1) throw new Error(`${executions.length - before} new executions, expected 1`);
		const latest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		if (latest.status !== 'success') throw new Error(`execution ${latest.id} ${latest.status}: ${short(latest.data?.resultData?.error?.message)}`);
		const problems = expect(sink.requests.slice(mark)).filter(Boolean);
		if (problems.length > 0) throw new Error(problems.join('; '));
	});
}

/** Problems unless the sink got exactly these paths, in any order. */
function onlyCalled(calls, paths) {
	const got = calls.map((call) => call.path).sort();
	const want = [...paths].sort();
	return JSON.stringify(got) === JSON.stringify(want) ? undefined : `the sink got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

/** Problems unless the call to `path` carries every fragment in its Slack text (or JSON body). */
function mentions(calls, path, fragments) {
	const call = calls.find((candidate) => candidate.path === path);
	if (!call) return undefined; // reported by onlyCalled
	const text = typeof call.body?.text === 'string' ? call.body.text : JSON.stringify(call.body);
	const missing = fragments.filter((fragment) => !text.includes(fragment));
	return missing.length === 0 ? undefined : `${path} got ${short(text, 300)}, without ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
}

/** Problems unless the JSON body sent to `path` has these fields. */
function posted(calls, path, fields) {
	const call = calls.find((candidate) => candidate.path === path);
	if (!call) return undefined;
	const wrong = Object.entries(fields).filter(([field, value]) => JSON.stringify(call.body?.[field]) !== JSON.stringify(value));
	return wrong.length === 0 ? undefined : `${path} got ${short(call.body, 300)}; expected ${wrong.map(([f, v]) => `${f}=${JSON.stringify(v)}`).join(', ')}`;
}

/** Imports and publishes a signing platform's recipe; returns the workflow and a `send(payload, id)` for it. */
async function publishSigned(ctx, platform) {
	const secret = platform.newSecret();
	const credential = await createCredential(ctx.client, { name: `${platform.name} recipe e2e`, type: platform.credentialType, data: platform.credential(secret) });
	const workflow = await importRecipe(ctx.client, platform, { sinkUrl: ctx.sink.baseUrl, credential });
	await activate(ctx.client, workflow);
	const send = async (payload, id) => {
		const body = JSON.stringify(payload);
		const proof = platform.sign(body, secret, { id, date: new Date() });
		const query = new URLSearchParams(proof.query).toString();
		const answer = await deliver(query === '' ? workflow.url : `${workflow.url}?${query}`, body, proof.headers);
		return [answer.status];
	};
	return { workflow, send };
}

async function segmind(ctx) {
	const platform = spec('segmind');
	const apiKey = `SG_${randomBytes(12).toString('hex')}`;
	const api = await startSegmindApi({ apiKey });
	try {
		const credential = await createCredential(ctx.client, { name: 'Segmind recipe e2e', type: platform.credentialType, data: { apiKey, baseUrl: api.baseUrl, webhookToken: '' } });
		const workflow = await importRecipe(ctx.client, platform, { sinkUrl: ctx.sink.baseUrl, credential });
		await activate(ctx.client, workflow, { until: () => [...api.webhooks.values()].some((hook) => hook.webhook_url.startsWith(`${workflow.url}?`)) });
		const prompt = workflow.workflow.nodes.find((node) => node.name === 'Settings').parameters.assignments.assignments.find((a) => a.name === 'smokeTestPrompt').value;
		const available = (tag) => {
			const payload = platform.uniquePayload(platform.fixtures.AVAILABLE, tag);
			return { ...payload, data: { ...payload.data, inference_api_url: `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-${tag}` } };
		};

		// Segmind answers an image model's request with the image bytes.
		ctx.sink.respond('/v1/ft-7c1e9a52-healthy', 200, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: the model answers its smoke test (with the API key) and is announced by name', () => api.dispatch('FINETUNE', available('healthy')), (calls) => [
			onlyCalled(calls, ['/v1/ft-7c1e9a52-healthy', '/announceSlackWebhookUrl']),
			posted(calls, '/v1/ft-7c1e9a52-healthy', { prompt, samples: 1, seed: 42 }),
			calls.find((call) => call.path === '/v1/ft-7c1e9a52-healthy')?.headers['x-api-key'] === apiKey ? undefined : 'the smoke test was sent without the Segmind API key',
			mentions(calls, '/announceSlackWebhookUrl', ['ft-7c1e9a52', `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-healthy`, 'is live']),
		]);

		ctx.sink.respond('/v1/ft-7c1e9a52-broken', 500, { error: 'CUDA out of memory' });
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: a model failing its smoke test (HTTP 500) raises an alert naming it, no announcement', () => api.dispatch('FINETUNE', available('broken')), (calls) => [
			onlyCalled(calls, ['/v1/ft-7c1e9a52-broken', '/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', ['ft-7c1e9a52', 'smoke test failed: HTTP 500 CUDA out of memory', `${ctx.sink.baseUrl}/v1/ft-7c1e9a52-broken`]),
		]);

		const closed = await findFreePort(); // nothing listens there: the connection is refused
		const unreachable = { ...available('unreachable'), data: { ...available('unreachable').data, inference_api_url: `http://127.0.0.1:${closed}/v1/ft-7c1e9a52` } };
		await recipeCase(ctx, workflow, 'Segmind AVAILABLE: a model API that cannot be reached raises the alert too', () => api.dispatch('FINETUNE', unreachable), (calls) => [
			onlyCalled(calls, ['/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', ['ft-7c1e9a52', 'smoke test failed', `127.0.0.1:${closed}`]),
		]);

		const graphRun = platform.uniquePayload(platform.fixtures.GRAPH_RUN, 'recipe');
		await recipeCase(ctx, workflow, 'Segmind GRAPH_RUN: the Pixelflow output URLs are handed on', () => api.dispatch('PIXELFLOW', graphRun), (calls) => [
			onlyCalled(calls, ['/outputsUrl']),
			posted(calls, '/outputsUrl', { source: 'segmind-pixelflow', workflowId: 'wf-3d9b2c71', requestId: 'req-55e1a0f3', outputUrls: platform.expected.GRAPH_RUN.outputUrls }),
		]);
		await deactivate(ctx.client, workflow);
	} finally {
		await api.close();
	}
}

async function mythicdot(ctx) {
	const platform = spec('mythicdot');
	const { workflow, send } = await publishSigned(ctx, platform);
	const fx = platform.fixtures;
	ctx.sink.respond('/registryUrl', 201, { id: 'mdl_0042', status: 'registered' });
	await recipeCase(ctx, workflow, 'MythicDot.AI fine_tuning.job.succeeded: the model is recorded in the registry, then announced', () => send(fx['fine_tuning.job.succeeded']), (calls) => [
		onlyCalled(calls, ['/registryUrl', '/teamSlackWebhookUrl']),
		posted(calls, '/registryUrl', { model: 'ft:mythic-base-7b:acme::8xYz12', baseModel: 'mythic-base-7b', jobId: 'ftjob_7Qk2m9', trainedTokens: 1843200, source: 'mythicdot' }),
		mentions(calls, '/teamSlackWebhookUrl', ['ft:mythic-base-7b:acme::8xYz12', 'ftjob_7Qk2m9', 'registry']),
	]);
	await recipeCase(ctx, workflow, 'MythicDot.AI fine_tuning.job.failed: an alert with the job and its error', () => send(fx['fine_tuning.job.failed']), (calls) => [
		onlyCalled(calls, ['/teamSlackWebhookUrl']),
		mentions(calls, '/teamSlackWebhookUrl', ['ftjob_3Lp8r1', 'Training file has 3 malformed lines']),
	]);
	await recipeCase(ctx, workflow, 'MythicDot.AI batch.failed: an alert with the batch and its errors', () => send(fx['batch.failed']), (calls) => [
		onlyCalled(calls, ['/teamSlackWebhookUrl']),
		mentions(calls, '/teamSlackWebhookUrl', ['batch_def456', '500 failed', 'invalid_request: Line 1: missing custom_id']),
	]);
	await recipeCase(ctx, workflow, 'MythicDot.AI usage.threshold.reached: a cost alert in the ops channel', () => send(fx['usage.threshold.reached']), (calls) => [
		onlyCalled(calls, ['/opsSlackWebhookUrl']),
		mentions(calls, '/opsSlackWebhookUrl', ['2024-01', '101.37 USD', 'the 100 threshold']),
	]);
	await deactivate(ctx.client, workflow);
}

async function segmentsai(ctx) {
	const platform = spec('segmentsai');
	const { workflow, send } = await publishSigned(ctx, platform);
	const fx = platform.fixtures;
	ctx.sink.respond('/trainingApiUrl', 201, { id: 'train-7781', status: 'queued' });
	await recipeCase(ctx, workflow, 'Segments.ai release.created: a training job starts on the release and the labeling lead hears its id', () => send(fx['release.created'], 'msg_recipe_release'), (calls) => [
		onlyCalled(calls, ['/trainingApiUrl', '/labelingLeadSlackWebhookUrl']),
		posted(calls, '/trainingApiUrl', { dataset: 'jane/flowers', release: 'v1.0', releaseUuid: '0b6c5a8e-3d2f-4e1a-9b7c-6d5e4f3a2b1c', preset: 'segmentation-default' }),
		mentions(calls, '/labelingLeadSlackWebhookUrl', ['v1.0', 'jane/flowers', 'train-7781']),
	]);
	const rejected = { ...fx['label.updated'], object: { ...fx['label.updated'].object, label_status: 'REJECTED' } };
	await recipeCase(ctx, workflow, 'Segments.ai label.updated REJECTED: the sample goes to the review queue', () => send(rejected, 'msg_recipe_rejected'), (calls) => [
		onlyCalled(calls, ['/reviewQueueUrl']),
		posted(calls, '/reviewQueueUrl', { dataset: 'jane/flowers', sampleUuid: '602a3eec-a61c-4a77-9fcc-3037ce5d9d4c', labelStatus: 'REJECTED' }),
	]);
	await recipeCase(ctx, workflow, 'Segments.ai label.updated REVIEWED: passes by, nothing is called', () => send(fx['label.updated'], 'msg_recipe_reviewed'), (calls) => [onlyCalled(calls, [])]);
	await deactivate(ctx.client, workflow);
}

async function datasaur(ctx) {
	const platform = spec('datasaur');
	const { workflow, send } = await publishSigned(ctx, platform);
	const fx = platform.fixtures;
	ctx.sink.respond('/trainingApiUrl', 201, { id: 'train-9902', status: 'queued' });
	await recipeCase(ctx, workflow, 'Datasaur PROJECT_REVIEWED: a training job starts on the project and the lead hears its id', () => send(fx.PROJECT_REVIEWED), (calls) => [
		onlyCalled(calls, ['/trainingApiUrl', '/labelingLeadSlackWebhookUrl']),
		posted(calls, '/trainingApiUrl', { source: 'datasaur', projectId: 'cp_8Hf3kQ2m', projectName: 'Invoice NER', reviewedBy: 'raj@acme.example' }),
		mentions(calls, '/labelingLeadSlackWebhookUrl', ['Invoice NER', 'Raj Patel', 'train-9902']),
	]);
	await recipeCase(ctx, workflow, 'Datasaur PROJECT_COMPLETED: the lead is asked to review, no training', () => send(fx.PROJECT_COMPLETED), (calls) => [
		onlyCalled(calls, ['/labelingLeadSlackWebhookUrl']),
		mentions(calls, '/labelingLeadSlackWebhookUrl', ['Invoice NER', 'Ana Lima', 'ready for review']),
	]);
	await deactivate(ctx.client, workflow);
}

async function polyaxon(ctx) {
	const platform = spec('polyaxon');
	const { workflow, send } = await publishSigned(ctx, platform);
	const fx = platform.fixtures;
	await recipeCase(ctx, workflow, 'Polyaxon jobs.failed: an alert with kind, name, reason and message', () => send(fx['jobs.failed']), (calls) => [
		onlyCalled(calls, ['/alertSlackWebhookUrl']),
		mentions(calls, '/alertSlackWebhookUrl', ['job', 'mnist-job-10', 'failed', 'PodFailed', 'OOMKilled: container exceeded its memory limit', 'acme/mnist']),
	]);
	await recipeCase(ctx, workflow, 'Polyaxon jobs.stopped: an alert too, saying no reason was given', () => send(fx['jobs.stopped']), (calls) => [
		onlyCalled(calls, ['/alertSlackWebhookUrl']),
		mentions(calls, '/alertSlackWebhookUrl', ['mnist-job-11', 'stopped', 'Reason: none given']),
	]);
	await recipeCase(ctx, workflow, 'Polyaxon jobs.succeeded with accuracy 0.982 (threshold 0.95): the run is promoted', () => send(fx['jobs.succeeded']), (calls) => [
		onlyCalled(calls, ['/promoteUrl']),
		posted(calls, '/promoteUrl', { runUuid: '8e3f9a1c2b4d4e6f8a0b1c2d3e4f5009', runName: 'mnist-job-9', project: 'acme/mnist', metric: 'accuracy', value: 0.982, threshold: 0.95 }),
	]);
	const below = platform.uniquePayload(fx['jobs.succeeded'], 'below');
	below.details = below.details.replace("'accuracy': 0.982", "'accuracy': 0.91");
	await recipeCase(ctx, workflow, 'Polyaxon jobs.succeeded with accuracy 0.91: not promoted, nothing is called', () => send(below), (calls) => [onlyCalled(calls, [])]);
	await deactivate(ctx.client, workflow);
}

async function replicate(ctx) {
	const platform = spec('replicate');
	const apiToken = `r8_${randomBytes(16).toString('hex')}`;
	const secret = platform.newSecret();
	// The trigger reads the account's signing secret with the API token, as a user's credential does.
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
		const fx = platform.fixtures;
		const expected = platform.expected['training.succeeded'];
		const prompt = workflow.workflow.nodes.find((node) => node.name === 'Settings').parameters.assignments.assignments.find((a) => a.name === 'smokeTestPrompt').value;
		const firstRun = (calls) => calls.find((call) => call.path === '/replicateApiUrl/predictions');

		ctx.sink.respond('/replicateApiUrl/predictions', 201, { id: 'p7smoke01', status: 'succeeded', output: ['https://replicate.delivery/xezq/first-run/out-0.webp'] });
		await recipeCase(ctx, workflow, 'Replicate training.succeeded: the new version runs once (with the API token) and is announced with its output', () => send(platform.uniquePayload(fx['training.succeeded'], 'ok')), (calls) => [
			onlyCalled(calls, ['/replicateApiUrl/predictions', '/announceSlackWebhookUrl']),
			posted(calls, '/replicateApiUrl/predictions', { version: expected.newVersionId, input: { prompt } }),
			firstRun(calls)?.headers.authorization === `Bearer ${apiToken}` ? undefined : 'the first run was sent without the Replicate API token',
			firstRun(calls)?.headers.prefer === 'wait' ? undefined : 'the first run was sent without Prefer: wait',
			mentions(calls, '/announceSlackWebhookUrl', [expected.newVersion, 'zz4ibbonubfz7carwiefibzgga', 'p7smoke01', 'first-run/out-0.webp']),
		]);

		ctx.sink.respond('/replicateApiUrl/predictions', 201, { id: 'p7smoke02', status: 'failed', error: 'CUDA out of memory' });
		await recipeCase(ctx, workflow, 'Replicate training.succeeded: a first run that fails alerts with its error, no announcement', () => send(platform.uniquePayload(fx['training.succeeded'], 'failing')), (calls) => [
			onlyCalled(calls, ['/replicateApiUrl/predictions', '/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', [expected.newVersion, 'did not pass its first run', 'CUDA out of memory']),
		]);

		ctx.sink.respond('/replicateApiUrl/predictions', 422, { title: 'Invalid version', detail: 'The specified version does not exist', status: 422 });
		await recipeCase(ctx, workflow, 'Replicate training.succeeded: an API error on the first run (HTTP 422) alerts with the status', () => send(platform.uniquePayload(fx['training.succeeded'], 'http')), (calls) => [
			onlyCalled(calls, ['/replicateApiUrl/predictions', '/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', [expected.newVersion, 'HTTP 422']),
		]);

		await recipeCase(ctx, workflow, 'Replicate training.failed: an alert with the error and the training page', () => send(fx['training.failed']), (calls) => [
			onlyCalled(calls, ['/alertSlackWebhookUrl']),
			mentions(calls, '/alertSlackWebhookUrl', ['b3g9ezmsfxrgc0cfsm5vc7a1wr', 'input_images: the zip archive contains no images', 'https://replicate.com/p/b3g9ezmsfxrgc0cfsm5vc7a1wr']),
		]);
		await deactivate(ctx.client, workflow);
	} finally {
		await api.close();
	}
}
