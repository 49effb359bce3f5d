import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import { validateWebhook } from 'replicate';

import { testReplicateCredential } from '../nodes/Replicate/replicateCredentialTest';
import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { newSvixSecret, randomToken, standardWebhookHeaders } from './support/signing';
import { startReplicateApi, type ReplicateApiStandIn } from './support/replicateApiServer';

const spec = specs.find((candidate) => candidate.id === 'replicate')!;
const node = nodeTypes.get(spec.nodeName)!;
const credentialType = credentialTypes.get(spec.credentialType);
const fixture = (event: string) => spec.fixtures[event];

/** The clock moved on by `ms`: it keeps running from there (waits elsewhere, e.g. the record's confirmation, still end). */
function later(ms: number): void {
	const now = Date.now;
	jest.spyOn(Date, 'now').mockImplementation(() => now() + ms);
}

let counter = 0;
/** A delivery as Replicate sends it: its own webhook-id unless one is given (a retry keeps it). */
function delivery(payload: unknown, secret: string, id = `msg_${++counter}_${Date.now()}`): { body: string; headers: Record<string, string> } {
	const body = JSON.stringify(payload);
	return { body, headers: { 'content-type': 'application/json', ...standardWebhookHeaders(secret, body, { id }) } };
}

describe('Replicate Trigger: the signing secret fetched with an API token', () => {
	let api: ReplicateApiStandIn;
	let apiToken: string;
	let secret: string;

	// Each case gets its own token, so the process-wide secret cache never carries over from another case.
	beforeEach(async () => {
		apiToken = `r8_${randomToken(24)}`;
		secret = newSvixSecret();
		api = await startReplicateApi({ apiToken, secret });
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await api.close();
	});

	const tokenCredential = (token = apiToken): ICredentialDataDecryptedObject => ({ method: 'apiToken', apiToken: token, baseUrl: api.baseUrl });
	const harness = (credential = tokenCredential(), parameters = {}) => new WebhookHarness(node, credential, parameters, { credentialType });

	it('fetches the secret once with the token, then checks every delivery against it without asking again', async () => {
		const test = harness();
		expect((await test.deliver(delivery(fixture('prediction.starting'), secret))).started).toBe(true);
		expect((await test.deliver(delivery(fixture('prediction.succeeded'), secret))).started).toBe(true);
		expect(await harness().deliver(delivery(fixture('training.succeeded'), secret))).toMatchObject({ started: true });
		expect(api.requests).toEqual([{ method: 'GET', path: '/v1/webhooks/default/secret', authorization: `Bearer ${apiToken}` }]);
	});

	it('asks once for deliveries that arrive together before the secret is known', async () => {
		const test = harness();
		const answers = await Promise.all(['prediction.starting', 'prediction.processing', 'prediction.succeeded'].map((event) => test.deliver(delivery(fixture(event), secret))));
		expect(answers.map((answer) => answer.started)).toEqual([true, true, true]);
		expect(api.requests).toHaveLength(1);
	});

	it('refuses with 401 api_token_refused, and starts nothing, when Replicate refuses the token', async () => {
		const test = harness(tokenCredential('r8_wrong_token_0000000000'));
		const answer = await test.deliver(delivery(fixture('training.succeeded'), secret));
		expect(answer).toMatchObject({ status: 401, started: false, body: { error: 'api_token_refused' } });
		expect(test.logs.at(-1)).toEqual({ level: 'warn', message: expect.stringContaining('401 api_token_refused') });
		expect(JSON.stringify([answer.body, test.logs])).not.toContain('r8_wrong_token');
	});

	it('refuses with 503 secret_unavailable while the API fails, asks again only after a pause, and recovers', async () => {
		api.failWith(500);
		const test = harness();
		const first = await test.deliver(delivery(fixture('training.succeeded'), secret));
		expect(first).toMatchObject({ status: 503, started: false, body: { error: 'secret_unavailable' } });
		// A burst during the failure is answered from memory, not with one API call each.
		expect(await test.deliver(delivery(fixture('training.succeeded'), secret))).toMatchObject({ status: 503, started: false });
		expect(api.requests).toHaveLength(1);

		api.failWith(undefined);
		later(6_000);
		// Replicate's retry of the final webhook now gets through.
		expect(await test.deliver(delivery(fixture('training.succeeded'), secret))).toMatchObject({ status: 200, started: true });
		expect(api.requests).toHaveLength(2);
	});

	it('refuses with 503 when the API cannot be reached at all', async () => {
		await api.close();
		const answer = await harness().deliver(delivery(fixture('prediction.succeeded'), secret));
		expect(answer).toMatchObject({ status: 503, started: false, body: { error: 'secret_unavailable' } });
		api = await startReplicateApi({ apiToken, secret });
	});

	it('shows the refusal in the editor while testing', async () => {
		const test = harness(tokenCredential('r8_wrong_token_0000000000'));
		await test.startListening();
		const answer = await test.deliver(delivery(fixture('prediction.succeeded'), secret), { test: true });
		expect(answer).toMatchObject({ status: 401, executionError: { message: 'Test delivery refused: api_token_refused' } });
	});

	it('refuses with no_secret when the credential holds no token', async () => {
		const answer = await harness(tokenCredential('')).deliver(delivery(fixture('prediction.succeeded'), secret));
		expect(answer).toMatchObject({ status: 401, body: { error: 'no_secret' } });
		expect(api.requests).toHaveLength(0);
	});

	it('follows a changed secret: asks again when a delivery does not match (at most once a minute), and keeps the old one valid', async () => {
		const test = harness();
		expect((await test.deliver(delivery(fixture('prediction.starting'), secret))).started).toBe(true);
		const rotated = newSvixSecret();
		api.setSecret(rotated);
		// Within the minute: a mismatch is only a mismatch.
		expect(await test.deliver(delivery(fixture('prediction.processing'), rotated))).toMatchObject({ status: 401, body: { error: 'no_matching_signature' } });
		expect(api.requests).toHaveLength(1);

		later(61_000);
		expect((await test.deliver(delivery(fixture('prediction.succeeded'), rotated))).started).toBe(true);
		expect((await test.deliver(delivery(fixture('prediction.failed'), secret))).started).toBe(true);
		expect(api.requests).toHaveLength(2);
		// A forged signature after that does not make it ask again within the minute.
		expect(await test.deliver(delivery(fixture('prediction.canceled'), newSvixSecret()))).toMatchObject({ status: 401 });
		expect(api.requests).toHaveLength(2);
	});

	describe('credential test on Save', () => {
		const run = async (data: ICredentialDataDecryptedObject) =>
			await testReplicateCredential.call({} as ICredentialTestFunctions, { id: 'c1', name: 'Replicate', type: 'replicateApi', data });

		it('reads the secret with the token, as the trigger will', async () => {
			await expect(run(tokenCredential())).resolves.toEqual({ status: 'OK', message: expect.stringContaining('signing secret') });
			expect(api.requests).toEqual([{ method: 'GET', path: '/v1/webhooks/default/secret', authorization: `Bearer ${apiToken}` }]);
		});

		it('says the token was refused, without echoing it', async () => {
			const result = await run(tokenCredential('r8_not_the_token_000000000'));
			expect(result).toEqual({ status: 'Error', message: expect.stringContaining('refused the API token (HTTP 401)') });
			expect(result.message).not.toContain('r8_not_the_token');
		});

		it('says the API could not be reached, naming the base URL', async () => {
			const result = await run({ ...tokenCredential(), baseUrl: 'http://127.0.0.1:9/v1' });
			expect(result).toEqual({ status: 'Error', message: expect.stringContaining('http://127.0.0.1:9/v1') });
		});

		it('checks a pasted secret for its form', async () => {
			await expect(run({ method: 'pasted', signingSecret: newSvixSecret() })).resolves.toMatchObject({ status: 'OK' });
			await expect(run({ method: 'pasted', signingSecret: 'not-a-secret' })).resolves.toMatchObject({ status: 'Error' });
		});
	});
});

describe('Replicate Trigger: what one prediction sends', () => {
	const secret = newSvixSecret();
	const harness = (parameters = {}) => new WebhookHarness(node, spec.credential(secret), parameters);
	const lifecycle = ['prediction.starting', 'prediction.processing', 'prediction.processing', 'prediction.succeeded'];

	it('starts one execution per delivery (start, each output or logs, completed); a retry of one starts nothing', async () => {
		const test = harness();
		const deliveries = lifecycle.map((event, index) => delivery({ ...fixture(event), logs: `step ${index}` }, secret));
		const started = [];
		for (const sent of deliveries) started.push((await test.deliver(sent)).started);
		expect(started).toEqual([true, true, true, true]);
		// Replicate retries the final webhook with the same webhook-id.
		expect(await test.deliver(deliveries[3])).toMatchObject({ started: false, body: { ignored: 'redelivery' } });
	});

	it('starts one execution per prediction when only Completed is selected', async () => {
		const test = harness({ events: ['completed'] });
		const started = [];
		for (const event of lifecycle) started.push((await test.deliver(delivery(fixture(event), secret))).started);
		expect(started).toEqual([false, false, false, true]);
	});

	it('passes on an object whose kind it cannot tell, selected by either kind, with the reason in validationIssues', async () => {
		const withoutUrls: Record<string, unknown> = { ...fixture('prediction.succeeded') };
		delete withoutUrls.urls;
		for (const events of [['training.succeeded'], ['prediction.succeeded'], ['completed']]) {
			const answer = await harness({ events }).deliver(delivery(withoutUrls, secret));
			expect(answer.started).toBe(true);
			expect(answer.items[0]).toMatchObject({ event: 'succeeded', objectKind: null, objectId: 'gm3qorzdhgbfurvjtvhg6dckhu', status: 'succeeded' });
			expect(answer.items[0].validationIssues).toEqual([
				"event: 'succeeded' is not an event this node knows; it is passed on as sent",
				expect.stringContaining('passed on as either'),
			]);
		}
	});

	it("tells a training without urls by its output's weights", async () => {
		const withoutUrls: Record<string, unknown> = { ...fixture('training.succeeded') };
		delete withoutUrls.urls;
		const answer = await harness().deliver(delivery(withoutUrls, secret));
		expect(answer.items[0]).toMatchObject({ event: 'training.succeeded', objectKind: 'training', newModel: 'acme/product-shots-lora', validationIssues: [] });
	});
});

describe("Replicate Trigger agrees with the replicate package's validateWebhook()", () => {
	const secret = newSvixSecret();
	const events = Object.keys(spec.fixtures);

	async function bothVerdicts(body: string, headers: Record<string, string>, checkedWith = secret) {
		const replicateSays = await validateWebhook({
			id: headers['webhook-id'],
			timestamp: headers['webhook-timestamp'],
			signature: headers['webhook-signature'],
			body,
			secret: checkedWith,
		});
		const answer = await new WebhookHarness(node, spec.credential(checkedWith)).deliver({ body, headers });
		return { replicateSays, nodeStarted: answer.started };
	}

	it.each(events)('on an authentic %s delivery', async (event) => {
		const { body, headers } = delivery(fixture(event), secret);
		await expect(bothVerdicts(body, headers)).resolves.toEqual({ replicateSays: true, nodeStarted: true });
	});

	it('on deliveries signed with another secret, or changed after signing', async () => {
		const { body, headers } = delivery(fixture('training.succeeded'), newSvixSecret());
		await expect(bothVerdicts(body, headers)).resolves.toEqual({ replicateSays: false, nodeStarted: false });
		const signed = delivery(fixture('training.succeeded'), secret);
		const changed = signed.body.replace('acme/product-shots-lora', 'mallory/lora');
		await expect(bothVerdicts(changed, signed.headers)).resolves.toEqual({ replicateSays: false, nodeStarted: false });
	});

	it('on a header with two signatures, of which one matches (a secret being changed)', async () => {
		const signed = delivery(fixture('prediction.succeeded'), secret);
		const other = delivery(fixture('prediction.succeeded'), newSvixSecret(), signed.headers['webhook-id']);
		const headers = { ...signed.headers, 'webhook-signature': `${other.headers['webhook-signature']} ${signed.headers['webhook-signature']}` };
		await expect(bothVerdicts(signed.body, headers)).resolves.toEqual({ replicateSays: true, nodeStarted: true });
	});
});
