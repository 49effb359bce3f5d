import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { newSvixSecret, standardWebhookHeaders, svixHeaders } from './support/signing';

const spec = specs.find((candidate) => candidate.id === 'segmentsai')!;
const node = nodeTypes.get(spec.nodeName)!;
const secret = newSvixSecret();
const body = JSON.stringify(spec.fixtures['sample.created']);
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('Segments.ai Trigger: Svix timestamps and header names', () => {
	it.each([
		['ten minutes old', -600, 'stale_timestamp'],
		['ten minutes ahead', 600, 'future_timestamp'],
	])('refuses a delivery signed %s with the default tolerance', async (_label, offsetSeconds, reason) => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, { id: 'msg_time', date: secondsFromNow(offsetSeconds) }) });
		expect(answer).toMatchObject({ status: 401, body: { error: reason }, started: false });
	});

	it('accepts the same delivery when the tolerance option allows it', async () => {
		const test = new WebhookHarness(node, spec.credential(secret), { deliveryOptions: { toleranceSeconds: 900 } });
		const answer = await test.deliver({ body, headers: svixHeaders(secret, body, { id: 'msg_time', date: secondsFromNow(-600) }) });
		expect(answer.started).toBe(true);
	});

	it('accepts Standard Webhooks header names too, with the delivery id as the event id', async () => {
		const test = new WebhookHarness(node, spec.credential(secret));
		const answer = await test.deliver({ body, headers: standardWebhookHeaders(secret, body, { id: 'msg_std' }) });
		expect(answer.started).toBe(true);
		expect(answer.items[0].eventId).toBe('msg_std');
	});
});
