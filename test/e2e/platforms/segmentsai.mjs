// Segments.ai in a real n8n: Svix-signed deliveries (svix-id / svix-timestamp / svix-signature), signed here by the
// `svix` package itself; the Standard Webhooks header names (webhook-*) must work too.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { runSignedWebhookSuite } from '../lib/signedWebhookSuite.mjs';
import { randomBase64, svixHeaders } from '../lib/signing.mjs';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/segmentsai.json', import.meta.url), 'utf8'));

export const spec = {
	id: 'segmentsai',
	platformId: 'segments.ai',
	nodeName: 'segmentsAiTrigger',
	displayName: 'Segments.ai Trigger',
	credentialType: 'segmentsAiApi',
	fixtures,
	signatureHeaders: ['svix-signature'],
	newSecret: () => `whsec_${randomBytes(24).toString('base64')}`,
	sign: (body, secret, options) => svixHeaders(body, secret, options),
	forge: (body, options) => ({ ...svixHeaders(body, `whsec_${randomBase64(24)}`, options), 'svix-signature': `v1,${randomBase64(32)}` }),
	eventIdOf: (body, headers) => headers['svix-id'] ?? headers['webhook-id'],
	eventNameOf: (payload) => payload.event_type,
	// A field Segments.ai does not send (unknown fields pass through) makes each case's payload distinct.
	uniquePayload: (payload, tag) => ({ ...payload, e2eCase: tag }),
	tamper: (payload) => ({ ...payload, dataset: 'mallory/flowers' }),
	unknownEventPayload: () => ({
		event_type: 'dataset.archived',
		created_at: new Date().toISOString(),
		api_version: '2021-08-01',
		dataset: 'jane/flowers',
		object: { name: 'flowers', full_name: 'jane/flowers' },
		text: 'Dataset jane/flowers archived.',
	}),
	typedFields(event, payload) {
		const object = payload.object;
		return {
			dataset: payload.dataset,
			objectKind: event.split('.')[0],
			objectId: object.uuid ?? object.id ?? object.name ?? null,
			text: payload.text,
		};
	},
	extraCases({ signed, sample, refused, markerOf, STARTED }) {
		const stale = signed(sample('stale'), { date: new Date(Date.now() - 600_000) });
		const future = signed(sample('future'), { date: new Date(Date.now() + 600_000) });
		const standard = signed(sample('standard'));
		const standardHeaders = {
			'webhook-id': standard.headers['svix-id'],
			'webhook-timestamp': standard.headers['svix-timestamp'],
			'webhook-signature': standard.headers['svix-signature'],
		};
		const rotated = signed(sample('rotated'));
		rotated.headers['svix-signature'] = `v1,${randomBase64(32)} v2,${randomBase64(32)} ${rotated.headers['svix-signature']}`;
		return [
			{
				name: 'Svix timestamp 10 minutes old -> 401, no execution',
				workflow: 'all',
				sends: [{ ...stale, ...refused('stale_timestamp') }],
				executions: 0,
				marker: markerOf(stale.body),
			},
			{
				name: 'Svix timestamp 10 minutes ahead -> 401, no execution',
				workflow: 'all',
				sends: [{ ...future, ...refused('future_timestamp') }],
				executions: 0,
				marker: markerOf(future.body),
			},
			{
				name: 'Standard Webhooks header names (webhook-*) -> accepted, one execution',
				workflow: 'all',
				sends: [{ body: standard.body, headers: standardHeaders, ...STARTED }],
				executions: 1,
				marker: markerOf(standard.body),
			},
			{
				name: 'signature list with other entries (key rotation) -> accepted, one execution',
				workflow: 'all',
				sends: [{ ...rotated, ...STARTED }],
				executions: 1,
				marker: markerOf(rotated.body),
			},
		];
	},
};

export default {
	name: 'Segments.ai',
	run: (ctx) => runSignedWebhookSuite(ctx, spec),
};
