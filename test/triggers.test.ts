import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_REUSE_MS } from '../nodes/common/n8n/credentialReads';
import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness, type TestAnswer } from './helpers/webhookHarness';
import { specs } from './platforms';
import type { PlatformSpec, Proof } from './platforms/types';
import packageJson from '../package.json';

/** Every node package.json declares has a spec, and every spec a node: a new platform cannot skip the suites. */
describe('the platform specs', () => {
	it('cover exactly the nodes and credentials package.json declares', () => {
		expect(specs.map((spec) => spec.nodeName).sort()).toEqual([...nodeTypes.keys()].sort());
		expect(specs.map((spec) => spec.credentialType).sort()).toEqual([...credentialTypes.keys()].sort());
		expect(packageJson.n8n.nodes).toHaveLength(specs.length);
		for (const spec of specs) {
			const node = nodeTypes.get(spec.nodeName)!;
			expect(node.description.displayName).toBe(spec.displayName);
			expect(node.description.credentials?.map((credential) => credential.name)).toEqual([spec.credentialType]);
		}
	});
});

describe.each(specs)('$name Trigger', (spec: PlatformSpec) => {
	const nodeType = nodeTypes.get(spec.nodeName)!;
	const secret = spec.newSecret();
	const previousSecret = spec.newSecret();
	const credential = spec.credential(secret);
	const events = Object.keys(spec.fixtures);
	let deliveryCounter = 0;

	function harness(parameters: IDataObject = {}, credentialData = credential, typeVersion?: number) {
		return new WebhookHarness(nodeType, credentialData, { ...spec.baseParameters, ...parameters }, { typeVersion });
	}

	function signed(payload: unknown, signingSecret = secret) {
		const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
		const id = `msg_${++deliveryCounter}_${Date.now()}`;
		const proof = spec.sign(body, signingSecret, { id, date: new Date() });
		return { body, ...withContentType(proof) };
	}

	function withContentType(proof: Proof) {
		return { headers: { 'content-type': 'application/json', ...proof.headers }, query: proof.query };
	}

	/** No execution, one warning naming the reason, and the secrets appear nowhere a user or an attacker could read. */
	function expectRefused(answer: TestAnswer, test: WebhookHarness, reason: string) {
		expect(answer).toMatchObject({ status: 401, started: false, body: { error: reason } });
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining(`401 ${reason}`) }]);
		const visible = JSON.stringify([answer.body, test.logs, test.staticData]);
		expect(visible).not.toContain(secret);
		expect(visible).not.toContain(previousSecret);
	}

	it('is new at version 1.1, where n8n keeps the raw body without a per-request expression, and still loads version 1', () => {
		expect(nodeType.description).toMatchObject({ version: [1, 1.1], defaultVersion: 1.1 });
		expect(harness().node.parameters.options).toBeUndefined();
	});

	it('lists every documented event in its Events option, plus Any Event as the default', () => {
		const eventsParameter = nodeType.description.properties.find((property) => property.name === 'events')!;
		const values = (eventsParameter.options as Array<{ value: string }>).map((option) => option.value);
		const groups = Object.keys(spec.selectionGroups ?? {});
		expect(values).toEqual(['*', ...groups, ...events.filter((event) => !(event in spec.eventAliases))]);
		expect(eventsParameter.default).toEqual(['*']);
	});

	const groups = Object.entries(spec.selectionGroups ?? {});
	if (groups.length > 0) {
		it.each(groups)('the option %s lets through exactly the events it names', async (option, selected) => {
			const test = harness({ events: [option] });
			for (const event of events) {
				const answer = await test.deliver(signed(spec.fixtures[event]));
				expect({ event, started: answer.started }).toEqual({ event, started: selected.includes(event) });
			}
		});
	}

	it.each(events)('emits one item with the envelope and the typed fields for an authentic %s', async (event) => {
		const test = harness();
		const delivery = signed(spec.fixtures[event]);
		const before = Date.now();
		const answer = await test.deliver(delivery);
		expect(answer).toMatchObject({ status: 200, started: true });
		expect(answer.items).toHaveLength(1);
		const item = answer.items[0];
		expect(item).toEqual({
			platform: spec.platformId,
			event,
			eventId: spec.eventIdOf(delivery.body, delivery) ?? expect.stringMatching(/^body:[0-9a-f]{64}$/),
			receivedAt: expect.any(String),
			validationIssues: [],
			payload: spec.fixtures[event],
			...spec.expected[event],
		});
		expect(Date.parse(item.receivedAt as string)).toBeGreaterThanOrEqual(before - 1);
		expect(Date.parse(item.receivedAt as string)).toBeLessThanOrEqual(Date.now());
		expect(JSON.stringify(item)).not.toContain(secret);
	});

	const aliases = Object.entries(spec.eventAliases);
	if (aliases.length > 0) {
		it.each(aliases)('selects %s through the option %s, which names it under another name', async (alias, option) => {
			const answer = await harness({ events: [option] }).deliver(signed(spec.fixtures[alias]));
			expect(answer.items[0]).toMatchObject({ event: alias });
		});
	}

	it('refuses a delivery without its proof: 401, no execution, a warning naming the reason', async () => {
		const test = harness();
		const answer = await test.deliver({ body: JSON.stringify(spec.fixtures[events[0]]), ...withContentType({ headers: {}, query: {} }) });
		expectRefused(answer, test, spec.reasons.missing);
	});

	it('refuses a forged proof', async () => {
		const test = harness();
		const body = JSON.stringify(spec.fixtures[events[0]]);
		expectRefused(await test.deliver({ body, ...withContentType(spec.forge(body)) }), test, spec.reasons.wrong);
	});

	it('refuses a delivery signed with another secret', async () => {
		const test = harness();
		expectRefused(await test.deliver(signed(spec.fixtures[events[0]], spec.newSecret())), test, spec.reasons.wrong);
	});

	it('refuses a proof that cannot be one', async () => {
		const test = harness();
		const delivery = signed(spec.fixtures[events[0]]);
		expectRefused(await test.deliver({ body: delivery.body, ...withContentType(spec.malform(delivery)) }), test, spec.reasons.malformed);
	});

	if (spec.coversBody) {
		it('refuses a body changed after signing', async () => {
			const test = harness();
			const delivery = signed(spec.fixtures[events[0]]);
			const answer = await test.deliver({ ...delivery, body: JSON.stringify(spec.tamper!(spec.fixtures[events[0]])) });
			expectRefused(answer, test, spec.reasons.wrong);
		});
	}

	it('tells the user when the pasted secret has surrounding whitespace', async () => {
		const test = harness({}, spec.credential(`${secret}\n`));
		expectRefused(await test.deliver(signed(spec.fixtures[events[0]])), test, 'secret_has_whitespace');
	});

	it('refuses everything while the credential holds no secret', async () => {
		const test = harness({}, spec.credential(''));
		expectRefused(await test.deliver(signed(spec.fixtures[events[0]])), test, 'no_secret');
	});

	if (spec.rotates) {
		it('accepts a delivery signed with the previous secret during rotation, and the current one', async () => {
			const test = harness({}, spec.credential(secret, previousSecret));
			expect((await test.deliver(signed(spec.fixtures[events[0]], previousSecret))).started).toBe(true);
			expect((await test.deliver(signed(spec.fixtures[events[1]], secret))).started).toBe(true);
		});
	}

	if (spec.rotates) {
		it('starts one execution for the same event signed with the previous and with the new secret', async () => {
			const test = harness({}, spec.credential(secret, previousSecret));
			const body = JSON.stringify(spec.uniquePayload(spec.fixtures[events[0]], 'rotation'));
			// The sender's own id stays the same across its retries; only the secret it signs with changes.
			const options = { id: `msg_rotation_${Date.now()}`, date: new Date() };
			const first = await test.deliver({ body, ...withContentType(spec.sign(body, previousSecret, options)) });
			const second = await test.deliver({ body, ...withContentType(spec.sign(body, secret, options)) });
			expect(first.started).toBe(true);
			expect(second).toMatchObject({ status: 200, started: false, body: { ignored: 'redelivery' } });
		});
	}

	describe('reading the credential', () => {
		afterEach(() => jest.restoreAllMocks());

		/** The clock `CREDENTIAL_REUSE_MS` later (the signatures' own timestamps stay well within their tolerance). */
		function pastReuseInterval() {
			const now = Date.now();
			jest.spyOn(Date, 'now').mockReturnValue(now + CREDENTIAL_REUSE_MS + 1);
		}

		it('reads the credential once for the deliveries of a few seconds, and again after', async () => {
			const test = harness();
			for (const event of events.slice(0, 3)) expect((await test.deliver(signed(spec.fixtures[event]))).started).toBe(true);
			expect(test.credentialReads).toBe(1);
			pastReuseInterval();
			expect((await test.deliver(signed(spec.uniquePayload(spec.fixtures[events[0]], 'later')))).started).toBe(true);
			expect(test.credentialReads).toBe(2);
		});

		it('reads the credential once for deliveries that arrive together', async () => {
			const test = harness();
			const answers = await Promise.all(events.map(async (event) => await test.deliver(signed(spec.uniquePayload(spec.fixtures[event], `together-${event}`)))));
			expect(answers.map((answer) => answer.started)).toEqual(events.map(() => true));
			expect(test.credentialReads).toBe(1);
		});

		it('applies a secret changed in the credential to the very next delivery', async () => {
			const test = harness();
			expect((await test.deliver(signed(spec.fixtures[events[0]]))).started).toBe(true);
			const newSecret = spec.newSecret();
			test.credential = spec.credential(newSecret);
			expect((await test.deliver(signed(spec.fixtures[events[1]], newSecret))).started).toBe(true);
			expect(test.credentialReads).toBe(2);
			// the old secret, refused with the credential as it is now
			test.logs.length = 0;
			expectRefused(await test.deliver(signed(spec.uniquePayload(spec.fixtures[events[0]], 'old'))), test, spec.reasons.wrong);
		});

		if (spec.rotates) {
			it('stops accepting a previous secret removed from the credential once the reuse interval is over', async () => {
				const test = harness({}, spec.credential(secret, previousSecret));
				expect((await test.deliver(signed(spec.fixtures[events[0]], previousSecret))).started).toBe(true);
				test.credential = spec.credential(secret);
				// within the interval the credential read before still holds it (README, "What a trigger does")
				expect((await test.deliver(signed(spec.fixtures[events[1]], previousSecret))).started).toBe(true);
				pastReuseInterval();
				expectRefused(await test.deliver(signed(spec.uniquePayload(spec.fixtures[events[0]], 'removed'), previousSecret)), test, spec.reasons.wrong);
			});
		}

		if (spec.rotates) {
			it('says in the credential how long a cleared previous secret is still accepted', () => {
				const properties = credentialTypes.get(spec.credentialType)!.properties;
				const previous = properties.find((property) => property.name.startsWith('previous'))!;
				expect(previous.description).toContain(`within ${CREDENTIAL_REUSE_MS / 1000} seconds`);
			});
		}

		it('reads the credential for every test delivery, so that a secret just edited applies while testing', async () => {
			const test = harness();
			await test.startListening();
			expect((await test.deliver(signed(spec.fixtures[events[0]]), { test: true })).started).toBe(true);
			await test.startListening();
			expect((await test.deliver(signed(spec.fixtures[events[1]]), { test: true })).started).toBe(true);
			expect(test.credentialReads).toBe(2);
		});
	});

	it('answers 400 without an execution when an authentic body is not JSON', async () => {
		// Sent as JSON it never reaches the node: n8n answers 422 for malformed JSON above version 1 (README, "Speed").
		const test = harness();
		const delivery = signed('{"truncated": ');
		const answer = await test.deliver({ ...delivery, headers: { ...delivery.headers, 'content-type': 'text/plain' } });
		expect(answer).toMatchObject({ status: 400, started: false, body: { error: 'unparseable_body' } });
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining('400 unparseable_body') }]);
	});

	it('authenticates before parsing: a body that is not JSON and has no proof gets 401, not 400', async () => {
		const test = harness();
		const answer = await test.deliver({ body: 'not json', headers: { 'content-type': 'text/plain' }, query: {} });
		expectRefused(answer, test, spec.reasons.missing);
	});

	it('refuses a multipart body, whose bytes n8n consumed, with 400 and no execution', async () => {
		const test = harness();
		const answer = await test.deliver({ ...signed(spec.fixtures[events[0]]), headers: { 'content-type': 'multipart/form-data; boundary=x' } });
		expect(answer).toMatchObject({ status: 400, started: false, body: { error: 'unparseable_body' } });
	});

	describe('saved at version 1, before n8n parsed bodies for it', () => {
		it('still emits an authentic delivery, verified on the bytes it reads itself', async () => {
			const test = harness({}, credential, 1);
			expect(test.node.parameters.options).toEqual({ binaryData: true });
			const delivery = signed(spec.fixtures[events[0]]);
			expect(await test.deliver(delivery)).toMatchObject({ status: 200, started: true, items: [{ payload: spec.fixtures[events[0]] }] });
		});

		it('answers 400 for an authentic body that is not JSON, and 401 for one without proof', async () => {
			const test = harness({}, credential, 1);
			expect(await test.deliver(signed('{"truncated": '))).toMatchObject({ status: 400, started: false, body: { error: 'unparseable_body' } });
			const unsigned = await harness({}, credential, 1).deliver({ body: 'not json', ...withContentType({ headers: {}, query: {} }) });
			expect(unsigned).toMatchObject({ status: 401, started: false, body: { error: spec.reasons.missing } });
		});
	});

	it('answers 200 without an execution for an event the user did not select', async () => {
		const [selected, other] = spec.selection;
		const test = harness({ events: [selected] });
		const answer = await test.deliver(signed(spec.fixtures[other]));
		expect(answer).toMatchObject({ status: 200, body: { received: true, ignored: 'event_not_selected' }, started: false });
		expect((await test.deliver(signed(spec.fixtures[selected]))).started).toBe(true);
	});

	it('starts one execution for an event delivered twice, and two when de-duplication is off', async () => {
		const delivery = signed(spec.fixtures[events[0]]);
		const test = harness();
		expect((await test.deliver(delivery)).started).toBe(true);
		const again = await test.deliver(delivery);
		expect(again).toMatchObject({ status: 200, body: { received: true, ignored: 'redelivery' }, started: false });

		const withoutDeduplication = harness({ deliveryOptions: { deduplicate: false } });
		expect((await withoutDeduplication.deliver(delivery)).started).toBe(true);
		expect((await withoutDeduplication.deliver(delivery)).started).toBe(true);
	});

	it('claims the event in webhook(), so a copy arriving after n8n stored the execution, before it ran, starts nothing', async () => {
		const test = harness();
		const delivery = signed(spec.fixtures[events[0]]);
		const unfinished = await test.deliver(delivery, { runExecution: false });
		expect(unfinished.started).toBe(true);
		expect(await test.deliver(delivery)).toMatchObject({ started: false, body: { ignored: 'redelivery' } });
		expect(test.store.calls).toBe(0);
	});

	it("records the event in n8n's processed-items store in execute(), and passes it on once", async () => {
		const test = harness();
		const delivery = signed(spec.fixtures[events[0]]);
		const first = await test.deliver(delivery);
		expect(first.items).toHaveLength(1);
		// the event's key, as n8n stores entries (md5, base64); no marker where the process that received it runs it
		const entry = expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/);
		expect([...test.store.records.values()]).toEqual([[entry]]);
		// The same event reaching execute() again (a copy another process let through) is not passed on.
		expect(await test.runExecution(first.items.map((json) => ({ json })))).toEqual([]);
	});

	it('records nothing when Ignore Redeliveries is off', async () => {
		const test = harness({ deliveryOptions: { deduplicate: false } });
		await test.deliver(signed(spec.fixtures[events[0]]));
		expect(test.store.calls).toBe(0);
	});

	it('passes the item on unchanged through execute(), paired with its input', async () => {
		const answer = await harness().deliver(signed(spec.fixtures[events[0]]), { runExecution: false });
		const passed = await harness().runExecution(answer.items.map((json) => ({ json })));
		expect(passed).toEqual([{ json: answer.items[0], pairedItem: { item: 0 } }]);
	});

	it('emits an unknown event as sent, with the reason in validationIssues', async () => {
		const payload = spec.unknownEventPayload('unit');
		const answer = await harness().deliver(signed(payload));
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({ event: spec.unknownEventName, payload });
		expect(answer.items[0].validationIssues).toEqual([
			`event: '${spec.unknownEventName}' is not an event this node knows; it is passed on as sent`,
		]);
	});

	it('lets an unknown event through only when Any Event is selected', async () => {
		const answer = await harness({ events: spec.selection }).deliver(signed(spec.unknownEventPayload('unit')));
		expect(answer).toMatchObject({ started: false, body: { ignored: 'event_not_selected' } });
	});

	it('emits a known event with an unexpected shape, listing what did not match', async () => {
		const [event, payload] = spec.misshapen;
		const answer = await harness().deliver(signed(payload));
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({ event, payload });
		expect(answer.items[0].validationIssues).toEqual(spec.misshapenIssues);
	});

	it('puts the raw body and the headers, with the proof redacted, on the item when asked', async () => {
		const test = harness({ deliveryOptions: { includeRawBody: true, includeHeaders: true } });
		const delivery = signed(spec.fixtures[events[0]]);
		const item = (await test.deliver(delivery)).items[0];
		expect(item.rawBody).toBe(delivery.body);
		const headers = item.headers as IDataObject;
		expect(headers['content-type']).toBe('application/json');
		for (const header of spec.signatureHeaders) expect(headers[header]).toBe('[redacted]');
		const proofValues = spec.signatureHeaders.map((header) => Object.entries(delivery.headers).find(([name]) => name.toLowerCase() === header)![1]);
		for (const value of [...proofValues, secret]) expect(JSON.stringify(item)).not.toContain(value);
	});
});
