// The cases every platform that signs its deliveries goes through in a real n8n. A platform file describes how the
// platform signs and what its items look like (see platforms/*.mjs); this file sends the deliveries and judges them.
import { randomBytes } from 'node:crypto';

import { activate, createCredential, createTriggerWorkflow, differs, short } from './harness.mjs';
import { markerOf, runPlan } from './plan.mjs';

// An emit is answered by n8n itself (responseMode onReceived), not by the node: judged once per platform, below.
const STARTED = { status: 200, emit: true };
const ANY_EVENT = '*';

/**
 * @param ctx {client, results, log}
 * @param spec a signed platform:
 *   id, platformId, nodeName, displayName, credentialType, fixtures {event: payload},
 *   newSecret(), sign(body, secret, {msgId, date}) -> headers, forge(body, {msgId, date}) -> headers,
 *   eventIdOf(body, headers) -> the item's eventId (undefined: engine-derived, any non-empty string),
 *   eventNameOf(payload), uniquePayload(payload, tag) -> a payload no other case sends, tamper(payload),
 *   unknownEventPayload(tag),
 *   typedFields(event, payload) -> the fields the item must carry, signatureHeaders [lower-case names],
 *   extraCases?(tools) -> more plan entries (see `plan` below).
 */
export async function runSignedWebhookSuite(ctx, spec) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id}: ${text}`;
	const secret = spec.newSecret();
	const previous = spec.newSecret();
	const wrong = spec.newSecret();
	const events = Object.keys(spec.fixtures);
	// Pretty-printed: bytes a re-serialization would not reproduce, so a pass proves the raw bytes were verified.
	const body = (payload) => JSON.stringify(payload, null, 2);
	const nonce = () => randomBytes(6).toString('hex');

	// ---- setup: one credential; a workflow taking any event, one taking only the first fixture's event ----
	const workflows = {};
	const setupOk = await results.check(name('credential + workflows created and activated in n8n'), async () => {
		const credential = await createCredential(client, {
			name: `${spec.id} e2e`,
			type: spec.credentialType,
			data: { signingSecret: secret, previousSigningSecret: previous },
		});
		workflows.all = await createTriggerWorkflow(client, {
			name: `${spec.id} e2e: any event`,
			nodeName: spec.nodeName,
			displayName: spec.displayName,
			credentialType: spec.credentialType,
			credential,
			parameters: {
				events: [ANY_EVENT],
				deliveryOptions: { deduplicate: true, includeRawBody: true, includeHeaders: true },
			},
		});
		workflows.subset = await createTriggerWorkflow(client, {
			name: `${spec.id} e2e: ${events[0]} only`,
			nodeName: spec.nodeName,
			displayName: spec.displayName,
			credentialType: spec.credentialType,
			credential,
			parameters: { events: [events[0]], deliveryOptions: {} },
		});
		await activate(client, workflows.all);
		await activate(client, workflows.subset);
		return true;
	});

	// ---- the plan: every entry is one case: requests with their expected answers, and executions expected ----
	const signed = (payload, opts = {}) => {
		const text = typeof payload === 'string' ? payload : body(payload);
		const headers = spec.sign(text, opts.secret ?? secret, opts);
		return { body: text, headers };
	};
	const refused = (reason) => ({ status: 401, json: (json) => differs('error', json?.error, reason) });
	const plan = [];

	for (const event of events) {
		const delivery = signed(spec.fixtures[event]);
		plan.push({
			name: `authentic ${event} -> one execution with the typed item`,
			workflow: 'all',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
			check: (item) => checkItem(spec, item, { event, delivery, payload: spec.fixtures[event] }),
		});
	}

	const unknown = signed(spec.unknownEventPayload(nonce()));
	const unknownPayload = JSON.parse(unknown.body);
	plan.push({
		name: 'authentic unknown event -> still emitted, event kept as sent',
		workflow: 'all',
		sends: [{ ...unknown, ...STARTED }],
		executions: 1,
		marker: markerOf(unknown.body),
		check: (item) => [
			differs('platform', item.platform, spec.platformId),
			differs('event', item.event, spec.eventNameOf(unknownPayload)),
			differs('payload', item.payload, unknownPayload),
			Array.isArray(item.validationIssues) ? undefined : 'validationIssues is not a list',
		],
	});

	const sample = (tag) => spec.uniquePayload(spec.fixtures[events[events.length - 1]], `${tag}_${nonce()}`);

	{
		const payload = sample('forged');
		const text = body(payload);
		const headers = spec.forge(text, {});
		plan.push({
			name: 'forged signature -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, headers, ...refused('no_matching_signature') }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const original = sample('tampered');
		const { headers } = signed(original);
		const text = body(spec.tamper(original));
		plan.push({
			name: 'body changed after signing -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, headers, ...refused('no_matching_signature') }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const delivery = signed(sample('wrongsecret'), { secret: wrong });
		plan.push({
			name: 'signed with another secret -> 401, no execution',
			workflow: 'all',
			sends: [{ ...delivery, ...refused('no_matching_signature') }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const text = body(sample('noheader'));
		plan.push({
			name: 'no signature headers -> 401, no execution',
			workflow: 'all',
			sends: [{ body: text, headers: {}, ...refused('missing_header') }],
			executions: 0,
			marker: markerOf(text),
		});
	}
	{
		const delivery = signed('{"this is": not JSON, "id": ');
		plan.push({
			name: 'correctly signed unparseable JSON -> 400 unparseable_body, no execution',
			workflow: 'all',
			sends: [{ ...delivery, status: 400, json: (json) => differs('error', json?.error, 'unparseable_body') }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
	}
	{
		const payload = sample('redelivery');
		const msgId = `msg_${nonce()}`;
		const first = signed(payload, { msgId });
		const second = signed(payload, { msgId, date: new Date(Date.now() + 1000) });
		plan.push({
			name: 'same event id redelivered after the first execution -> one execution, 2nd answered 200 redelivery',
			workflow: 'all',
			sends: [
				// Quiet workflow first: n8n saves static data whole at the end of each execution, so an older execution
				// finishing later would overwrite the recorded id (a documented limit of de-duplication under bursts).
				{ ...first, ...STARTED, afterExecutionsFinish: true },
				{ ...second, afterExecutionsFinish: true, status: 200, json: { received: true, ignored: 'redelivery' } },
			],
			executions: 1,
			marker: markerOf(first.body),
		});
	}
	{
		const delivery = signed(sample('previous'), { secret: previous });
		plan.push({
			name: 'signed with the previous secret (rotation) -> accepted, one execution',
			workflow: 'all',
			sends: [{ ...delivery, ...STARTED }],
			executions: 1,
			marker: markerOf(delivery.body),
		});
	}
	{
		const other = events.find((event) => event !== events[0]);
		const delivery = signed(spec.uniquePayload(spec.fixtures[other], `notselected_${nonce()}`));
		plan.push({
			name: `event not selected (${other} to a ${events[0]}-only workflow) -> 200, no execution`,
			workflow: 'subset',
			sends: [{ ...delivery, status: 200, json: { received: true, ignored: 'event_not_selected' } }],
			executions: 0,
			marker: markerOf(delivery.body),
		});
		const selected = signed(spec.uniquePayload(spec.fixtures[events[0]], `selected_${nonce()}`));
		plan.push({
			name: `selected event (${events[0]}) on the same workflow -> one execution`,
			workflow: 'subset',
			sends: [{ ...selected, ...STARTED }],
			executions: 1,
			marker: markerOf(selected.body),
			check: (item) => [differs('event', item.event, events[0])],
		});
	}
	for (const extra of spec.extraCases?.({ signed, body, sample, refused, markerOf, nonce, STARTED }) ?? []) plan.push(extra);

	if (!setupOk) {
		for (const entry of plan) results.record(name(entry.name), ['not run: setup failed']);
		results.record(name('no executions other than the expected ones'), ['not run: setup failed']);
		results.record(name('deactivated workflows answer 404'), ['not run: setup failed']);
		return;
	}

	await runPlan(ctx, { name, workflows, plan, hidden: [secret, previous] });
}

/** The envelope every item carries, plus the platform's typed fields for this event. */
function checkItem(spec, item, { event, delivery, payload }) {
	const problems = [
		differs('platform', item.platform, spec.platformId),
		differs('event', item.event, event),
		eventIdProblem(spec.eventIdOf(delivery.body, delivery.headers), item.eventId),
		isIsoDate(item.occurredAt) ? undefined : `occurredAt ${short(item.occurredAt)} is not an ISO date`,
		isIsoDate(item.receivedAt) ? undefined : `receivedAt ${short(item.receivedAt)} is not an ISO date`,
		typeof item.summary === 'string' && item.summary.length > 0 ? undefined : `summary ${short(item.summary)}`,
		differs('validationIssues', item.validationIssues, []),
		differs('payload', item.payload, payload),
		differs('rawBody', item.rawBody, delivery.body),
	];
	for (const header of spec.signatureHeaders) {
		problems.push(differs(`headers["${header}"]`, item.headers?.[header], '[redacted]'));
	}
	for (const [field, value] of Object.entries(spec.typedFields(event, payload))) {
		problems.push(differs(field, item[field], value));
	}
	return problems;
}


/** `expected` undefined: the platform sends no id and the engine derives one; any non-empty string will do. */
function eventIdProblem(expected, actual) {
	if (expected !== undefined) return differs('eventId', actual, expected);
	return typeof actual === 'string' && actual.length > 0 ? undefined : `eventId ${short(actual)}`;
}

function isIsoDate(value) {
	return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
}
