import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { startOpenAiApi, type OpenAiApi } from './support/openAiApiServer';
import { randomToken } from './support/signing';

// What only the OpenAI Trigger does: in the execution a delivery starts, it reads the object the event names from
// OpenAI's API (here a real loopback HTTP stand-in, test/support/openAiApiServer.js) and puts its fields on the item.
const spec = specs.find((candidate) => candidate.id === 'openai')!;
const node = nodeTypes.get(spec.nodeName)!;
const credentialType = credentialTypes.get(spec.credentialType);
const apiKey = `sk-proj-${randomToken(32)}`;
const secret = spec.newSecret();
let api: OpenAiApi;
let counter = 0;

beforeAll(async () => {
	api = await startOpenAiApi({ apiKey });
});
afterAll(async () => await api.close());

function harness(credential: Record<string, string> = {}, parameters: IDataObject = {}) {
	return new WebhookHarness(node, { ...spec.credential(secret), apiKey, baseUrl: api.baseUrl, ...credential }, parameters, { credentialType });
}

/** A signed delivery of the fixture, made unique so the harness's de-duplication never interferes. */
function signed(event: string) {
	const payload = spec.uniquePayload(spec.fixtures[event], `unit_${++counter}`);
	const body = JSON.stringify(payload);
	return { body, headers: { 'content-type': 'application/json', ...spec.sign(body, secret, { id: `wh_unit_${counter}`, date: new Date() }).headers } };
}

const requestsSince = (mark: number) => api.requests.slice(mark).map((request) => request.path);

describe('OpenAI Trigger: the object an event names, read in the execution', () => {
	it.each([
		['fine_tuning.job.succeeded', '/fine_tuning/jobs/ftjob_Qv3mYk2LpR8sN4tW', {
			fineTunedModel: 'ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm',
			model: 'gpt-4o-mini-2024-07-18',
			status: 'succeeded',
			trainedTokens: 1843200,
			trainingFile: 'file-R2kd8sH3mQ1vN6pT',
			resultFiles: ['file-9fVb2cYd7Qm3Kp1s'],
			error: null,
			summary: 'Fine-tuning job ftjob_Qv3mYk2LpR8sN4tW succeeded: model ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm is ready.',
		}],
		['fine_tuning.job.failed', '/fine_tuning/jobs/ftjob_Hx7cD2nBf9Ke1Jr5', {
			fineTunedModel: null,
			status: 'failed',
			trainedTokens: null,
			error: 'The training file has 3 examples with an invalid format: line 14, 87, 203.',
			summary: 'Fine-tuning job ftjob_Hx7cD2nBf9Ke1Jr5 failed: The training file has 3 examples with an invalid format: line 14, 87, 203.',
		}],
		['batch.completed', '/batches/batch_6853a1e2f0c48190a3b5d7e9f1c3a5b7', {
			status: 'completed',
			endpoint: '/v1/chat/completions',
			requestCounts: { total: 1000, completed: 998, failed: 2 },
			outputFileId: 'file-Ou7Ld1Xh4Kq9Gv3c',
			errorFileId: 'file-Er6Tb2Mz8Wn1Yq5d',
			errors: [],
			metadata: { job: 'nightly-eval-set' },
			summary: 'Batch batch_6853a1e2f0c48190a3b5d7e9f1c3a5b7 completed: 998 of 1000 requests completed, 2 failed.',
		}],
		['batch.failed', '/batches/batch_6853a2f3a1d58190b4c6e8f0a2d4b6c8', {
			status: 'failed',
			outputFileId: null,
			errors: ['invalid_json_line: This line is not parseable as valid JSON.'],
		}],
		['eval.run.succeeded', '/evals/eval_6853a0b5c3d78190f6e8a0b2c4d6e8f0/runs/evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1', {
			status: 'completed',
			evalId: 'eval_6853a0b5c3d78190f6e8a0b2c4d6e8f0',
			runName: 'support-bot-regression',
			resultCounts: { total: 200, passed: 188, failed: 11, errored: 1 },
			reportUrl: 'https://platform.openai.com/evaluations/eval_6853a0b5c3d78190f6e8a0b2c4d6e8f0?run_id=evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1',
			summary: 'Eval run evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1 succeeded: 188 of 200 passed.',
		}],
		['response.completed', '/responses/resp_6853c0f9a7db8190bac2e4f6a8d0b2c4', {
			status: 'completed',
			model: 'o3-deep-research-2025-06-26',
			outputText: 'Summary: the three vendors differ mainly in data residency and per-seat pricing.',
			usage: expect.objectContaining({ input_tokens: 1240, output_tokens: 5210, total_tokens: 6450 }),
			error: null,
		}],
		['response.incomplete', '/responses/resp_6853c32cda0e8190edf5b7c9d1a3e5f7', { status: 'incomplete', incompleteReason: 'max_output_tokens', outputText: 'Partial findings: vendor A' }],
	])('%s: reads %s and puts its typed fields on the item', async (event, path, fields) => {
		const mark = api.requests.length;
		const answer = await harness().deliver(signed(event));
		expect(answer).toMatchObject({ status: 200, started: true });
		expect(answer.items).toHaveLength(1);
		expect(answer.items[0]).toMatchObject({ event, validationIssues: [], object: api.objects[path], ...fields });
		expect(requestsSince(mark)).toContain(path);
		expect(api.requests.slice(mark).every((request) => request.authorization === `Bearer ${apiKey}`)).toBe(true);
	});

	it('reads nothing before the answer: webhook() alone makes no request, the execution does', async () => {
		const test = harness();
		const mark = api.requests.length;
		const answered = await test.deliver(signed('fine_tuning.job.succeeded'), { runExecution: false });
		expect(answered).toMatchObject({ status: 200, started: true });
		expect(answered.items[0]).toMatchObject({ fineTunedModel: null, object: null });
		expect(requestsSince(mark)).toEqual([]);
	});

	it('a wrong API key still emits the event, with the 401 in validationIssues and no key anywhere', async () => {
		const wrongKey = `sk-proj-${randomToken(32)}`;
		const test = harness({ apiKey: wrongKey });
		const answer = await test.deliver(signed('fine_tuning.job.succeeded'));
		expect(answer.items).toHaveLength(1);
		const [item] = answer.items;
		expect(item).toMatchObject({ event: 'fine_tuning.job.succeeded', objectId: 'ftjob_Qv3mYk2LpR8sN4tW', fineTunedModel: null, object: null });
		expect(item.validationIssues).toEqual([expect.stringMatching(/^object: not fetched from OpenAI's API: HTTP 401 Incorrect API key provided: sk-…/)]);
		const visible = JSON.stringify([item, test.logs]);
		expect(visible).not.toContain(wrongKey);
		expect(visible).not.toContain(wrongKey.slice(0, 8));
		expect(visible).not.toContain(secret);
	});

	it('OpenAI unreachable still emits the event, with the reason in validationIssues', async () => {
		const gone = await startOpenAiApi({ apiKey });
		await gone.close(); // nothing listens there any more: the connection is refused
		const answer = await harness({ baseUrl: gone.baseUrl }).deliver(signed('batch.completed'));
		expect(answer.items).toHaveLength(1);
		expect(answer.items[0]).toMatchObject({ event: 'batch.completed', status: null, validationIssues: [expect.stringMatching(/^object: not fetched from OpenAI's API: /)] });
	});

	it('an object OpenAI no longer has (404) still emits the event, naming the 404', async () => {
		const payload = { ...spec.uniquePayload(spec.fixtures['response.completed'], 'gone'), data: { id: 'resp_gone' } };
		const body = JSON.stringify(payload);
		const answer = await harness().deliver({ body, headers: spec.sign(body, secret, { id: 'wh_gone', date: new Date() }).headers });
		expect(answer.items[0]).toMatchObject({ objectId: 'resp_gone', validationIssues: [expect.stringContaining('HTTP 404')] });
	});

	it('without an API key, or with Fetch the Object off, nothing is read and no issue is added', async () => {
		const mark = api.requests.length;
		const noKey = await harness({ apiKey: '' }).deliver(signed('fine_tuning.job.succeeded'));
		const off = await harness({}, { fetchObject: false }).deliver(signed('fine_tuning.job.succeeded'));
		for (const answer of [noKey, off]) expect(answer.items[0]).toMatchObject({ fineTunedModel: null, object: null, validationIssues: [] });
		expect(requestsSince(mark)).toEqual([]);
	});

	it('a Realtime call carries everything in the event: nothing is read', async () => {
		const mark = api.requests.length;
		const answer = await harness().deliver(signed('realtime.call.incoming'));
		expect(answer.items[0]).toMatchObject({ callId: 'rtc_6853f05c8e9a8190b1c3d5e7f9a1b3c5', validationIssues: [] });
		expect(requestsSince(mark)).toEqual([]);
	});

	it('a redelivery is not passed on, and its object is not read again', async () => {
		const test = harness();
		const delivery = signed('batch.completed');
		await test.deliver(delivery);
		const mark = api.requests.length;
		const again = await test.deliver(delivery);
		expect(again).toMatchObject({ status: 200, started: false });
		expect(requestsSince(mark)).toEqual([]);
	});
});
