import fc from 'fast-check';
import { sleep, type INodeType } from 'n8n-workflow';

import { EventClaims } from '../nodes/common/deduplication/claims';
import { eventKey } from '../nodes/common/deduplication/eventKey';
import { EventRecords, type StoreCall } from '../nodes/common/deduplication/records';
import { DEFAULT_REMEMBERED_EVENTS, MAX_REMEMBERED_EVENTS, rememberedEvents } from '../nodes/common/n8n/nodeParameters';
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

/**
 * How many deliveries made the rest of the workflow run (an execution whose trigger passed the item on). Delivery i
 * goes to harnesses[i % n] (webhook processes behind a load balancer); a 503 is sent again, as platforms retry.
 */
async function passedOn(harnesses: WebhookHarness | WebhookHarness[], deliveries: Array<ReturnType<typeof delivery>>, concurrency: number) {
	const receivers = Array.isArray(harnesses) ? harnesses : [harnesses];
	const executions: Array<Promise<unknown[]>> = [];
	let next = 0;
	const lane = async () => {
		while (next < deliveries.length) {
			const index = next++;
			const receiver = receivers[index % receivers.length];
			for (let attempt = 0; attempt < 50; attempt++) {
				// n8n answers once it stored the execution, and runs it while the next deliveries arrive.
				const answer = await receiver.deliver(deliveries[index], { runExecution: false });
				if (answer.started) executions.push(receiver.runExecution(answer.items.map((json) => ({ json }))));
				if (answer.status !== 503) break;
				await sleep(5);
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, lane));
	return (await Promise.all(executions)).reduce((total, items) => total + items.length, 0);
}

/** Waits until `condition` holds, checking every few milliseconds, failing after `timeoutMs`. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await sleep(10);
	}
}

describe('event claims in the process that receives deliveries', () => {
	it('claims an event once; a copy finds it pending until n8n answered, then taken for good where it ran here', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE, unseenMs: 2 * MINUTE });
		expect(claims.claim('a', 0)).toBe('claimed');
		expect(claims.claim('a', 1000)).toBe('pending');
		expect(claims.markRunHere('a', 0)).toBe(true);
		claims.settle('a', 0, true);
		expect(claims.claim('a', 10 * MINUTE)).toBe('taken');
	});

	it('lets a redelivery through once the copies sent at once are past, where another process runs the execution', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE, unseenMs: 2 * MINUTE });
		claims.claim('a', 0);
		claims.settle('a', 0, true);
		// an execution from another webhook process is not this claim's
		expect(claims.markRunHere('a', 5)).toBe(false);
		expect(claims.claim('a', 2 * MINUTE - 1)).toBe('taken');
		// a queue-mode worker may have dropped the job: the next copy starts an execution and n8n's store decides
		expect(claims.claim('a', 2 * MINUTE)).toBe('claimed');
		expect(claims.claim('a', 2 * MINUTE + 1)).toBe('pending');
	});

	it('drops a claim whose execution n8n did not store, so the next copy starts one', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE, unseenMs: 2 * MINUTE });
		claims.claim('a', 0);
		claims.settle('a', 0, false);
		expect(claims.claim('a', 1)).toBe('claimed');
		// A late answer for the old claim does not settle the new one.
		claims.settle('a', 0, true);
		expect(claims.claim('a', 2)).toBe('pending');
	});

	it('lets a claim that n8n never answered for expire, so a retry is not turned away', () => {
		const claims = new EventClaims({ capacity: 10, pendingMs: MINUTE, unseenMs: 2 * MINUTE });
		claims.claim('a', 0);
		expect(claims.claim('a', MINUTE - 1)).toBe('pending');
		expect(claims.claim('a', MINUTE)).toBe('claimed');
	});

	it('stays bounded, forgetting the oldest first', () => {
		const claims = new EventClaims({ capacity: 100, pendingMs: MINUTE, unseenMs: 2 * MINUTE });
		for (let index = 0; index < 1000; index++) {
			claims.claim(`e${index}`, index);
			claims.settle(`e${index}`, index, true);
		}
		expect(claims.size).toBe(100);
		expect(claims.claim('e999', 2000)).toBe('taken');
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

describe("records in n8n's processed-items store, written by several processes", () => {
	const SCOPE = 'w/n:1';
	// The store's calls take 5 ms between read and write; the confirmation waits far longer, so that a busy test
	// machine (timers firing late) does not make a call outlast it: that case is the window the README describes.
	const limits = { confirmDelayMs: 250, maxConfirmDelayMs: 1000, maxTries: 6, capacity: 1000 };
	/** One process's way to the shared store (n8n binds the helper to the node). */
	const via = (store: ProcessedItemsStore): StoreCall => async (items) => new Set((await store.checkProcessedAndRecord(SCOPE, items, { mode: 'entries' })).processed.map(String));

	it("loses other processes' events when each records with one call and no confirmation (n8n's own store)", async () => {
		const store = new ProcessedItemsStore(5);
		const keys = Array.from({ length: 40 }, (_, index) => `k${index}`);
		await Promise.all(keys.map((key) => store.checkProcessedAndRecord(SCOPE, [key], { mode: 'entries' })));
		expect(keys.filter((key) => store.holds(SCOPE, key)).length).toBeLessThan(keys.length);
	});

	it('keeps every event when two workers record different events at the same moments', async () => {
		const store = new ProcessedItemsStore(5);
		const workers = [new EventRecords(limits), new EventRecords(limits)];
		const keys = Array.from({ length: 60 }, (_, index) => `k${index}`);
		const outcomes = await Promise.all(keys.map((key, index) => workers[index % 2].record(key, `${key}:x${index}`, via(store))));
		expect(new Set(outcomes)).toEqual(new Set(['recorded']));
		expect(keys.filter((key) => !store.holds(SCOPE, key))).toEqual([]);
	});

	it('passes an event on once when two workers record it at the same moment', async () => {
		for (let trial = 0; trial < 8; trial++) {
			const store = new ProcessedItemsStore(5);
			const workers = [new EventRecords(limits), new EventRecords(limits)];
			const outcomes = await Promise.all(workers.map(async (records, index) => await records.record('k', `k:x${index}`, via(store))));
			expect(outcomes.sort()).toEqual(['recorded', 'taken']);
		}
	}, 30_000);

	it("recognises its own record when n8n 1.x re-runs a stalled execution under the same id", async () => {
		const store = new ProcessedItemsStore();
		expect(await new EventRecords(limits).record('k', 'k:x1', via(store))).toBe('recorded');
		// another worker, the same execution id
		expect(await new EventRecords(limits).record('k', 'k:x1', via(store))).toBe('own');
		expect(await new EventRecords(limits).record('k', 'k:x2', via(store))).toBe('taken');
	});

	it('asks the store once for an event another execution in this process already holds', async () => {
		const store = new ProcessedItemsStore();
		const records = new EventRecords(limits);
		expect(await records.record('k', 'k:x1', via(store))).toBe('recorded');
		const calls = store.calls;
		expect(await records.record('k', 'k:x2', via(store))).toBe('taken');
		expect(store.calls).toBe(calls);
	});

	it('puts every record waiting behind a call into the next one', async () => {
		const store = new ProcessedItemsStore(5);
		const records = new EventRecords(limits);
		const keys = Array.from({ length: 50 }, (_, index) => `k${index}`);
		await Promise.all(keys.map((key) => records.record(key, `${key}:x`, via(store))));
		// record 1, everything else, and a confirmation of each group (which may share a call with the next group)
		expect(store.calls).toBeLessThanOrEqual(4);
		expect(keys.filter((key) => !store.holds(SCOPE, key))).toEqual([]);
	});

	it("writes a confirmed record again in its next call when another process's slow write erased it after the confirmation", async () => {
		const store = new ProcessedItemsStore();
		const records = new EventRecords(limits);
		expect(await records.record('k1', 'k1:x1', via(store))).toBe('recorded');
		// the other worker read the list before k1 was written and writes now, after k1's confirmation
		store.records.set(SCOPE, []);
		expect(store.holds(SCOPE, 'k1')).toBe(false);
		expect(await records.record('k2', 'k2:x2', via(store))).toBe('recorded');
		expect(store.holds(SCOPE, 'k1')).toBe(true);
		expect(store.holds(SCOPE, 'k1:x1')).toBe(true);
		expect(await new EventRecords(limits).record('k1', 'k1:x3', via(store))).toBe('taken');
	});

	it('confirms a first record after the delay itself; only a record found erased waits up to twice as long', async () => {
		jest.useFakeTimers();
		try {
			jest.spyOn(Math, 'random').mockReturnValue(0.99);
			const store = new ProcessedItemsStore();
			const steady = { ...limits, confirmDelayMs: 400 };
			const outcome = new EventRecords(steady).record('k', 'k:x', via(store));
			await jest.advanceTimersByTimeAsync(0);
			expect(store.calls).toBe(1);
			await jest.advanceTimersByTimeAsync(399);
			expect(store.calls).toBe(1);
			await jest.advanceTimersByTimeAsync(2);
			expect(store.calls).toBe(2);
			await expect(outcome).resolves.toBe('recorded');
		} finally {
			jest.useRealTimers();
			jest.restoreAllMocks();
		}
	});

	it('gives up confirming after its tries when another writer keeps erasing the record, and says so', async () => {
		const store = new ProcessedItemsStore();
		const erasing: StoreCall = async (items, withMarkers) => {
			const held = await via(store)(items, withMarkers);
			store.records.delete(SCOPE);
			return held;
		};
		expect(await new EventRecords(limits).record('k', 'k:x', erasing)).toBe('unconfirmed');
		expect(store.calls).toBe(limits.maxTries);
	});

	it('keeps writing a record it gave up confirming, so that a copy later finds it', async () => {
		const store = new ProcessedItemsStore();
		let erasures = limits.maxTries;
		const erasingForAWhile: StoreCall = async (items, withMarkers) => {
			const held = await via(store)(items, withMarkers);
			if (erasures-- > 0) store.records.delete(SCOPE);
			return held;
		};
		expect(await new EventRecords(limits).record('k', 'k:x', erasingForAWhile)).toBe('unconfirmed');
		expect(store.holds(SCOPE, 'k')).toBe(false);
		await waitUntil(() => store.holds(SCOPE, 'k'), 20_000);
		expect(await new EventRecords(limits).record('k', 'k:y', via(store))).toBe('taken');
	}, 30_000);

	it('decides with one call and one entry where no other process writes the records (n8n regular mode)', async () => {
		const store = new ProcessedItemsStore(5);
		const records = new EventRecords(limits);
		expect(await records.record('k', 'k:x1', via(store), true)).toBe('recorded');
		expect(store.calls).toBe(1);
		// the key alone: no marker is needed where the first call decides
		expect(store.holds(SCOPE, 'k')).toBe(true);
		expect([...store.records.values()][0]).toHaveLength(1);
		expect(await new EventRecords(limits).record('k', 'k:x2', via(store), true)).toBe('taken');
		// a queue-mode worker reading a list written in regular mode: the key without its marker is someone else's
		expect(await new EventRecords(limits).record('k', 'k:x3', via(store))).toBe('taken');
	});

	it('rejects with the error of a store that keeps failing, after its tries', async () => {
		const store = new ProcessedItemsStore();
		store.failing = true;
		await expect(new EventRecords(limits).record('k', 'k:x', via(store))).rejects.toThrow('SQLITE_BUSY');
		expect(store.calls).toBe(limits.maxTries);
	});

	it("tries again after a failed call, as when two workers insert a node's first record at once", async () => {
		for (const soleWriter of [false, true]) {
			const store = new ProcessedItemsStore();
			let failures = 1;
			const failingOnce: StoreCall = async (items, withMarkers) => {
				if (failures-- > 0) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
				return await via(store)(items, withMarkers);
			};
			expect(await new EventRecords(limits).record('k', 'k:x', failingOnce, soleWriter)).toBe('recorded');
			expect(store.holds(SCOPE, 'k')).toBe(true);
		}
	});
});

describe('once per event, through webhook() and execute()', () => {
	const node = () => nodeTypes.get(spec.nodeName)!;

	it('starts one execution for five copies of an event delivered at once; no copy gets 2xx before n8n stored it', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		const answers = await Promise.all(Array.from({ length: 5 }, () => test.deliver(delivery('evt_five'))));
		expect(answers.filter((answer) => answer.started)).toHaveLength(1);
		for (const copy of answers.filter((answer) => !answer.started)) {
			expect([200, 503]).toContain(copy.status);
			if (copy.status === 200) expect(copy.body).toEqual({ received: true, ignored: 'redelivery' });
		}
	});

	it('answers a copy 503 with Retry-After while n8n is storing the execution, and 200 redelivery once it has', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		const first = await test.deliver(delivery('evt_pending'), { answer: 'pending' });
		const copy = await test.deliver(delivery('evt_pending'));
		expect(copy).toMatchObject({ status: 503, started: false, headers: { 'retry-after': '5' }, body: { error: 'event_in_progress' } });
		first.finishAnswer(200);
		expect(await test.deliver(delivery('evt_pending'))).toMatchObject({ status: 200, started: false, body: { ignored: 'redelivery' } });
	});

	it('starts an execution for a retry when n8n could not store the first one, or the connection closed first', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		expect(await test.deliver(delivery('evt_failed'), { answer: 'failed' })).toMatchObject({ status: 500, started: false });
		expect((await test.deliver(delivery('evt_failed'))).items).toHaveLength(1);

		const cut = await test.deliver(delivery('evt_cut'), { answer: 'pending' });
		cut.finishAnswer(0);
		expect((await test.deliver(delivery('evt_cut'))).items).toHaveLength(1);
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

	it('passes 50 events on once each when 3 copies each reach two webhook processes and two workers, 20 at a time', async () => {
		const store = new ProcessedItemsStore(3);
		const workflowId = 'workflow-two-by-two';
		// Webhook processes W1 and W2 receive, workers K1 and K2 run the executions (a process of each kind loads the
		// node on its own); delivery i reaches W(i mod 2) and its execution runs on K(i div 2 mod 2).
		const [w1, w2, k1, k2] = [nodeInAnotherProcess(), nodeInAnotherProcess(), nodeInAnotherProcess(), nodeInAnotherProcess()];
		const receivers = [
			[w1, k1],
			[w2, k1],
			[w1, k2],
			[w2, k2],
		].map(([receiver, executor]) => new WebhookHarness(receiver, spec.credential(secret), {}, { store, workflowId, executor }));
		const events = Array.from({ length: 50 }, (_, index) => delivery(`evt_two_by_two_${index}`));
		const copies = fc.sample(fc.shuffledSubarray([...events, ...events, ...events], { minLength: 150, maxLength: 150 }), { numRuns: 1, seed: 15 })[0];
		expect(await passedOn(receivers, copies, 20)).toBe(50);
		expect(await passedOn(receivers, events, 20)).toBe(0);
	}, 30_000);

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
	}, 30_000);

	it('recognises events recorded before a restart', async () => {
		const store = new ProcessedItemsStore();
		const workflowId = 'workflow-restarted';
		const before = new WebhookHarness(node(), spec.credential(secret), {}, { store, workflowId });
		const events = Array.from({ length: 200 }, (_, index) => delivery(`evt_restart_${index}`));
		expect(await passedOn(before, events, 20)).toBe(200);
		const after = new WebhookHarness(nodeInAnotherProcess(), spec.credential(secret), {}, { store, workflowId });
		expect(await passedOn(after, events, 20)).toBe(0);
	}, 30_000);

	it('records with one store call per event where the process that received the delivery runs it (regular mode)', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		expect((await test.deliver(delivery('evt_regular'))).items).toHaveLength(1);
		expect(test.store.calls).toBe(1);
	});

	it('confirms the record where another process runs the execution (a queue-mode worker)', async () => {
		const store = new ProcessedItemsStore();
		const test = new WebhookHarness(node(), spec.credential(secret), {}, { store, workflowId: 'workflow-worker', executor: nodeInAnotherProcess() });
		expect((await test.deliver(delivery('evt_on_worker'))).items).toHaveLength(1);
		expect(store.calls).toBe(2);
	});

	it('passes the event on when the store fails, and says why in the log: twice is better than never', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret));
		test.store.failing = true;
		const answer = await test.deliver(delivery('evt_store_down'));
		expect(answer.items).toHaveLength(1);
		expect(test.logs).toEqual([{ level: 'warn', message: expect.stringContaining('could not record the event for de-duplication: SQLITE_BUSY') }]);
	});

	it('keeps only the configured number of events in the store, one entry each where the process runs its own deliveries', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret), { deliveryOptions: { rememberedEvents: 100 } });
		await passedOn(test, Array.from({ length: 150 }, (_, index) => delivery(`evt_bound_${index}`)), 5);
		// regular mode: the event's key alone
		expect([...test.store.records.values()][0]).toHaveLength(100);
	});

	it('keeps the configured number of events on a queue-mode worker too, two entries each (the key and its marker)', async () => {
		const store = new ProcessedItemsStore();
		const test = new WebhookHarness(node(), spec.credential(secret), { deliveryOptions: { rememberedEvents: 100 } }, { store, workflowId: 'workflow-bound-worker', executor: nodeInAnotherProcess() });
		await passedOn(test, Array.from({ length: 150 }, (_, index) => delivery(`evt_bound_worker_${index}`)), 20);
		expect([...store.records.values()][0]).toHaveLength(200);
	}, 30_000);

	it('keeps Events Remembered within 100 and 20,000 whatever a saved workflow holds', async () => {
		const test = new WebhookHarness(node(), spec.credential(secret), { deliveryOptions: { rememberedEvents: 10 } });
		await passedOn(test, Array.from({ length: 150 }, (_, index) => delivery(`evt_floor_${index}`)), 5);
		expect([...test.store.records.values()][0]).toHaveLength(100);
		expect(rememberedEvents({ rememberedEvents: 1_000_000 })).toBe(MAX_REMEMBERED_EVENTS);
		expect(rememberedEvents({})).toBe(DEFAULT_REMEMBERED_EVENTS);
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

