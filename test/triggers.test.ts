import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, INodeType } from 'n8n-workflow';

import { DatasaurTrigger } from '../nodes/Datasaur/DatasaurTrigger.node';
import { MythicDotTrigger } from '../nodes/MythicDot/MythicDotTrigger.node';
import { SegmentsAiTrigger } from '../nodes/SegmentsAi/SegmentsAiTrigger.node';
import { fixtures } from './helpers/fixtures';
import { hexHmac, newSvixSecret, svixHeaders } from './helpers/signing';
import { WebhookHarness, type TestAnswer } from './helpers/webhookHarness';

interface PlatformCase {
	name: string;
	platformId: string;
	createNode: () => INodeType;
	fixtures: Record<string, Record<string, unknown>>;
	newSecret: () => string;
	signatureHeader: string;
	/** Signs a body as the platform does; `id` is the delivery id where the platform has one in its headers. */
	sign: (secret: string, body: string, id: string) => Record<string, string>;
	/** The event id the item must carry for a fixture. */
	eventIdOf: (payload: Record<string, unknown>, deliveryId: string) => string;
	/** Typed fields each documented event must put on the item, written out by hand from the fixtures. */
	expectedFields: Record<string, IDataObject>;
}

const hexSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const platforms: PlatformCase[] = [
	{
		name: 'MythicDot.AI',
		platformId: 'mythicdot',
		createNode: () => new MythicDotTrigger(),
		fixtures: fixtures.mythicdot,
		newSecret: hexSecret,
		signatureHeader: 'x-mythicdot-signature',
		sign: (secret, body) => ({ 'X-MythicDot-Signature': hexHmac(secret, body) }),
		eventIdOf: (payload) => payload.id as string,
		expectedFields: {
			'batch.completed': {
				batchId: 'batch_abc123',
				status: 'completed',
				requestCounts: { total: 1000, completed: 998, failed: 2 },
				outputFileId: 'file_xyz789',
				errorFileId: 'file_err456',
				summary: 'Batch batch_abc123 completed: 998 of 1000 requests completed, 2 failed.',
				occurredAt: '2024-01-25T00:00:00.000Z',
			},
			'batch.failed': { batchId: 'batch_def456', status: 'failed', outputFileId: null },
			'fine_tuning.job.created': { jobId: 'ftjob_7Qk2m9', status: 'queued', baseModel: 'mythic-base-7b', fineTunedModel: null },
			'fine_tuning.job.started': { jobId: 'ftjob_7Qk2m9', status: 'running' },
			'fine_tuning.job.succeeded': {
				jobId: 'ftjob_7Qk2m9',
				fineTunedModel: 'ft:mythic-base-7b:acme::8xYz12',
				trainedTokens: 1843200,
				summary: 'Fine-tuning job ftjob_7Qk2m9 succeeded: model ft:mythic-base-7b:acme::8xYz12 is ready.',
			},
			'fine_tuning.job.failed': {
				jobId: 'ftjob_3Lp8r1',
				status: 'failed',
				errorMessage: 'Training file has 3 malformed lines',
			},
			'usage.threshold.reached': { threshold: 100, currentUsage: 101.37, summary: 'Usage threshold of 100 USD reached (now 101.37).' },
		},
	},
	{
		name: 'Segments.ai',
		platformId: 'segments.ai',
		createNode: () => new SegmentsAiTrigger(),
		fixtures: fixtures.segmentsai,
		newSecret: newSvixSecret,
		signatureHeader: 'svix-signature',
		sign: (secret, body, id) => svixHeaders(secret, body, id, new Date()),
		eventIdOf: (_payload, deliveryId) => deliveryId,
		expectedFields: {
			'dataset.created': { dataset: 'jane/flowers', datasetOwner: 'jane', datasetName: 'flowers', objectKind: 'dataset', objectId: 'flowers' },
			'dataset.updated': { objectKind: 'dataset', summary: 'Dataset jane/flowers updated.' },
			'dataset.deleted': { datasetName: 'old-flowers', objectKind: 'dataset' },
			'sample.created': {
				objectKind: 'sample',
				objectId: '602a3eec-a61c-4a77-9fcc-3037ce5d9d4c',
				objectName: 'rose.png',
				sampleUuid: '602a3eec-a61c-4a77-9fcc-3037ce5d9d4c',
				text: 'Sample rose.png created in dataset jane/flowers.',
				summary: 'Sample rose.png created in dataset jane/flowers.',
				occurredAt: '2021-08-09T14:40:19.987Z',
				apiVersion: '2021-08-01',
			},
			'sample.updated': { objectKind: 'sample', objectName: 'rose.png' },
			'sample.deleted': { objectKind: 'sample', objectName: 'tulip.png' },
			'label.updated': { objectKind: 'label', sampleUuid: '602a3eec-a61c-4a77-9fcc-3037ce5d9d4c', labelStatus: 'REVIEWED' },
			'label.deleted': { objectKind: 'label', sampleUuid: '602a3eec-a61c-4a77-9fcc-3037ce5d9d4c' },
			'issue.created': { objectKind: 'issue', objectId: 'c3f7b2d4-5e9a-4f0b-8c1d-2a3b4c5d6e7f', status: 'OPEN' },
			'issue.updated': { objectKind: 'issue', status: 'CLOSED' },
			'release.created': { objectKind: 'release', objectName: 'v1.0', status: 'SUCCEEDED' },
		},
	},
	{
		name: 'Datasaur',
		platformId: 'datasaur',
		createNode: () => new DatasaurTrigger(),
		fixtures: fixtures.datasaur,
		newSecret: () => randomBytes(24).toString('hex'),
		signatureHeader: 'x-datasaur-signature',
		sign: (secret, body) => ({ 'X-Datasaur-Signature': hexHmac(secret, body) }),
		eventIdOf: () => expect.stringMatching(/^body:[0-9a-f]{64}$/) as unknown as string,
		expectedFields: {
			PROJECT_CREATED: {
				projectId: 'cp_8Hf3kQ2m',
				projectName: 'Invoice NER',
				projectTags: ['finance', 'q2'],
				teamId: '112',
				teamName: 'Acme Labeling',
				summary: 'Project "Invoice NER" was created in team Acme Labeling.',
				occurredAt: '2023-05-02T08:12:44.512Z',
			},
			BEFORE_UPDATE_LABELS: {
				documentId: 'doc_91f2',
				fileName: 'invoice-0042.pdf',
				isReviewDocument: false,
				upsertCount: 1,
				deleteCount: 0,
				ownerEmail: 'ana@acme.example',
				teamId: '112',
			},
			PROJECT_COMPLETED: {
				projectId: 'cp_8Hf3kQ2m',
				projectType: 'TOKEN_BASED',
				labelerEmail: 'ana@acme.example',
				labelerName: 'Ana Lima',
				summary: 'Project "Invoice NER" was completed by labeler Ana Lima.',
			},
			PROJECT_REVIEWED: { reviewerEmail: 'raj@acme.example', reviewerName: 'Raj Patel', teamId: '112' },
		},
	},
];

describe.each(platforms)('$name Trigger', (platform) => {
	const secret = platform.newSecret();
	const previousSecret = platform.newSecret();
	const credential: ICredentialDataDecryptedObject = { signingSecret: secret, previousSigningSecret: '' };
	const events = Object.keys(platform.fixtures);
	let deliveryCounter = 0;

	function harness(parameters: IDataObject = {}, credentialData = credential) {
		return new WebhookHarness(platform.createNode(), credentialData, parameters);
	}

	function signed(payload: unknown, signingSecret = secret) {
		const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
		const id = `msg_${++deliveryCounter}_${randomBytes(6).toString('hex')}`;
		const headers: Record<string, string> = { 'content-type': 'application/json', ...platform.sign(signingSecret, body, id) };
		return { body, id, headers };
	}

	/** The header that carries the signature, as the signer spelled it, and its value. */
	function signatureHeaderOf(headers: Record<string, string>): [string, string] {
		const name = Object.keys(headers).find((header) => header.toLowerCase() === platform.signatureHeader)!;
		return [name, headers[name]];
	}

	/** No execution, and the secrets appear nowhere a user or an attacker could read them. */
	function expectNothingStartedOrLeaked(answer: TestAnswer, test: WebhookHarness) {
		expect(answer.started).toBe(false);
		const visible = JSON.stringify([answer.body, test.logs, test.staticData]);
		expect(visible).not.toContain(secret);
		expect(visible).not.toContain(previousSecret);
	}

	it('documents every event of the platform in its Events option, plus Any Event as the default', () => {
		const eventsParameter = platform.createNode().description.properties.find((property) => property.name === 'events')!;
		const values = (eventsParameter.options as Array<{ value: string }>).map((option) => option.value);
		const documented = events.filter((event) => event !== 'fine_tuning.job.started');
		expect(values).toEqual(['*', ...documented]);
		expect(eventsParameter.default).toEqual(['*']);
	});

	it.each(events)('emits one item with the envelope and typed fields for an authentic %s', async (event) => {
		const test = harness();
		const delivery = signed(platform.fixtures[event]);
		const before = Date.now();
		const answer = await test.deliver(delivery);
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(true);
		expect(answer.items).toHaveLength(1);
		const item = answer.items[0];
		expect(item).toMatchObject({
			platform: platform.platformId,
			event,
			eventId: platform.eventIdOf(platform.fixtures[event], delivery.id),
			validationIssues: [],
			payload: platform.fixtures[event],
			...platform.expectedFields[event],
		});
		expect(typeof item.summary).toBe('string');
		expect((item.summary as string).length).toBeGreaterThan(10);
		expect(Date.parse(item.receivedAt as string)).toBeGreaterThanOrEqual(before - 1);
		expect(Number.isNaN(Date.parse(item.occurredAt as string))).toBe(false);
		expect(item).not.toHaveProperty('rawBody');
		expect(item).not.toHaveProperty('headers');
		expect(JSON.stringify(item)).not.toContain(secret);
	});

	it('refuses a delivery without its signature header: 401, no execution, a warning naming the reason', async () => {
		const test = harness();
		const answer = await test.deliver({ body: JSON.stringify(platform.fixtures[events[0]]), headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(401);
		expect(answer.body).toMatchObject({ error: 'missing_header' });
		expectNothingStartedOrLeaked(answer, test);
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining('missing_header') }]);
	});

	it('refuses a forged signature and a delivery signed with another secret', async () => {
		const test = harness();
		const forged = signed(platform.fixtures[events[0]]);
		const [headerName, signature] = signatureHeaderOf(forged.headers);
		// Same length and alphabet as a real signature, but random.
		const randomSignature = signature.replace(/[0-9a-f]/g, () => randomBytes(1)[0].toString(16)[0]);
		const forgedAnswer = await test.deliver({ ...forged, headers: { ...forged.headers, [headerName]: randomSignature } });
		expect(forgedAnswer.status).toBe(401);
		expectNothingStartedOrLeaked(forgedAnswer, test);
		const other = signed(platform.fixtures[events[0]], platform.newSecret());
		const otherAnswer = await test.deliver(other);
		expect(otherAnswer).toMatchObject({ status: 401, body: { error: 'no_matching_signature' } });
		expectNothingStartedOrLeaked(otherAnswer, test);
	});

	it('refuses a body changed after signing', async () => {
		const test = harness();
		const delivery = signed(platform.fixtures[events[0]]);
		const answer = await test.deliver({ ...delivery, body: delivery.body.replace(/"(\w)/, '"X$1') });
		expect(answer).toMatchObject({ status: 401, body: { error: 'no_matching_signature' } });
		expectNothingStartedOrLeaked(answer, test);
	});

	it('refuses a malformed signature header', async () => {
		const test = harness();
		const delivery = signed(platform.fixtures[events[0]]);
		const [headerName] = signatureHeaderOf(delivery.headers);
		const answer = await test.deliver({ ...delivery, headers: { ...delivery.headers, [headerName]: 'not a signature' } });
		expect(answer.status).toBe(401);
		expect(['malformed_header', 'no_matching_signature']).toContain((answer.body as IDataObject).error);
		expectNothingStartedOrLeaked(answer, test);
	});

	it('tells the user when the pasted secret has surrounding whitespace', async () => {
		const test = harness({}, { signingSecret: `${secret}\n` });
		const answer = await test.deliver(signed(platform.fixtures[events[0]]));
		expect(answer).toMatchObject({ status: 401, body: { error: 'secret_has_whitespace' } });
		expectNothingStartedOrLeaked(answer, test);
	});

	it('accepts a delivery signed with the previous secret during rotation', async () => {
		const test = harness({}, { signingSecret: secret, previousSigningSecret: previousSecret });
		const answer = await test.deliver(signed(platform.fixtures[events[0]], previousSecret));
		expect(answer.started).toBe(true);
	});

	it('answers 400 without an execution when an authentic body is not JSON', async () => {
		const test = harness();
		const answer = await test.deliver(signed('{"truncated": '));
		expect(answer).toMatchObject({ status: 400, body: { error: 'unparseable_body' } });
		expectNothingStartedOrLeaked(answer, test);
	});

	it('authenticates before parsing: an unsigned body that is not JSON gets 401, not 400', async () => {
		const test = harness();
		const answer = await test.deliver({ body: 'not json', headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(401);
	});

	it('answers 200 without an execution for an event the user did not select', async () => {
		const [selected, other] = events;
		const test = harness({ events: [selected] });
		const answer = await test.deliver(signed(platform.fixtures[other]));
		expect(answer).toMatchObject({ status: 200, body: { received: true, ignored: 'event_not_selected' } });
		expect(answer.started).toBe(false);
		expect((await test.deliver(signed(platform.fixtures[selected]))).started).toBe(true);
	});

	it('starts one execution for an event delivered twice, and two when de-duplication is off', async () => {
		const payload = platform.fixtures[events[0]];
		const delivery = signed(payload);
		const test = harness();
		expect((await test.deliver(delivery)).started).toBe(true);
		const again = await test.deliver(delivery);
		expect(again).toMatchObject({ status: 200, body: { received: true, ignored: 'redelivery' }, started: false });

		const withoutDeduplication = harness({ deliveryOptions: { deduplicate: false } });
		expect((await withoutDeduplication.deliver(delivery)).started).toBe(true);
		expect((await withoutDeduplication.deliver(delivery)).started).toBe(true);
	});

	it('records the event id in the execution, not in the webhook call (n8n only persists the former)', async () => {
		const test = harness();
		const delivery = signed(platform.fixtures[events[0]]);
		const unfinished = await test.deliver(delivery, { runExecution: false });
		expect(unfinished.started).toBe(true);
		expect(test.staticData.seenEventIds).toBeUndefined();
		// A redelivery that overtakes the unfinished first execution is not yet known, and starts again.
		expect((await test.deliver(delivery)).started).toBe(true);
		expect(Object.keys(test.staticData.seenEventIds as object)).toEqual([`${platform.platformId}:${unfinished.items[0].eventId}`]);
		expect((await test.deliver(delivery)).body).toMatchObject({ ignored: 'redelivery' });
	});

	it('passes the item on unchanged through execute(), paired with its input', async () => {
		const test = harness();
		const answer = await test.deliver(signed(platform.fixtures[events[0]]), { runExecution: false });
		const raw = await new WebhookHarness(platform.createNode(), credential).runExecution(
			answer.items.map((json) => ({ json })),
		);
		expect(raw).toEqual([{ json: answer.items[0], pairedItem: { item: 0 } }]);
	});

	it('emits an unknown event as sent, with the reason in validationIssues', async () => {
		const test = harness();
		const payload = JSON.parse(JSON.stringify(platform.fixtures[events[0]]).replace(`"${events[0]}"`, '"model.retired"'));
		const answer = await test.deliver(signed(payload));
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({ event: 'model.retired', payload });
		expect(answer.items[0].validationIssues).toEqual([expect.stringContaining("'model.retired' is not an event this node knows")]);
	});

	it('lets an unknown event through only when Any Event is selected', async () => {
		const test = harness({ events: events.slice(0, 2) });
		const payload = JSON.parse(JSON.stringify(platform.fixtures[events[0]]).replace(`"${events[0]}"`, '"model.retired"'));
		expect((await test.deliver(signed(payload))).body).toMatchObject({ ignored: 'event_not_selected' });
	});

	it('emits a known event with an unexpected shape, listing what did not match', async () => {
		const test = harness();
		// Drop the first nested object (MythicDot/Datasaur `data`, Segments.ai `object`): a shape the schema refuses.
		const payload = { ...platform.fixtures[events[0]] };
		delete payload[Object.keys(payload).find((key) => typeof payload[key] === 'object')!];
		const answer = await test.deliver(signed(payload));
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({ event: events[0], payload });
		expect((answer.items[0].validationIssues as string[]).length).toBeGreaterThan(0);
	});

	it('puts the raw body and redacted headers on the item when asked', async () => {
		const test = harness({ deliveryOptions: { includeRawBody: true, includeHeaders: true } });
		const delivery = signed(platform.fixtures[events[0]]);
		const item = (await test.deliver(delivery)).items[0];
		expect(item.rawBody).toBe(delivery.body);
		const headers = item.headers as IDataObject;
		expect(headers['content-type']).toBe('application/json');
		expect(headers[platform.signatureHeader]).toBe('[redacted]');
		expect(JSON.stringify(item)).not.toContain(signatureHeaderOf(delivery.headers)[1]);
	});
});

describe('Segments.ai timestamps', () => {
	const secret = newSvixSecret();
	const body = JSON.stringify(fixtures.segmentsai['sample.created']);

	it.each([
		['ten minutes old', -600, 'stale_timestamp'],
		['ten minutes ahead', 600, 'future_timestamp'],
	])('refuses a delivery signed %s with the default tolerance', async (_label, offsetSeconds, reason) => {
		const test = new WebhookHarness(new SegmentsAiTrigger(), { signingSecret: secret });
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, 'msg_time', new Date(Date.now() + offsetSeconds * 1000)) });
		expect(answer).toMatchObject({ status: 401, body: { error: reason }, started: false });
	});

	it('accepts the same delivery when the tolerance option allows it', async () => {
		const test = new WebhookHarness(new SegmentsAiTrigger(), { signingSecret: secret }, { deliveryOptions: { toleranceSeconds: 900 } });
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, 'msg_time', new Date(Date.now() - 600 * 1000)) });
		expect(answer.started).toBe(true);
	});

	it('accepts Standard Webhooks header names too', async () => {
		const test = new WebhookHarness(new SegmentsAiTrigger(), { signingSecret: secret });
		const svix = svixHeaders(secret, body, 'msg_std', new Date());
		const answer = await test.deliver({
			body,
			headers: { 'webhook-id': svix['svix-id'], 'webhook-timestamp': svix['svix-timestamp'], 'webhook-signature': svix['svix-signature'] },
		});
		expect(answer.started).toBe(true);
		expect(answer.items[0].eventId).toBe('msg_std');
	});
});
