// What only Segments.ai does, in a real n8n: Svix timestamps checked in both directions, the Standard Webhooks
// header names (webhook-*), a signature list with several entries (the sender's key rotation), both header families
// on one delivery, and Standard Webhooks v1a (ed25519) signatures checked with a whpk_ public key.
import { differs, publishSpecWorkflow } from '../lib/harness.mjs';
import { markerOf, runPlan } from '../lib/plan.mjs';
import { newEd25519KeyPair, randomBase64, standardWebhookHeaders, svixHeaders, v1aHeaders } from '../../support/signing.js';

const STARTED = { status: 200, emit: true };

export function extraCases({ signed, sample, refused, markerOf: marker, STARTED: started, secret, nonce }) {
	const stale = signed(sample('stale'), { date: new Date(Date.now() - 600_000) });
	const future = signed(sample('future'), { date: new Date(Date.now() + 600_000) });
	const standard = signed(sample('standard'));
	const rotated = signed(sample('rotated'));
	rotated.headers['svix-signature'] = `v1,${randomBase64(32)} v2,${randomBase64(32)} ${rotated.headers['svix-signature']}`;
	const replayed = signed(sample('replayed'));
	const replayedHeaders = standardWebhookHeaders(secret, replayed.body, { id: `msg_${nonce()}` });
	const both = signed(sample('both'));
	const bothHeaders = { ...svixHeaders(secret, both.body, { id: `msg_${nonce()}` }) };
	Object.assign(bothHeaders, {
		'webhook-id': bothHeaders['svix-id'],
		'webhook-timestamp': bothHeaders['svix-timestamp'],
		'webhook-signature': bothHeaders['svix-signature'],
	});
	return [
		{
			name: 'Svix timestamp 10 minutes old -> 401, no execution',
			workflow: 'all',
			sends: [{ ...stale, ...refused('stale_timestamp') }],
			executions: 0,
			marker: marker(stale.body),
		},
		{
			name: 'Svix timestamp 10 minutes ahead -> 401, no execution',
			workflow: 'all',
			sends: [{ ...future, ...refused('future_timestamp') }],
			executions: 0,
			marker: marker(future.body),
		},
		{
			name: 'Standard Webhooks header names (webhook-*) -> accepted, one execution',
			workflow: 'all',
			sends: [{ body: standard.body, headers: standardWebhookHeaders(secret, standard.body), ...started }],
			executions: 1,
			marker: marker(standard.body),
		},
		{
			name: 'signature list with other entries (key rotation) -> accepted, one execution',
			workflow: 'all',
			sends: [{ ...rotated, ...started }],
			executions: 1,
			marker: marker(rotated.body),
		},
		{
			name: 'webhook-* delivery replayed with an svix-id of its own -> 401 conflicting_headers, one execution in all',
			workflow: 'all',
			sends: [
				{ body: replayed.body, headers: replayedHeaders, ...started },
				{ body: replayed.body, headers: { ...replayedHeaders, 'svix-id': `msg_${nonce()}` }, ...refused('conflicting_headers') },
			],
			executions: 1,
			marker: marker(replayed.body),
			check: (item) => [differs('eventId', item.eventId, replayedHeaders['webhook-id'])],
		},
		{
			name: 'svix-* and webhook-* naming the same message -> accepted, one execution',
			workflow: 'all',
			sends: [{ body: both.body, headers: bothHeaders, ...started }],
			executions: 1,
			marker: marker(both.body),
			check: (item) => [differs('eventId', item.eventId, bothHeaders['svix-id'])],
		},
	];
}

/** A credential holding a whpk_ public key: v1a deliveries start the workflow, v1 (HMAC) ones are refused. */
export async function run(ctx, spec) {
	const { client, results } = ctx;
	const name = (text) => `${spec.id} (v1a workflow): ${text}`;
	const keys = newEd25519KeyPair();
	const workflows = {};
	const setupOk = await results.check(name('a workflow with a whpk_ public key created and published'), async () => {
		workflows.v1a = await publishSpecWorkflow(client, spec, {
			name: 'segmentsai e2e: v1a',
			data: spec.credential(keys.publicKey),
			parameters: { events: ['*'], deliveryOptions: {} },
		});
		return true;
	});
	const payload = spec.uniquePayload(spec.fixtures['label.updated'], `v1a_${Date.now()}`);
	const body = JSON.stringify(payload);
	const headers = v1aHeaders(keys.secretKey, body);
	const hmac = spec.uniquePayload(spec.fixtures['label.updated'], `v1_${Date.now()}`);
	const hmacBody = JSON.stringify(hmac);
	const plan = [
		{
			name: 'v1a (ed25519) delivery -> one execution, with the signed id',
			workflow: 'v1a',
			sends: [{ body, headers, ...STARTED }],
			executions: 1,
			marker: markerOf(payload),
			check: (item) => [differs('eventId', item.eventId, headers['webhook-id']), differs('event', item.event, 'label.updated')],
		},
		{
			name: 'v1 (HMAC) delivery to a public-key credential -> 401, no execution',
			workflow: 'v1a',
			sends: [
				{
					body: hmacBody,
					headers: svixHeaders(spec.newSecret(), hmacBody),
					status: 401,
					json: (json) => differs('error', json?.error, 'no_matching_signature'),
				},
			],
			executions: 0,
			marker: markerOf(hmac),
		},
	];
	if (!setupOk) {
		for (const entry of plan) results.record(name(entry.name), ['not run: setup failed']);
		return;
	}
	await runPlan(ctx, { name, workflows, plan, hidden: [keys.secretKey] });
}
