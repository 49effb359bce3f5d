// What only Segments.ai does, in a real n8n: Svix timestamps checked in both directions, the Standard Webhooks
// header names (webhook-*), and a signature list with several entries (the sender's key rotation).
import { randomBase64, standardWebhookHeaders } from '../../support/signing.js';

export function extraCases({ signed, sample, refused, markerOf, STARTED, secret }) {
	const stale = signed(sample('stale'), { date: new Date(Date.now() - 600_000) });
	const future = signed(sample('future'), { date: new Date(Date.now() + 600_000) });
	const standard = signed(sample('standard'));
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
			sends: [{ body: standard.body, headers: standardWebhookHeaders(secret, standard.body), ...STARTED }],
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
}
