import { randomBytes, randomUUID } from 'crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';

import {
	standardWebhookKey,
	standardWebhookSignature,
	standardWebhookSignatureOf,
} from '../nodes/common/signatures/standardWebhooks';
import segmentsAiFixtures from './fixtures/segmentsai.json';

const bodies = Object.values(segmentsAiFixtures).map((payload) => JSON.stringify(payload));

function ourVerdict(secret: string, body: string, headers: Record<string, string>, now: Date) {
	return standardWebhookSignature(
		{ rawBody: Buffer.from(body), headers, query: {} },
		{ secrets: [secret], nowSeconds: Math.floor(now.getTime() / 1000), toleranceSeconds: 300 },
	);
}

describe('cross-check against the svix and standardwebhooks packages', () => {
	const secret = `whsec_${randomBytes(24).toString('base64')}`;
	const now = new Date();

	it.each(bodies.map((body, index) => [index, body]))('accepts what svix signs (fixture %i)', (_index, body) => {
		const id = `msg_${randomUUID()}`;
		const headers = {
			'svix-id': id,
			'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
			'svix-signature': new SvixWebhook(secret).sign(id, now, body),
		};
		expect(ourVerdict(secret, body, headers, now)).toEqual({ ok: true, secretIndex: 0 });
	});

	it.each(bodies.map((body, index) => [index, body]))(
		'accepts what standardwebhooks signs (fixture %i)',
		(_index, body) => {
			const id = `msg_${randomUUID()}`;
			const headers = {
				'webhook-id': id,
				'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
				'webhook-signature': new StandardWebhook(secret).sign(id, now, body),
			};
			expect(ourVerdict(secret, body, headers, now)).toEqual({ ok: true, secretIndex: 0 });
		},
	);

	it.each(bodies.map((body, index) => [index, body]))(
		'signs what svix and standardwebhooks both verify (fixture %i)',
		(_index, body) => {
			const id = `msg_${randomUUID()}`;
			const timestamp = String(Math.floor(now.getTime() / 1000));
			const signature = `v1,${standardWebhookSignatureOf(standardWebhookKey(secret)!, id, timestamp, Buffer.from(body))}`;
			const svixHeaders = { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature };
			expect(new SvixWebhook(secret).verify(body, svixHeaders)).toEqual(JSON.parse(body));
			const standardHeaders = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
			expect(new StandardWebhook(secret).verify(body, standardHeaders)).toEqual(JSON.parse(body));
		},
	);

	it('agrees with svix that a signature made with another secret fails', () => {
		const body = bodies[0];
		const id = 'msg_other';
		const other = `whsec_${randomBytes(24).toString('base64')}`;
		const headers = {
			'svix-id': id,
			'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
			'svix-signature': new SvixWebhook(other).sign(id, now, body),
		};
		expect(() => new SvixWebhook(secret).verify(body, headers)).toThrow();
		expect(ourVerdict(secret, body, headers, now)).toMatchObject({ ok: false, reason: 'no_matching_signature' });
	});
});
