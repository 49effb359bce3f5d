/**
 * What the n8n process that receives deliveries knows about the events of one trigger node: the first line of
 * redelivery de-duplication, held in memory.
 *
 * `webhook()` claims an event before n8n starts its execution; the check and the claim are one synchronous step, so
 * of copies that arrive together one claims and the others find the claim. A claim is *pending* until n8n has
 * answered the delivery that made it: n8n 2.x sends its `onReceived` answer only after it stored the execution and,
 * in queue mode, put its job in the queue (n8n `webhooks/webhook-helpers.js`, `executeWebhook`, which awaits
 * `WorkflowRunner.run` before `responseCallback`), and answers with an error when that failed. So:
 * - the answer finished with 2xx: an execution holds the event, the claim becomes *taken*, and later copies are
 *   answered 200 `redelivery`. Where this process also runs the execution (n8n's regular mode: its `execute()` marks
 *   the claim, `markRunHere`) that holds for as long as the process remembers the event (`capacity` per node). Where
 *   a worker runs it (queue mode) this process never learns whether the execution ran: a worker killed mid-job drops
 *   it (n8n 2.x sets `maxStalledCount: 0`). There the claim turns copies away for `unseenMs`, the copies sent at
 *   once; a later redelivery starts an execution, and the worker's record in n8n's store decides (an empty
 *   execution if the first one took the event, the event itself if its job was lost before it recorded it);
 * - the answer was an error, or the connection closed before it: no execution is known, the claim is dropped and the
 *   next copy is treated as the first;
 * - while pending, a copy is answered 503 with `Retry-After` (see handleDelivery.ts): 2xx would tell the platform
 *   the event is safe before any execution holds it.
 * A claim not settled within `pendingMs` stops holding copies back: the next copy starts an execution, which n8n's
 * processed-items store stops at the trigger if the first one took the event (an empty execution, never a lost event).
 */
export type ClaimOutcome = 'claimed' | 'pending' | 'taken';

export interface ClaimLimits {
	/** Events remembered per node in this process; the oldest go first. */
	capacity: number;
	/** How long a claim that n8n has not answered for keeps copies away. */
	pendingMs: number;
	/** How long a taken claim whose execution runs in another process (a queue-mode worker) keeps copies away. */
	unseenMs: number;
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { capacity: 10_000, pendingMs: 30_000, unseenMs: 60_000 };

interface Claim {
	atMs: number;
	/** n8n answered the claiming delivery 2xx: an execution holds the event */
	taken: boolean;
	/** this process runs that execution (n8n's regular mode) */
	runHere: boolean;
}

export class EventClaims {
	private readonly entries = new Map<string, Claim>();

	constructor(private readonly limits: ClaimLimits = DEFAULT_CLAIM_LIMITS) {}

	/** Claims `key` unless it is taken or claimed within `pendingMs`. */
	claim(key: string, nowMs: number): ClaimOutcome {
		const entry = this.entries.get(key);
		if (entry?.taken === true && (entry.runHere || nowMs - entry.atMs < this.limits.unseenMs)) return 'taken';
		if (entry?.taken === false && nowMs - entry.atMs < this.limits.pendingMs) return 'pending';
		this.set(key, { atMs: nowMs, taken: false, runHere: false });
		return 'claimed';
	}

	/**
	 * What n8n's answer to the claiming delivery said: `accepted` (2xx: an execution holds the event) makes the claim
	 * taken, anything else drops it. `claimedAtMs` names the claim, so a late answer never settles a newer claim.
	 */
	settle(key: string, claimedAtMs: number, accepted: boolean): void {
		const entry = this.entries.get(key);
		if (entry?.atMs !== claimedAtMs) return;
		if (accepted) this.set(key, { ...entry, taken: true });
		else this.entries.delete(key);
	}

	/**
	 * Called by the execution of the delivery received at `receivedAtMs`: true, and the claim marked, when this process
	 * claimed the event for that very delivery (it received it and runs its execution: n8n's regular mode); false when
	 * the execution came from another process.
	 */
	markRunHere(key: string, receivedAtMs: number): boolean {
		const entry = this.entries.get(key);
		if (entry?.atMs !== receivedAtMs) return false;
		entry.runHere = true;
		return true;
	}

	get size(): number {
		return this.entries.size;
	}

	private set(key: string, claim: Claim): void {
		// Re-inserting moves the key to the end of the Map's order, which is the eviction order.
		this.entries.delete(key);
		this.entries.set(key, claim);
		if (this.entries.size > this.limits.capacity) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

/** The name of one trigger node of one workflow, for what this process keeps per node. */
export function nodeScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}/${nodeId}`;
}

/** One value per trigger node of one workflow in this process, made on first use. */
export function perNode<T>(make: () => T): (workflowId: string | undefined, nodeId: string) => T {
	const byNode = new Map<string, T>();
	return (workflowId, nodeId) => {
		const scope = nodeScope(workflowId, nodeId);
		let value = byNode.get(scope);
		if (value === undefined) {
			value = make();
			byNode.set(scope, value);
		}
		return value;
	};
}

/** The claims of one trigger node of one workflow, kept by its `webhook()` in this process. */
export const claimsFor = perNode(() => new EventClaims());
