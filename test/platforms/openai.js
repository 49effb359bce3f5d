// OpenAI signs the Standard Webhooks way: HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` keyed with
// the base64 of a `whsec_…` secret, in webhook-id / webhook-timestamp / webhook-signature. Its events name their object
// by id only; with an API key in the credential the node reads the object in the execution, from a loopback stand-in
// for OpenAI's API here (test/support/openAiApiServer.js).
'use strict';

const { randomBase64, standardWebhookHeaders } = require('../support/signing');
const { startOpenAiApi } = require('../support/openAiApiServer');

/** @type {import('./types').PlatformSpec} */
module.exports = {
	id: 'openai',
	name: 'OpenAI',
	platformId: 'openai',
	nodeName: 'openAiTrigger',
	displayName: 'OpenAI Trigger',
	credentialType: 'openAiWebhookApi',
	baseParameters: {},
	fixtures: require('../fixtures/openai.json'),
	signatureHeaders: ['webhook-signature'],
	newSecret: () => `whsec_${randomBase64(32)}`,
	// No API key: the shared suites check the item as webhook() emits it; the object's fields stay null.
	credential: (secret, previous = '') => ({ signingSecret: secret, previousSigningSecret: previous, apiKey: '', baseUrl: 'https://api.openai.com/v1' }),
	rotates: true,
	sign: (body, secret, options) => ({ headers: standardWebhookHeaders(secret, body, options), query: {} }),
	forge: (body, options) => {
		const headers = standardWebhookHeaders(`whsec_${randomBase64(32)}`, body, options);
		return { headers: { ...headers, 'webhook-signature': `v1,${randomBase64(32)}` }, query: {} };
	},
	malform: (proof) => ({ ...proof, headers: { ...proof.headers, 'webhook-signature': 'not a signature' } }),
	reasons: { missing: 'missing_header', wrong: 'no_matching_signature', malformed: 'malformed_header' },
	coversBody: true,
	eventIdOf: (body) => JSON.parse(body).id,
	uniquePayload: (payload, tag) => ({ ...payload, id: `evt_${tag}` }),
	tamper: (payload) => ({ ...payload, data: { ...payload.data, id: 'ftjob_attacker' } }),
	unknownEventName: 'agent.session.created',
	unknownEventPayload: (tag) => ({
		id: `evt_unknown_${tag}`,
		object: 'event',
		created_at: 1750340000,
		type: 'agent.session.created',
		data: { id: 'sess_6853f1aa0b1c8190', environment_type: 'cloud' },
	}),
	misshapen: ['batch.completed', { id: 'evt_misshapen', object: 'event', created_at: 1750324800, type: 'batch.completed' }],
	misshapenIssues: ['data: Invalid input: expected object, received undefined'],
	eventAliases: {},
	selection: ['fine_tuning.job.succeeded', 'batch.completed'],
	searchWords: ['OpenAI', 'GPT', 'fine-tuning', 'training', 'batch'],
	/** The stand-in for OpenAI's API and the credential fields that point the node at it (with a key it accepts). */
	startApi: async () => {
		const apiKey = `sk-proj-${randomBase64(24).replace(/[+/=]/g, 'x')}`;
		const api = await startOpenAiApi({ apiKey });
		return { api, credential: { apiKey, baseUrl: api.baseUrl }, close: api.close };
	},
	recipe: {
		cases: [
			{
				name: 'fine_tuning.job.succeeded: the model read from the API answers its smoke test, is registered, then announced',
				event: 'fine_tuning.job.succeeded',
				respond: {
					'/openAiApiUrl/chat/completions': [200, { id: 'chatcmpl-smoke', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Your order ships within 2 business days.' }, finish_reason: 'stop' }] }],
					'/registryUrl': [201, { id: 'mdl_0042', status: 'registered' }],
				},
				calls: ['/openAiApiUrl/chat/completions', '/registryUrl', '/teamSlackWebhookUrl'],
				posted: {
					'/openAiApiUrl/chat/completions': { model: 'ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm', max_completion_tokens: 64 },
					'/registryUrl': { model: 'ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm', baseModel: 'gpt-4o-mini-2024-07-18', jobId: 'ftjob_Qv3mYk2LpR8sN4tW', trainedTokens: 1843200, source: 'openai', smokeTestAnswer: 'Your order ships within 2 business days.' },
				},
				mentions: { '/teamSlackWebhookUrl': ['ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm', 'ftjob_Qv3mYk2LpR8sN4tW', 'registry'] },
			},
			{
				name: 'fine_tuning.job.succeeded: a model failing its smoke test (HTTP 500) raises an alert naming it, nothing registered',
				payload: (fx) => module.exports.uniquePayload(fx['fine_tuning.job.succeeded'], 'smoke_fails'),
				respond: { '/openAiApiUrl/chat/completions': [500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } }] },
				calls: ['/openAiApiUrl/chat/completions', '/teamSlackWebhookUrl'],
				mentions: { '/teamSlackWebhookUrl': ['ft:gpt-4o-mini-2024-07-18:acme:support-bot:BkX9q2Lm', 'smoke test failed', '500'] },
			},
			{
				name: "fine_tuning.job.failed: an alert with the job and OpenAI's error, read from the API",
				event: 'fine_tuning.job.failed',
				calls: ['/teamSlackWebhookUrl'],
				mentions: { '/teamSlackWebhookUrl': ['ftjob_Hx7cD2nBf9Ke1Jr5', 'The training file has 3 examples with an invalid format'] },
			},
		],
	},
	expected: {
		'fine_tuning.job.succeeded': {"occurredAt": "2025-06-19T08:10:00.000Z", "summary": "Fine-tuning job ftjob_Qv3mYk2LpR8sN4tW succeeded.", "objectKind": "fine_tuning.job", "objectId": "ftjob_Qv3mYk2LpR8sN4tW", "outcome": "succeeded", "object": null, "fineTunedModel": null, "model": null, "status": null, "trainedTokens": null, "trainingFile": null, "resultFiles": null, "error": null},
		'fine_tuning.job.failed': {"occurredAt": "2025-06-19T08:28:20.000Z", "summary": "Fine-tuning job ftjob_Hx7cD2nBf9Ke1Jr5 failed.", "objectKind": "fine_tuning.job", "objectId": "ftjob_Hx7cD2nBf9Ke1Jr5", "outcome": "failed", "object": null, "fineTunedModel": null, "model": null, "status": null, "trainedTokens": null, "trainingFile": null, "resultFiles": null, "error": null},
		'fine_tuning.job.cancelled': {"occurredAt": "2025-06-19T08:35:00.000Z", "summary": "Fine-tuning job ftjob_Zp4sL8wQe3Tm6Vy1 cancelled.", "objectKind": "fine_tuning.job", "objectId": "ftjob_Zp4sL8wQe3Tm6Vy1", "outcome": "cancelled", "object": null, "fineTunedModel": null, "model": null, "status": null, "trainedTokens": null, "trainingFile": null, "resultFiles": null, "error": null},
		'batch.completed': {"occurredAt": "2025-06-19T09:20:00.000Z", "summary": "Batch batch_6853a1e2f0c48190a3b5d7e9f1c3a5b7 completed.", "objectKind": "batch", "objectId": "batch_6853a1e2f0c48190a3b5d7e9f1c3a5b7", "outcome": "completed", "object": null, "status": null, "endpoint": null, "requestCounts": null, "outputFileId": null, "errorFileId": null, "errors": null, "metadata": null},
		'batch.failed': {"occurredAt": "2025-06-19T09:25:00.000Z", "summary": "Batch batch_6853a2f3a1d58190b4c6e8f0a2d4b6c8 failed.", "objectKind": "batch", "objectId": "batch_6853a2f3a1d58190b4c6e8f0a2d4b6c8", "outcome": "failed", "object": null, "status": null, "endpoint": null, "requestCounts": null, "outputFileId": null, "errorFileId": null, "errors": null, "metadata": null},
		'batch.cancelled': {"occurredAt": "2025-06-19T09:30:00.000Z", "summary": "Batch batch_6853a3a4b2e68190c5d7f9a1b3e5c7d9 cancelled.", "objectKind": "batch", "objectId": "batch_6853a3a4b2e68190c5d7f9a1b3e5c7d9", "outcome": "cancelled", "object": null, "status": null, "endpoint": null, "requestCounts": null, "outputFileId": null, "errorFileId": null, "errors": null, "metadata": null},
		'batch.expired': {"occurredAt": "2025-06-20T09:20:00.000Z", "summary": "Batch batch_6853a4b5c3f78190d6e8a0b2c4f6d8e0 expired.", "objectKind": "batch", "objectId": "batch_6853a4b5c3f78190d6e8a0b2c4f6d8e0", "outcome": "expired", "object": null, "status": null, "endpoint": null, "requestCounts": null, "outputFileId": null, "errorFileId": null, "errors": null, "metadata": null},
		'eval.run.succeeded': {"occurredAt": "2025-06-19T10:20:00.000Z", "summary": "Eval run evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1 succeeded.", "objectKind": "eval.run", "objectId": "evalrun_6853b0c6d4a88190e7f9b1c3d5a7e9f1", "outcome": "succeeded", "object": null, "status": null, "evalId": null, "runName": null, "model": null, "resultCounts": null, "reportUrl": null, "error": null},
		'eval.run.failed': {"occurredAt": "2025-06-19T10:25:00.000Z", "summary": "Eval run evalrun_6853b1d7e5b98190f8a0c2d4e6b8f0a2 failed.", "objectKind": "eval.run", "objectId": "evalrun_6853b1d7e5b98190f8a0c2d4e6b8f0a2", "outcome": "failed", "object": null, "status": null, "evalId": null, "runName": null, "model": null, "resultCounts": null, "reportUrl": null, "error": null},
		'eval.run.canceled': {"occurredAt": "2025-06-19T10:30:00.000Z", "summary": "Eval run evalrun_6853b2e8f6ca8190a9b1d3e5f7c9a1b3 canceled.", "objectKind": "eval.run", "objectId": "evalrun_6853b2e8f6ca8190a9b1d3e5f7c9a1b3", "outcome": "canceled", "object": null, "status": null, "evalId": null, "runName": null, "model": null, "resultCounts": null, "reportUrl": null, "error": null},
		'response.completed': {"occurredAt": "2025-06-19T11:20:00.000Z", "summary": "Response resp_6853c0f9a7db8190bac2e4f6a8d0b2c4 completed.", "objectKind": "response", "objectId": "resp_6853c0f9a7db8190bac2e4f6a8d0b2c4", "outcome": "completed", "object": null, "status": null, "model": null, "outputText": null, "usage": null, "error": null, "incompleteReason": null},
		'response.failed': {"occurredAt": "2025-06-19T11:25:00.000Z", "summary": "Response resp_6853c10ab8ec8190cbd3f5a7b9e1c3d5 failed.", "objectKind": "response", "objectId": "resp_6853c10ab8ec8190cbd3f5a7b9e1c3d5", "outcome": "failed", "object": null, "status": null, "model": null, "outputText": null, "usage": null, "error": null, "incompleteReason": null},
		'response.cancelled': {"occurredAt": "2025-06-19T11:30:00.000Z", "summary": "Response resp_6853c21bc9fd8190dce4a6b8c0f2d4e6 cancelled.", "objectKind": "response", "objectId": "resp_6853c21bc9fd8190dce4a6b8c0f2d4e6", "outcome": "cancelled", "object": null, "status": null, "model": null, "outputText": null, "usage": null, "error": null, "incompleteReason": null},
		'response.incomplete': {"occurredAt": "2025-06-19T11:35:00.000Z", "summary": "Response resp_6853c32cda0e8190edf5b7c9d1a3e5f7 incomplete.", "objectKind": "response", "objectId": "resp_6853c32cda0e8190edf5b7c9d1a3e5f7", "outcome": "incomplete", "object": null, "status": null, "model": null, "outputText": null, "usage": null, "error": null, "incompleteReason": null},
		'realtime.call.incoming': {"occurredAt": "2025-06-19T12:35:00.000Z", "summary": "Realtime call rtc_6853f05c8e9a8190b1c3d5e7f9a1b3c5 incoming from sip:+14155550123@sip.example-carrier.com.", "objectKind": "realtime.call", "objectId": "rtc_6853f05c8e9a8190b1c3d5e7f9a1b3c5", "outcome": "incoming", "callId": "rtc_6853f05c8e9a8190b1c3d5e7f9a1b3c5", "sipHeaders": [{"name": "From", "value": "sip:+14155550123@sip.example-carrier.com"}, {"name": "To", "value": "sip:+18005550199@sip.api.openai.com"}, {"name": "Call-ID", "value": "a84b4c76e66710@pc33.example-carrier.com"}], "sipMediaSecurity": "srtp"},
	},
};
