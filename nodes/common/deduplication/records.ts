import { sleep } from 'n8n-workflow';

import { perNode } from './claims';

/**
 * The durable record of which execution took an event, in n8n's processed-items store (the one its Remove
 * Duplicates node uses), made from the trigger's `execute()` in whichever process runs executions.
 *
 * n8n's store keeps one JSON list per node and each call reads it, adds what it did not hold and writes it back,
 * with no transaction or lock (n8n `deduplication/deduplication-helper.js`, `checkProcessedAndRecord`: `findOne`, then
 * `update`). Two processes calling at once both write what they read, and the later write erases what the earlier
 * added. n8n gives nodes nothing atomic, so an execution records its event and then checks that the record is still
 * there:
 * - it records two entries, the event's key and a marker of its own (`<key>:<execution id>`) (where its first call
 *   decides, `soleWriter` below, the key alone: one entry per event, so the list is half as long);
 * - a call that finds the key but not the marker means another execution took the event: not passed on;
 *   the key and the marker both: this execution recorded it before (n8n 1.x re-runs a stalled job under the same
 *   execution id), passed on; neither: recorded now, and confirmed by a later call that starts at least
 *   `confirmDelayMs` (or twice the slowest recent call) after this one returned, so that a process that read the
 *   list before this write has written by then; a confirmation that finds the record gone has just written it
 *   again, and is confirmed in turn, up to `maxTries` calls.
 * A confirmation that finds the record gone waits between one and two times that delay before the next, so that two
 * workers whose records erased each other's do not write them again in step. A record still erased after `maxTries`
 * calls is passed on ('unconfirmed') and kept being written in the background for as many calls again, so that a
 * later copy finds it. A confirmed record rides along in this process's later calls for a few seconds, so that a
 * write of another process that erased it after its confirmation is mended by the next call.
 * What stays open: a call in another process that takes longer from its read to its write than that delay can let
 * two executions of one event that arrive together both pass it on, and erase a confirmed record when no later call
 * of this process follows it. The README says how long the calls take.
 *
 * Confirmation is needed only where another process writes the same node's list. The process that received the
 * delivery (its webhook() claimed the event) and now runs its execution is n8n's regular mode, where one process
 * runs every execution and this module's one-call-at-a-time order already keeps its writes apart: there the first
 * call decides (`soleWriter`), and an execution killed right after it is not left holding an event it never passed on
 * while it waited for a confirmation.
 *
 * Calls are made one at a time per node in this process, and every record waiting when a call starts goes into it:
 * one call per node at a time, however many executions are waiting, instead of one call per execution.
 */
export type RecordOutcome =
	/** recorded now and confirmed: pass the event on */
	| 'recorded'
	/** recorded before by this same execution (a re-run of a queue-mode job, told by its marker): pass the event on */
	| 'own'
	/** another execution took the event: do not pass it on */
	| 'taken'
	/** written again after every try, never seen to stay: passed on, as twice is better than never */
	| 'unconfirmed';

/**
 * One call to n8n's store: records the items it did not hold and returns those it held. `withMarkers`: the items
 * include markers, two entries per event, so the list must keep twice as many entries for the same events.
 */
export type StoreCall = (items: string[], withMarkers: boolean) => Promise<Set<string>>;

export interface RecordLimits {
	/** The shortest wait before a confirmation; it grows to twice the slowest of the recent calls. */
	confirmDelayMs: number;
	/** The longest wait before a confirmation. */
	maxConfirmDelayMs: number;
	/** Calls per event at most: the first record, then confirmations that may write it again. */
	maxTries: number;
	/** Events this process remembers having sent to the store, per node. */
	capacity: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = { confirmDelayMs: 50, maxConfirmDelayMs: 5_000, maxTries: 4, capacity: 10_000 };

/** How many recent calls the confirmation delay is derived from. */
const RECENT_CALLS = 32;
/** How long, and for how many records at most, a confirmed record rides along in later calls (keepRewriting). */
const REWRITE_FOR_MS = 5_000;
const REWRITE_AT_MOST = 50;

interface ConfirmedRecord {
	key: string;
	marker: string;
	untilMs: number;
}

interface Pending {
	key: string;
	marker: string;
	/** false: no other process writes this node's list, the first call decides */
	confirm: boolean;
	confirming: boolean;
	/** the outcome was given; later calls only keep the record written */
	decided: boolean;
	readyAtMs: number;
	tries: number;
	call: StoreCall;
	resolve: (outcome: RecordOutcome) => void;
	reject: (error: Error) => void;
}

/** This process's records of one trigger node. */
export class EventRecords {
	/** key -> the marker of the execution in this process that holds it ('' : an execution elsewhere). */
	private readonly holders = new Map<string, string>();
	private queue: Pending[] = [];
	private pumping = false;
	private wake: (() => void) | undefined;
	/** Durations of the latest calls (ms): a busy instance makes every process's calls slower alike. */
	private readonly recentCallMs: number[] = [];
	/** Records confirmed lately, oldest first, kept being written by later calls (keepRewriting). */
	private readonly confirmed: ConfirmedRecord[] = [];

	constructor(private readonly limits: RecordLimits = DEFAULT_RECORD_LIMITS) {}

	/**
	 * Records `key` for the execution named by `marker`. Rejects with the store's error once it failed `maxTries`
	 * calls (the caller decides: passing the event on is better than losing it). `soleWriter`: no other process writes this node's list.
	 */
	async record(key: string, marker: string, call: StoreCall, soleWriter = false): Promise<RecordOutcome> {
		const holder = this.holders.get(key);
		// Another execution in this process holds the event already: no need to ask the store.
		if (holder !== undefined && holder !== marker) return 'taken';
		this.remember(key, marker);
		return await new Promise<RecordOutcome>((resolve, reject) => {
			this.queue.push({ key, marker, confirm: !soleWriter, confirming: false, decided: false, readyAtMs: 0, tries: 0, call, resolve, reject });
			this.wake?.();
			void this.pump();
		});
	}

	/** One call at a time, each with every record that is due; waits for confirmations that are not due yet. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const now = Date.now();
				const due = this.queue.filter((entry) => entry.readyAtMs <= now);
				if (due.length === 0) {
					await this.nextDue(Math.min(...this.queue.map((entry) => entry.readyAtMs)) - now);
					continue;
				}
				this.queue = this.queue.filter((entry) => entry.readyAtMs > now);
				await this.callStore(due);
			}
		} finally {
			this.pumping = false;
		}
	}

	/** Sleeps until a confirmation is due, or until a new record arrives (it goes out at once). */
	private async nextDue(ms: number): Promise<void> {
		const arrival = new Promise<void>((resolve) => (this.wake = resolve));
		await Promise.race([sleep(ms), arrival]);
		this.wake = undefined;
	}

	private async callStore(due: Pending[]): Promise<void> {
		// A record that needs no confirmation needs no marker either: the key alone decides, and the list stays half
		// as long for the same number of remembered events. Records confirmed lately ride along (keepRewriting).
		const confirmed = this.liveConfirmed();
		const items = [
			...new Set([
				...due.flatMap((entry) => (entry.confirm ? [entry.key, entry.marker] : [entry.key])),
				...confirmed.flatMap((record) => [record.key, record.marker]),
			]),
		];
		const withMarkers = confirmed.length > 0 || due.some((entry) => entry.confirm);
		let held: Set<string>;
		const startedMs = Date.now();
		try {
			// A running execution's helper where there is one: an entry kept being written may belong to an
			// execution that has finished.
			const caller = [...due].reverse().find((entry) => !entry.decided) ?? due[due.length - 1];
			held = await caller.call(items, withMarkers);
		} catch (error) {
			this.failed(due, error as Error);
			return;
		}
		const answeredAtMs = Date.now();
		this.recentCallMs.push(answeredAtMs - startedMs);
		if (this.recentCallMs.length > RECENT_CALLS) this.recentCallMs.shift();
		// One confirmation time for the whole call, so that its records are confirmed together in one later call. A
		// record erased since it was written is confirmed again after a wait drawn between one and two times as long,
		// so that two workers whose writes erased each other's do not write again in step.
		const delayMs = this.confirmDelayMs();
		const confirmAtMs = answeredAtMs + delayMs;
		const reconfirmAtMs = answeredAtMs + delayMs * (1 + Math.random());
		for (const entry of due) this.step(entry, held.has(entry.key), held.has(entry.marker), entry.tries === 0 ? confirmAtMs : reconfirmAtMs);
	}

	private step(entry: Pending, keyHeld: boolean, markerHeld: boolean, confirmAtMs: number): void {
		entry.tries++;
		if (entry.decided) {
			// Kept being written after 'unconfirmed': done once a call finds it, or after as many calls again.
			if (!keyHeld && entry.tries < 2 * this.limits.maxTries) this.confirmLater(entry, confirmAtMs);
			return;
		}
		if (keyHeld) {
			if (markerHeld) {
				if (entry.confirm) this.keepRewriting(entry);
				entry.resolve(entry.confirming ? 'recorded' : 'own');
			} else {
				// The key without this execution's marker: another execution recorded the event (and, when
				// confirming, its write replaced this one's).
				this.remember(entry.key, '');
				entry.resolve('taken');
			}
			return;
		}
		// Recorded by this call (first try), or erased by another process's write and written again by it.
		if (!entry.confirm) {
			entry.resolve('recorded');
			return;
		}
		if (entry.tries >= this.limits.maxTries) {
			entry.decided = true;
			entry.resolve('unconfirmed');
		}
		entry.confirming = true;
		this.confirmLater(entry, confirmAtMs);
	}

	/**
	 * A call that failed wrote nothing (n8n's store writes with one statement at its end), so its records are tried
	 * again after the confirmation delay: two workers writing a node's first record at once get a unique-key error in
	 * one of them (its `findOne` found no row, then its `insert` met the other's). Only a store that keeps failing
	 * rejects, after `maxTries` calls.
	 */
	private failed(due: Pending[], error: Error): void {
		const retryAtMs = Date.now() + this.confirmDelayMs() * (1 + Math.random());
		for (const entry of due) {
			entry.tries++;
			if (entry.decided) {
				if (entry.tries < 2 * this.limits.maxTries) this.confirmLater(entry, retryAtMs);
			} else if (entry.tries >= this.limits.maxTries) entry.reject(error);
			else this.confirmLater(entry, retryAtMs);
		}
	}

	/**
	 * A confirmed record goes on riding along in this process's later calls for a while (they happen anyway while
	 * deliveries come): a write of another process that began before the confirmation and ends after it erases the
	 * record, and a later call, finding it gone, writes it again. No call is made for it alone.
	 */
	private keepRewriting(entry: Pending): void {
		this.confirmed.push({ key: entry.key, marker: entry.marker, untilMs: Date.now() + REWRITE_FOR_MS });
		if (this.confirmed.length > REWRITE_AT_MOST) this.confirmed.shift();
	}

	private liveConfirmed(): ConfirmedRecord[] {
		const now = Date.now();
		while (this.confirmed.length > 0 && this.confirmed[0].untilMs <= now) this.confirmed.shift();
		return this.confirmed;
	}

	private confirmLater(entry: Pending, confirmAtMs: number): void {
		entry.readyAtMs = confirmAtMs;
		this.queue.push(entry);
	}

	/**
	 * Long enough that a call another process had started before this write has written by then: twice the slowest
	 * recent call here (the processes share the database and, usually, the machine), at least `confirmDelayMs`.
	 */
	private confirmDelayMs(): number {
		const slowest = Math.max(0, ...this.recentCallMs);
		return Math.min(this.limits.maxConfirmDelayMs, Math.max(this.limits.confirmDelayMs, 2 * slowest));
	}

	private remember(key: string, marker: string): void {
		this.holders.delete(key);
		this.holders.set(key, marker);
		if (this.holders.size > this.limits.capacity) this.holders.delete(this.holders.keys().next().value as string);
	}
}

/** The records of one trigger node of one workflow in this process, shared by its executions. */
export const recordsFor = perNode(() => new EventRecords());
