import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import type { PlatformSpec } from './platforms/types';

// "Test this trigger": n8n calls webhook() in mode `manual` and keeps listening, silently, until an execution starts.
// A refused test delivery must become visible in the editor; a refused production delivery must start nothing.
describe.each(specs)('$name Trigger while the editor listens for a test event', (spec: PlatformSpec) => {
	const nodeType = nodeTypes.get(spec.nodeName)!;
	const secret = spec.newSecret();
	const event = Object.keys(spec.fixtures)[0];
	const body = JSON.stringify(spec.fixtures[event]);

	async function listening(): Promise<WebhookHarness> {
		const test = new WebhookHarness(nodeType, spec.credential(secret), { ...spec.baseParameters });
		await test.startListening();
		return test;
	}

	function request(proof: { headers: Record<string, string>; query: Record<string, string> }, text = body) {
		return { body: text, headers: { 'content-type': 'application/json', ...proof.headers }, query: proof.query };
	}

	it('answers a delivery signed with another secret 401, and fails a test execution at the trigger with the reason and its likely cause', async () => {
		const test = await listening();
		const wrongSecret = spec.newSecret();
		const answer = await test.deliver(request(spec.sign(body, wrongSecret, { id: 'msg_test_1', date: new Date() })), { test: true });
		expect(answer).toMatchObject({ status: 401, body: { error: spec.reasons.wrong }, started: true, items: [] });
		expect(answer.executionError?.message).toMatch(new RegExp(`^Test delivery refused: ${spec.reasons.wrong}\\b`));
		expect(answer.executionError?.description).toContain((answer.body as { message: string }).message);
		expect(answer.executionError?.description).toContain('answered 401');
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining(`401 ${spec.reasons.wrong}`) }]);
		const visible = JSON.stringify([answer, test.logs]);
		expect(visible).not.toContain(secret);
		expect(visible).not.toContain(wrongSecret);
	});

	it('shows a delivery without any proof the same way, naming the missing proof', async () => {
		const answer = await (await listening()).deliver(request({ headers: {}, query: {} }), { test: true });
		expect(answer).toMatchObject({ status: 401, started: true });
		expect(answer.executionError?.message).toMatch(new RegExp(`^Test delivery refused: ${spec.reasons.missing}\\b`));
	});

	it('shows an authentic body that is not JSON as a 400 refusal', async () => {
		const text = '{"truncated": ';
		// as text: sent as JSON, n8n itself answers it 422 before the node runs (node version 1.1)
		const signed = request(spec.sign(text, secret, { id: 'msg_test_2', date: new Date() }), text);
		const answer = await (await listening()).deliver({ ...signed, headers: { ...signed.headers, 'content-type': 'text/plain' } }, { test: true });
		expect(answer).toMatchObject({ status: 400, body: { error: 'unparseable_body' }, started: true });
		expect(answer.executionError?.message).toBe('Test delivery refused: unparseable_body');
	});

	it('emits an authentic test delivery as usual', async () => {
		const answer = await (await listening()).deliver(request(spec.sign(body, secret, { id: 'msg_test_3', date: new Date() })), { test: true });
		expect(answer).toMatchObject({ status: 200, started: true });
		expect(answer.executionError).toBeUndefined();
		expect(answer.items[0]).toMatchObject({ platform: spec.platformId, event, ...spec.expected[event] });
	});

	it('keeps production as it was: the same refusal starts no execution', async () => {
		const test = new WebhookHarness(nodeType, spec.credential(secret), { ...spec.baseParameters });
		const answer = await test.deliver(request(spec.sign(body, spec.newSecret(), { id: 'msg_test_4', date: new Date() })));
		expect(answer).toMatchObject({ status: 401, started: false, items: [] });
		expect(answer.executionError).toBeUndefined();
	});

	it('passes a real item whose payload mimics the refusal marker on, instead of failing it', async () => {
		const forgedMarker = { ...spec.fixtures[event], refusedTestDelivery: { status: 401, reason: 'no_secret', message: 'x' } };
		const text = JSON.stringify(forgedMarker);
		const answer = await (await listening()).deliver(request(spec.sign(text, secret, { id: 'msg_test_5', date: new Date() }), text), { test: true });
		expect(answer.executionError).toBeUndefined();
		expect(answer.items).toHaveLength(1);
	});
});
