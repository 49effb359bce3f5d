import fc from 'fast-check';
import type { INodeType } from 'n8n-workflow';

import { EventClaims } from '../nodes/common/deduplication/claims';
import { eventKey } from '../nodes/common/deduplication/eventKey';
import { oneAtATime } from '../nodes/common/deduplication/serialize';
import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { ProcessedItemsStore } from './support/processedItemsStore';

const spec = specs.find((candidate) => candidate.id === 'mythicdot')!;
const secret = spec.newSecret();
const MINUTE = 60_000;

/** The node as another n8n process loads it: its own module state (its own event claims), the same database. */
function nodeInAnotherProcess(): INodeType {
	let node: INodeType | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { MythicDotTrigger } = require('../nodes/MythicDot/MythicDotTrigger.node') as { MythicDotTrigger: new () => INodeType };
		node = new MythicDotTrigger();
	});
	return node!;
}

function delivery(id: string) {
	const body = JSON.stringify({ ...spec.fixtures['batch.completed'], id });
	return { body, ...spec.sign(body, secret) };
}

/** How many deliveries made the rest of the workflow run (an execution whose trigger passed the item on). */
async function passedOn(harness: WebhookHarness, deliveries: Array<ReturnType<typeof delivery>>, concurrency: number) {
	let passed = 0;
	let next = 0;
	const worker = async () => {
		while (next < deliveries.length) {
			const answer = await harness.deliver(deliveries[next++]);
			passed += answer.items.length;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return passed;
}

describe('event claims in one n8n process', () => {
	it('claims an event once; a copy finds it pending, and done once recorded', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE });
		expect(claims.claim('a', 0)).toBe('claimed');
		expect(claims.claim('a', 1000)).toBe('pending');
		expect(claims.markDone('a')).toBe(false);
		expect(claims.claim('a', 10 * MINUTE)).toBe('done');
		expect(claims.markDone('a')).toBe(true);
	});

	it('lets a claim that no execution finished expire, so a retry is not turned away', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE });
		claims.claim('a', 0);
		expect(claims.claim('a', MINUTE - 1)).toBe('pending');
		expect(claims.claim('a', MINUTE)).toBe('claimed');
	});

	it('stays bounded, forgetting the oldest first', () => {
		const claims = new EventClaims({ capacity: 100, pendingMs: MINUTE });
		for (let index = 0; index < 1000; index++) {
			claims.claim(`e${index}`, index);
			claims.markDone(`e${index}`);
		}
		expect(claims.size).toBe(100);
		expect(claims.claim('e999', 2000)).toBe('done');
		expect(claims.claim('e0', 2000)).toBe('claimed');
	});
});

describe('event keys', () => {
	it('are 16 URL-safe characters, distinct per platform, the same for the same event', () => {
		expect(eventKey('mythicdot', 'evt_1')).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(eventKey('mythicdot', 'evt_1')).toBe(eventKey('mythicdot', 'evt_1'));
		expect(eventKey('mythicdot', 'evt_1')).not.toBe(eventKey('datasaur', 'evt_1'));
		// the separator keeps ("a", "b:c") and ("a:b", "c") apart
		expect(eventKey('a', 'b:c')).not.toBe(eventKey('a:b', 'c'));
	});
});

describe("n8n's processed-items store, one call at a time", () => {
	it('loses events when calls overlap, and none when they go one at a time (why recordDelivery serializes)', async () => {
		const keys = Array.from({ length: 20 }, (_, index) => `k${index}`);
		const overlapping = new ProcessedItemsStore();
		await Promise.all(keys.map((key) => overlapping.checkProcessedAndRecord('n:1', [key], { mode: 'entries' })));
		expect(overlapping.records.get('n:1')!.length).toBeLessThan(keys.length);

		const serialized = new ProcessedItemsStore();
		await Promise.all(keys.map((key) => oneAtATime('n:1', () => serialized.checkProcessedAndRecord('n:1', [key], { mode: 'entries' }))));
		expect(serialized.records.get('n:1')).toHaveLength(keys.length);
	});

	it('runs the next task after one that failed', async () => {
		await expect(oneAtATime('s', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(oneAtATime('s', async () => 'after')).resolves.toBe('after');
	});
});

describe('once per event, through webhook() and execute()', () => {
	const node = () => nodeTypes.get(spec.nodeName)!;

	it('starts one execution for five copies of an event delivered at once', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		const answers = await Promise.all(Array.from({ length: 5 }, () => test.deliver(delivery('evt_five'))));
		expect(answers.filter((answer) => answer.started)).toHaveLength(1);
		expect(answers.filter((answer) => answer.body && (answer.body as { ignored?: string }).ignored === 'redelivery')).toHaveLength(4);
	});

	it('passes 50 events on once each when 3 copies of each arrive shuffled, 20 at a time, and 0 of a later redelivery', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
				const test = new WebhookHarness(node(), spec.credential(secret));
				const events = Array.from({ length: 50 }, (_, index) => delivery(`evt_burst_${seed}_${index}`));
				const copies = fc.sample(fc.shuffledSubarray([...events, ...events, ...events], { minLength: 150, maxLength: 150 }), { numRuns: 1, seed })[0];
				expect(await passedOn(test, copies, 20)).toBe(50);
				expect(await passedOn(test, events, 20)).toBe(0);
			}),
			{ numRuns: 5 },
		);
	});

	it('passes an event on once when its copies reach two webhook processes of a queue-mode instance', async () => {
		const store = new ProcessedItemsStore();
		const workflowId = 'workflow-two-webhook-processes';
		const worker = nodeInAnotherProcess();
		const first = new WebhookHarness(node(), spec.credential(secret), {}, { store, workflowId, executor: worker });
		const second = new WebhookHarness(nodeInAnotherProcess(), spec.credential(secret), {}, { store, workflowId, executor: worker });
		const copies = await Promise.all([first.deliver(delivery('evt_two')), second.deliver(delivery('evt_two'))]);
		// Each webhook process claims the copy it got (they share no memory) and n8n starts two executions; the
		// worker passes the event on in one of them.
		expect(copies.map((answer) => answer.started)).toEqual([true, true]);
		expect(copies.flatMap((answer) => answer.items)).toHaveLength(1);
		// A later redelivery to either process: the worker recognises it from n8n's store.
		const later = await Promise.all([first.deliver(delivery('evt_two')), second.deliver(delivery('evt_two'))]);
		expect(later.flatMap((answer) => answer.items)).toHaveLength(0);
	});

	it('recognises events recorded before a restart', async () => {
		const store = new ProcessedItemsStore();
		const workflowId = 'workflow-restarted';
		const before = new WebhookHarness(node(), spec.credential(secret), {}, { store, workflowId });
		const events = Array.from({ length: 200 }, (_, index) => delivery(`evt_restart_${index}`));
		expect(await passedOn(before, events, 20)).toBe(200);
		const after = new WebhookHarness(nodeInAnotherProcess(), spec.credential(secret), {}, { store, workflowId });
		expect(await passedOn(after, events, 20)).toBe(0);
	});

	it('passes the event on when the store fails, and says why in the log: twice is better than never', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		test.store.failing = true;
		const answer = await test.deliver(delivery('evt_store_down'));
		expect(answer.items).toHaveLength(1);
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining('could not record the event for de-duplication: SQLITE_BUSY') }]);
	});

	it('keeps only the configured number of events in the store', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret), { deliveryOptions: { rememberedEvents: 100 } });
		await passedOn(test, Array.from({ length: 150 }, (_, index) => delivery(`evt_bound_${index}`)), 5);
		expect([...test.store.records.values()][0]).toHaveLength(100);
	});

	it('does not remember test deliveries: the same event later on the production URL runs', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		await test.startListening();
		const first = await test.deliver(delivery('evt_test_then_real'), { test: true });
		expect(first.items).toHaveLength(1);
		expect(test.store.calls).toBe(0);
		expect((await test.deliver(delivery('evt_test_then_real'))).items).toHaveLength(1);
	});
});

