/**
 * What this n8n process knows about the events of one trigger node: the first line of redelivery de-duplication.
 *
 * `webhook()` claims an event before n8n starts its execution; the check and the claim are one synchronous step, so
 * copies that arrive together (a platform retrying, two deliveries of one event in a burst) find the claim and start
 * nothing. The node's `execute()` then marks the event done. A claim that is never marked done (n8n could not start
 * the execution, or the execution runs in another process, a queue-mode worker) expires after `pendingMs`, so a
 * platform's retry is never turned away for an event no execution took: the durable record in n8n's database
 * (see recordDelivery.ts) decides then.
 */
export type ClaimOutcome = 'claimed' | 'pending' | 'done';

export interface ClaimLimits {
	/** Events remembered per node in this process; the oldest go first. */
	capacity: number;
	/** How long a claim without a finished record keeps copies away. */
	pendingMs: number;
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { capacity: 10_000, pendingMs: 60_000 };

/** -1 marks an event done; any other value is the time it was claimed. */
const DONE = -1;

export class EventClaims {
	private readonly entries = new Map<string, number>();

	constructor(private readonly limits: ClaimLimits = DEFAULT_CLAIM_LIMITS) {}

	/** Claims `key` unless it is done or claimed within `pendingMs`. */
	claim(key: string, nowMs: number): ClaimOutcome {
		const entry = this.entries.get(key);
		if (entry === DONE) return 'done';
		if (entry !== undefined && nowMs - entry < this.limits.pendingMs) return 'pending';
		this.set(key, nowMs);
		return 'claimed';
	}

	/** Marks `key` done; returns whether it already was (another execution in this process took the event). */
	markDone(key: string): boolean {
		const wasDone = this.entries.get(key) === DONE;
		if (!wasDone) this.set(key, DONE);
		return wasDone;
	}

	get size(): number {
		return this.entries.size;
	}

	private set(key: string, value: number): void {
		// Re-inserting moves the key to the end of the Map's order, which is the eviction order.
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.limits.capacity) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}
}

const claimsByNode = new Map<string, EventClaims>();

/** The name of one trigger node of one workflow, for what this process keeps per node. */
export function nodeScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}/${nodeId}`;
}

/** The claims of one trigger node of one workflow, shared by its `webhook()` and `execute()` in this process. */
export function claimsFor(workflowId: string | undefined, nodeId: string): EventClaims {
	const scope = nodeScope(workflowId, nodeId);
	let claims = claimsByNode.get(scope);
	if (claims === undefined) {
		claims = new EventClaims();
		claimsByNode.set(scope, claims);
	}
	return claims;
}
