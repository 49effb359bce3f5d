// MythicDot.AI in a real n8n: hex HMAC-SHA256 in X-MythicDot-Signature, key = the whole `whsec_…` string.
import { readFileSync } from 'node:fs';

import { runSignedWebhookSuite } from '../lib/signedWebhookSuite.mjs';
import { hexHmac, randomBase64, randomHex } from '../lib/signing.mjs';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/mythicdot.json', import.meta.url), 'utf8'));

export const spec = {
	id: 'mythicdot',
	platformId: 'mythicdot',
	nodeName: 'mythicDotTrigger',
	displayName: 'MythicDot.AI Trigger',
	credentialType: 'mythicDotApi',
	fixtures,
	signatureHeaders: ['x-mythicdot-signature'],
	newSecret: () => `whsec_${randomBase64(32)}`,
	sign: (body, secret) => ({ 'X-MythicDot-Signature': hexHmac(body, secret) }),
	forge: () => ({ 'X-MythicDot-Signature': randomHex(32) }),
	eventIdOf: (body) => JSON.parse(body).id,
	eventNameOf: (payload) => payload.type,
	uniquePayload: (payload, tag) => ({ ...payload, id: `evt_e2e_${tag}` }),
	tamper: (payload) => ({ ...payload, data: { object: { ...payload.data.object, id: 'batch_attacker' } } }),
	unknownEventPayload: (tag) => ({
		id: `evt_unknown_${tag}`,
		type: 'model.deprecated',
		created: Math.floor(Date.now() / 1000),
		data: { object: { id: 'mythic-base-7b', status: 'deprecated' } },
	}),
	typedFields(event, payload) {
		const object = payload.data.object;
		if (event.startsWith('batch.')) {
			return { batchId: object.id, status: object.status, requestCounts: object.request_counts };
		}
		if (event.startsWith('fine_tuning.job.')) {
			return { jobId: object.id, fineTunedModel: object.fine_tuned_model ?? null };
		}
		if (event === 'usage.threshold.reached') return { threshold: object.threshold };
		return {};
	},
};

export default {
	name: 'MythicDot.AI',
	run: (ctx) => runSignedWebhookSuite(ctx, spec),
};
