// The cases every platform goes through in a real n8n, driven by its spec (test/platforms/<id>.js: how it proves a
// delivery, how to forge one, what each item must carry). This file sends the deliveries and judges them.
import { randomBytes } from 'node:crypto';

import { activate, createCredential, createTriggerWorkflow, differs, short } from './harness.mjs';
import { markerOf, runPlan } from './plan.mjs';

// An emit is answered by n8n itself (responseMode onReceived), not by the node: judged once per platform, in runPlan.
const STARTED = { status: 200, emit: true };
const ANY_EVENT = '*';

/**
 * @param ctx {client, results, log}
 * @param spec a PlatformSpec (test/platforms/types.d.ts)
 * @param extraCases optional (tools) -> more plan entries, for what only this platform does
 */
export async function runPlatformSuite(ctx, spec, extraCases) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id}: ${text}`;
	const secret = spec.newSecret();
	const previous = spec.rotates ? spec.newSecret() : '';
	const wrong = spec.newSecret();
	const events = Object.keys(spec.fixtures);
	const [selectedEvent, otherEvent] = spec.selection;
	// Pretty-printed: bytes a re-serialization would not reproduce, so a pass proves the raw bytes were verified.
	const body = (payload) => JSON.stringify(payload, null, 2);
	const nonce = () => randomBytes(6).toString('hex');

	// ---- setup: one credential; a workflow taking any event, one taking only the selected event ----
	const workflows = {};
	const setupOk = await results.check(name('credential + workflows created and published in n8n'), async () => {
		const credential = await createCredential(client, {
			name: `${spec.id} e2e`,
			type: spec.credentialType,
			data: spec.credential(secret, previous),
		});
		const common = { nodeName: spec.nodeName, displayName: spec.displayName, credentialType: spec.credentialType, credential };
		workflows.all = await createTriggerWorkflow(client, {
			...common,
			name: `${spec.id} e2e: any event`,
			parameters: {
				...spec.baseParameters,
				events: [ANY_EVENT],
				deliveryOptions: { deduplicate: true, includeRawBody: true, includeHeaders: true },
			},
		});
		workflows.subset = await createTriggerWorkflow(client, {
			...common,
			name: `${spec.id} e2e: ${selectedEvent} only`,
			parameters: { ...spec.baseParameters, events: [selectedEvent], deliveryOptions: {} },
		});
		// A workflow saved before the node's version 1.1 (n8n leaves the body to the node there): it must keep working.
		workflows.v1 = await createTriggerWorkflow(client, {
			...common,
			name: `${spec.id} e2e: saved at node version 1`,
			typeVersion: 1,
			parameters: { ...spec.baseParameters, events: [ANY_EVENT], deliveryOptions: {} },
		});
		await activate(client, workflows.all);
		await activate(client, workflows.subset);
		await activate(client, workflows.v1);
		return true;
	});

	// ---- the plan: every entry is one case: requests with their expected answers, and executions expected ----
	/** A delivery as the platform sends it: the body, and the proof in headers and/or query. */
	const signed = (payload, opts = {}) => {
		const text = typeof payload === 'string' ? payload : body(payload);
		return { body: text, ...spec.sign(text, opts.secret ?? secret, opts) };
	};
	const refused = (reason) => ({ status: 401, json: (json) => differs('error', json?.error, reason) });
	const sample = (tag) => spec.uniquePayload(spec.fixtures[events[events.length - 1]], `${tag}_${nonce()}`);
	const plan = [];

	for (const event of events) {
		const delivery = signed(spec.fixtures[event]);
		plan.push({
			name: `authentic ${event} -> one execution with the typed item`,
			workflow: 'all',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
			check: (item) => checkItem(spec, item, { event, delivery, secrets: [secret, previous] }),
		});
	}

	{
		const delivery = signed(spec.unknownEventPayload(nonce()));
		const payload = JSON.parse(delivery.body);
		plan.push({
			name: 'authentic unknown event -> still emitted, event kept as sent',
			workflow: 'all',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
			check: (item) => [
				differs('platform', item.platform, spec.platformId),
				differs('event', item.event, spec.unknownEventName),
				differs('payload', item.payload, payload),
				differs('validationIssues', item.validationIssues, [`event: '${spec.unknownEventName}' is not an event this node knows; it is passed on as sent`]),
			],
		});
	}
	{
		const text = body(sample('forged'));
		plan.push({
			name: 'forged proof -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, ...spec.forge(text), ...refused(spec.reasons.wrong) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	if (spec.coversBody) {
		const original = sample('tampered');
		const { headers, query } = signed(original);
		const text = body(spec.tamper(original));
		plan.push({
			name: 'body changed after signing -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, headers, query, ...refused(spec.reasons.wrong) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const delivery = signed(sample('wrongsecret'), { secret: wrong });
		plan.push({
			name: 'signed with another secret -> 401, no execution',
			workflow: 'all',
			sends: [{ ...delivery, ...refused(spec.reasons.wrong) }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const text = body(sample('noproof'));
		plan.push({
			name: 'no proof at all -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, headers: {}, query: {}, ...refused(spec.reasons.missing) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const delivery = signed(sample('malformed'));
		plan.push({
			name: 'a proof that cannot be one -> 401, no execution',
			workflow: 'all',
			sends: [{ body: delivery.body, ...spec.malform(delivery), ...refused(spec.reasons.malformed) }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	// Above node version 1 n8n parses a JSON body itself before the node runs and answers malformed JSON 422; a body
	// it does not parse as JSON (text/plain here) reaches the node, which authenticates it first.
	const UNPARSEABLE = '{"this is": not JSON, "id": ';
	const asText = (delivery) => ({ ...delivery, headers: { ...delivery.headers, 'content-type': 'text/plain' } });
	{
		const delivery = signed(UNPARSEABLE);
		plan.push({
			name: "correctly signed malformed JSON sent as JSON -> n8n's own 422, no execution",
			workflow: 'all',
			sends: [{ ...delivery, status: 422 }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const delivery = asText(signed(`${UNPARSEABLE}"text"`));
		plan.push({
			name: 'correctly signed unparseable body sent as text -> 400 unparseable_body, no execution',
			workflow: 'all',
			sends: [{ ...delivery, status: 400, json: (json) => differs('error', json?.error, 'unparseable_body') }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const text = `${UNPARSEABLE}"unsigned"`;
		plan.push({
			name: 'unparseable body sent as text without proof -> 401 (authenticated before parsed), no execution',
			workflow: 'all',
			sends: [{ body: text, headers: { 'content-type': 'text/plain' }, query: {}, ...refused(spec.reasons.missing) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const event = events[0];
		const delivery = signed(spec.uniquePayload(spec.fixtures[event], `v1_${nonce()}`));
		plan.push({
			name: `saved at node version 1: authentic ${event} -> one execution with the typed item`,
			workflow: 'v1',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
			check: (item) => [differs('event', item.event, event), differs('payload', item.payload, JSON.parse(delivery.body))],
		});
	}
	{
		const text = body(sample('v1forged'));
		plan.push({
			name: 'saved at node version 1: forged proof -> 401, no execution',
			workflow: 'v1',
			sends: [{ body: text, ...spec.forge(text), ...refused(spec.reasons.wrong) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const delivery = signed(`${UNPARSEABLE}"v1"`);
		plan.push({
			name: 'saved at node version 1: correctly signed malformed JSON sent as JSON -> 400 unparseable_body, no execution',
			workflow: 'v1',
			sends: [{ ...delivery, status: 400, json: (json) => differs('error', json?.error, 'unparseable_body') }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const text = `${UNPARSEABLE}"v1 unsigned"`;
		plan.push({
			name: 'saved at node version 1: malformed JSON without proof sent as JSON -> 401 (authenticated before parsed)',
			workflow: 'v1',
			sends: [{ body: text, headers: {}, query: {}, ...refused(spec.reasons.missing) }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const payload = sample('redelivery');
		const id = `msg_${nonce()}`;
		const first = signed(payload, { id });
		const second = signed(payload, { id, date: new Date(Date.now() + 1000) });
		plan.push({
			name: 'same event redelivered after the first execution finished -> one execution, 2nd answered 200 redelivery',
			workflow: 'all',
			sends: [
				{ ...first, ...STARTED },
				{ ...second, afterExecutionsFinish: true, status: 200, json: { received: true, ignored: 'redelivery' } },
			],
			executions: 1,
			marker: markerOf(first.body),
		});
	}
	{
		const payload = sample('fivecopies');
		const id = `msg_${nonce()}`;
		const copies = Array.from({ length: 5 }, () => signed(payload, { id }));
		// A copy that arrives while n8n is still storing the first one's execution is asked to retry (503, Retry-After).
		const startedOrRedelivery = (answer) =>
			(answer.status === 200 && (answer.json?.message === 'Workflow was started' || answer.json?.ignored === 'redelivery')) ||
			(answer.status === 503 && answer.json?.error === 'event_in_progress' && Number(answer.headers?.get('retry-after')) > 0)
				? undefined
				: `answered ${answer.status} ${short(answer.text, 80)}`;
		plan.push({
			name: 'five copies of one event at once -> one execution, the other four answered 200 redelivery or 503 retry later',
			workflow: 'all',
			sends: copies.map((copy) => ({ ...copy, status: startedOrRedelivery })),
			together: (answers) => {
				const started = answers.filter((answer) => answer.json?.message === 'Workflow was started').length;
				return started === 1 ? undefined : `${started} of 5 copies started an execution`;
			},
			executions: 1,
			marker: markerOf(copies[0].body),
		});
	}
	if (spec.rotates) {
		const delivery = signed(sample('previous'), { secret: previous });
		plan.push({
			name: 'signed with the previous secret (rotation) -> accepted, one execution',
			workflow: 'all',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
		});
	}
	if (spec.rotates) {
		// The sender keeps its own id (Svix) and its body across a retry; only the secret it signs with has changed.
		const payload = sample('bothsecrets');
		const options = { id: `msg_${nonce()}` };
		const old = signed(payload, { ...options, secret: previous });
		const current = signed(payload, { ...options, date: new Date(Date.now() + 1000) });
		plan.push({
			name: 'same event signed with the previous, then the new secret -> one execution, 2nd answered 200 redelivery',
			workflow: 'all',
			sends: [
				{ ...old, ...STARTED, afterExecutionsFinish: true },
				{ ...current, afterExecutionsFinish: true, status: 200, json: { received: true, ignored: 'redelivery' } },
			],
			executions: 1,
			marker: markerOf(old.body),
		});
	}
	{
		const delivery = signed(spec.uniquePayload(spec.fixtures[otherEvent], `notselected_${nonce()}`));
		plan.push({
			name: `event not selected (${otherEvent} to a ${selectedEvent}-only workflow) -> 200, no execution`,
			workflow: 'subset',
			sends: [{ ...delivery, status: 200, json: { received: true, ignored: 'event_not_selected' } }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
		const selected = signed(spec.uniquePayload(spec.fixtures[selectedEvent], `selected_${nonce()}`));
		plan.push({
			name: `selected event (${selectedEvent}) on the same workflow -> one execution`,
			workflow: 'subset',
			sends: [{ ...selected, ...STARTED }],
			executions: 1,
			marker: markerOf(selected.body),
			check: (item) => [differs('event', item.event, selectedEvent)],
		});
	}
	const tools = { signed, body, sample, refused, markerOf, nonce, STARTED, secret, previous };
	for (const extra of extraCases?.(tools) ?? []) plan.push(extra);

	if (!setupOk) {
		for (const entry of plan) results.record(name(entry.name), ['not run: setup failed']);
		return;
	}

	await runPlan(ctx, { name, workflows, plan, hidden: [secret, previous].filter(Boolean) });
}

/** The envelope every item carries, the typed fields the spec writes out for this event, and no secret. */
function checkItem(spec, item, { event, delivery, secrets }) {
	const payload = spec.fixtures[event];
	const problems = [
		differs('platform', item.platform, spec.platformId),
		differs('event', item.event, event),
		eventIdProblem(spec.eventIdOf(delivery.body, delivery), item.eventId),
		isIsoDate(item.receivedAt) ? undefined : `receivedAt ${short(item.receivedAt)} is not an ISO date`,
		differs('validationIssues', item.validationIssues, []),
		differs('payload', item.payload, payload),
		differs('rawBody', item.rawBody, delivery.body),
		secrets.some((secret) => secret && JSON.stringify(item).includes(secret)) ? 'the item carries a secret' : undefined,
	];
	for (const header of spec.signatureHeaders) {
		problems.push(differs(`headers["${header}"]`, item.headers?.[header], '[redacted]'));
	}
	for (const [field, value] of Object.entries(spec.expected[event])) {
		problems.push(differs(field, item[field], value));
	}
	return problems;
}

/** `expected` undefined: the platform sends no id and the node derives one from the body. */
function eventIdProblem(expected, actual) {
	if (expected !== undefined) return differs('eventId', actual, expected);
	return /^body:[0-9a-f]{64}$/.test(actual ?? '') ? undefined : `eventId ${short(actual)} is not body:<sha-256>`;
}

function isIsoDate(value) {
	return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
}
