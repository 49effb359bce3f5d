// Datasaur in a real n8n: hex HMAC-SHA256 of the raw body in X-Datasaur-Signature. Datasaur sends no event id,
// so the engine keys redeliveries on the body: every distinct case here sends a distinct body.
import { readFileSync } from 'node:fs';

import { runSignedWebhookSuite } from '../lib/signedWebhookSuite.mjs';
import { hexHmac, randomBase64, randomHex } from '../lib/signing.mjs';

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/datasaur.json', import.meta.url), 'utf8'));

export const spec = {
	id: 'datasaur',
	platformId: 'datasaur',
	nodeName: 'datasaurTrigger',
	displayName: 'Datasaur Trigger',
	credentialType: 'datasaurApi',
	fixtures,
	signatureHeaders: ['x-datasaur-signature'],
	newSecret: () => randomBase64(30),
	sign: (body, secret) => ({ 'X-Datasaur-Signature': hexHmac(body, secret) }),
	forge: () => ({ 'X-Datasaur-Signature': randomHex(32) }),
	// No id from Datasaur: the engine derives a stable one from the body (checked by the redelivery case).
	eventIdOf: () => undefined,
	eventNameOf: (payload) => payload.eventType,
	// A field Datasaur does not send (unknown fields must pass through) makes each case's bytes, so its id, distinct.
	uniquePayload: (payload, tag) => ({ ...payload, e2eCase: tag }),
	tamper: (payload) => ({ ...payload, data: { ...payload.data, team: { id: '666' } } }),
	unknownEventPayload: (tag) => ({
		eventType: 'PROJECT_ARCHIVED',
		data: { timestamp: new Date().toISOString(), project: { id: `cp_${tag}`, name: 'Old project' }, team: { id: '112' } },
	}),
	typedFields(event, payload) {
		const data = payload.data;
		switch (event) {
			case 'PROJECT_CREATED':
				return { projectId: data.project.id, projectName: data.project.name, teamId: data.team.id };
			case 'BEFORE_UPDATE_LABELS':
				return {
					documentId: data.document.id,
					ownerEmail: data.owner.email,
					upsertCount: data.labelUpdateList.toUpsertList.length,
				};
			case 'PROJECT_COMPLETED':
				return { projectId: data.project.id, labelerEmail: data.labeler.email };
			case 'PROJECT_REVIEWED':
				return { projectId: data.project.id, reviewerEmail: data.reviewer.email };
			default:
				return {};
		}
	},
};

export default {
	name: 'Datasaur',
	run: (ctx) => runSignedWebhookSuite(ctx, spec),
};
