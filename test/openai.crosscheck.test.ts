import OpenAI from 'openai';

import { standardWebhookSignature } from '../nodes/common/signatures/standardWebhooks';
import { specs } from './platforms';
import { randomBase64 } from './support/signing';

// The OpenAI Trigger's verification next to the `openai` package's own (client.webhooks.verifySignature, which
// unwrap() calls; lib/webhook-signature.js): on the same deliveries both must accept the same ones and refuse the
// same ones, for every fixture, a wrong secret, a changed body, a stale or future timestamp and rotation lists.
const spec = specs.find((candidate) => candidate.id === 'openai')!;
const client = new OpenAI({ apiKey: 'sk-unused-by-these-tests' });
const TOLERANCE = 300;

async function packageAccepts(body: string, headers: Record<string, string>, secret: string): Promise<boolean> {
	try {
		await client.webhooks.verifySignature(body, headers, secret, TOLERANCE);
		return true;
	} catch {
		return false;
	}
}

function nodeAccepts(body: string, headers: Record<string, string>, secret: string): boolean {
	return standardWebhookSignature(
		{ rawBody: Buffer.from(body), headers, query: {} },
		{ secrets: [secret], nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: TOLERANCE },
	).ok;
}

const secret = spec.newSecret();
const bodies = Object.entries(spec.fixtures).map(([event, payload]) => [event, JSON.stringify(payload)] as const);
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);
const sign = (body: string, key = secret, date = new Date()) => spec.sign(body, key, { id: `wh_${randomBase64(12).replace(/[+/=]/g, 'x')}`, date }).headers;

describe('cross-check against the openai package (webhooks.verifySignature)', () => {
	it.each(bodies)('both accept an authentic %s', async (_event, body) => {
		const headers = sign(body);
		expect(await packageAccepts(body, headers, secret)).toBe(true);
		expect(nodeAccepts(body, headers, secret)).toBe(true);
	});

	it('the package unwraps a delivery the node accepts to the same event', async () => {
		const [, body] = bodies[0];
		const headers = sign(body);
		expect(nodeAccepts(body, headers, secret)).toBe(true);
		expect(await client.webhooks.unwrap(body, headers, secret)).toEqual(JSON.parse(body));
	});

	const [, body] = bodies[0];
	const verdicts: Array<[string, () => { body: string; headers: Record<string, string> }, boolean]> = [
		['signed with another secret', () => ({ body, headers: sign(body, spec.newSecret()) }), false],
		['a body changed after signing', () => ({ body: body.replace('ftjob_', 'ftjob_x'), headers: sign(body) }), false],
		['signed 301 s ago', () => ({ body, headers: sign(body, secret, secondsFromNow(-301)) }), false],
		['signed 301 s ahead', () => ({ body, headers: sign(body, secret, secondsFromNow(301)) }), false],
		['signed 290 s ago', () => ({ body, headers: sign(body, secret, secondsFromNow(-290)) }), true],
		[
			'a rotation list with the valid signature last',
			() => {
				const headers = sign(body);
				return { body, headers: { ...headers, 'webhook-signature': `v1,${randomBase64(32)} ${headers['webhook-signature']}` } };
			},
			true,
		],
		['only signatures no secret made', () => ({ body, headers: { ...sign(body), 'webhook-signature': `v1,${randomBase64(32)} v1,${randomBase64(32)}` } }), false],
		[
			'no webhook-signature header',
			() => ({ body, headers: Object.fromEntries(Object.entries(sign(body)).filter(([name]) => name !== 'webhook-signature')) }),
			false,
		],
	];

	it.each(verdicts)('both judge a delivery %s the same way', async (_label, make, accepted) => {
		const delivery = make();
		expect(await packageAccepts(delivery.body, delivery.headers, secret)).toBe(accepted);
		expect(nodeAccepts(delivery.body, delivery.headers, secret)).toBe(accepted);
	});
});
