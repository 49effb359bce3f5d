// What only OpenAI does, in a real n8n: its events name their object by id, and with an API key in the credential
// the trigger's execution reads the object from OpenAI's API — here a loopback stand-in (test/support/openAiApiServer.js)
// the credential's Base URL points at — and puts its fields on the item. A wrong key still starts the execution,
// the event on the item with the 401 in validationIssues and the key nowhere.
import { createRequire } from 'node:module';

import { differs, publishSpecWorkflow } from '../lib/harness.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';

const require = createRequire(import.meta.url);
const { startOpenAiApi } = require('../../support/openAiApiServer.js');
const { randomToken } = require('../../support/signing.js');

const STARTED = { status: 200, emit: true };

export async function run(ctx, spec) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id} (object read from the API): ${text}`;
	const apiKey = `sk-proj-${randomToken(32)}`;
	const wrongKey = `sk-proj-${randomToken(32)}`;
	const secret = spec.newSecret();
	const api = await startOpenAiApi({ apiKey });
	try {
		const workflows = {};
		const setupOk = await results.check(name('workflows with a right and a wrong API key created and published'), async () => {
			for (const [key, value] of [['fetching', apiKey], ['wrongKey', wrongKey]]) {
				workflows[key] = await publishSpecWorkflow(client, spec, {
					name: `openai e2e: ${key}`,
					data: { ...spec.credential(secret), apiKey: value, baseUrl: api.baseUrl },
					parameters: { events: ['*'], deliveryOptions: {} },
				});
			}
			return true;
		});
		const signed = (payload) => {
			const body = JSON.stringify(payload);
			return { body, headers: spec.sign(body, secret, { id: `wh_e2e_${payload.id}`, date: new Date() }).headers };
		};
		const objectOf = (path) => api.objects[path];
		const plan = [
			['fine_tuning.job.succeeded', '/fine_tuning/jobs/ftjob_Qv3mYk2LpR8sN4tW', (item) => [differs('fineTunedModel', item.fineTunedModel, 'ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm'), differs('trainedTokens', item.trainedTokens, 1843200)]],
			['batch.completed', '/batches/batch_6853a1e2f0c48190a3b5d7e9f1c3a5b7', (item) => [differs('requestCounts', item.requestCounts, { total: 1000, completed: 998, failed: 2 }), differs('outputFileId', item.outputFileId, 'file-Ou7Ld1Xh4Kq9Gv3c')]],
			['eval.run.succeeded', '/evals/eval_6853a0b5c3d78190f6e8a0b2c4d6e8f0/runs/evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1', (item) => [differs('resultCounts', item.resultCounts, { total: 200, passed: 188, failed: 11, errored: 1 })]],
			['response.completed', '/responses/resp_6853c0f9a7db8190bac2e4f6a8d0b2c4', (item) => [differs('outputText', item.outputText, 'Summary: the three vendors differ mainly in data residency and per-seat pricing.')]],
		].map(([event, path, check]) => {
			const payload = spec.uniquePayload(spec.fixtures[event], `e2e_fetch_${event.replace(/\./g, '_')}`);
			return {
				name: `${event}: the execution reads ${path.split('/')[1]} and puts its fields on the item`,
				workflow: 'fetching',
				sends: [{ ...signed(payload), ...STARTED }],
				executions: 1,
				marker: markerOf(payload),
				check: (item) => [
					differs('validationIssues', item.validationIssues, []),
					differs('object', item.object, objectOf(path)),
					...check(item),
					api.requests.some((request) => request.path === path && request.authorization === `Bearer ${apiKey}`) ? undefined : `the stand-in saw no GET ${path} with the key`,
				],
			};
		});
		const refusedByApi = spec.uniquePayload(spec.fixtures['fine_tuning.job.succeeded'], 'e2e_wrong_key');
		plan.push({
			name: 'a wrong API key: the event still starts one execution, the 401 in validationIssues, the key nowhere',
			workflow: 'wrongKey',
			sends: [{ ...signed(refusedByApi), ...STARTED }],
			executions: 1,
			marker: markerOf(refusedByApi),
			check: (item) => [
				differs('fineTunedModel', item.fineTunedModel, null),
				/^object: not fetched from OpenAI's API: HTTP 401\b/.test(item.validationIssues?.[0] ?? '') ? undefined : `validationIssues ${JSON.stringify(item.validationIssues)}`,
				JSON.stringify(item).includes(wrongKey.slice(0, 12)) ? 'the item shows the API key' : undefined,
			],
		});
		if (!setupOk) {
			for (const entry of plan) results.record(name(entry.name), ['not run: setup failed']);
			return;
		}
		await runPlan(ctx, { name, workflows, plan, hidden: [secret, apiKey, wrongKey] });
	} finally {
		await api.close();
	}
}
