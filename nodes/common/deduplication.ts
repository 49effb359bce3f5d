/**
 * Redelivery de-duplication in workflow static data, the one store every n8n process (main, webhook, worker) sees.
 *
 * n8n does not persist static data that `webhook()` changes once the workflow has any (its WorkflowRunner wraps
 * the same object again and clears the "changed" flag before the save). It does persist what a node changes while
 * the execution runs. So `webhook()` only looks ids up (`wasDelivered`), and the trigger node's `execute()`, which
 * n8n runs first in the execution a delivery starts, records the id (`rememberDelivery`).
 * The store is bounded in size and in time so a busy endpoint cannot grow the workflow record without limit.
 */
export interface DeduplicationLimits {
	maxRemembered: number;
	windowMs: number;
}

/** MythicDot retries for ~10 hours, Svix (Segments.ai) for ~1.5 days: three days covers both with room. */
export const DEFAULT_DEDUPLICATION_LIMITS: DeduplicationLimits = {
	maxRemembered: 1000,
	windowMs: 72 * 60 * 60 * 1000,
};

const IDS_KEY = 'seenEventIds';
const COUNT_KEY = 'seenEventCount';

type StaticData = Record<string, unknown>;

/** The key an event is remembered under: ids are only unique within a platform. */
export function deliveryKey(platformId: string, eventId: string): string {
	return `${platformId}:${eventId}`;
}

/** True when the event was recorded within the window: a redelivery. Reads only. */
export function wasDelivered(
	staticData: StaticData,
	key: string,
	nowMs: number,
	limits: DeduplicationLimits = DEFAULT_DEDUPLICATION_LIMITS,
): boolean {
	const seen = staticData[IDS_KEY] as Record<string, number> | undefined;
	const firstSeen = seen?.[key];
	return firstSeen !== undefined && nowMs - firstSeen < limits.windowMs;
}

/** Records an event, evicting the oldest ids when the bound is passed. */
export function rememberDelivery(
	staticData: StaticData,
	key: string,
	nowMs: number,
	limits: DeduplicationLimits = DEFAULT_DEDUPLICATION_LIMITS,
): void {
	const seen = (staticData[IDS_KEY] as Record<string, number> | undefined) ?? {};
	let count = typeof staticData[COUNT_KEY] === 'number' ? (staticData[COUNT_KEY] as number) : 0;
	if (seen[key] === undefined) count++;
	// Delete before writing so the id moves to the end of the insertion order, which is the eviction order.
	else delete seen[key];
	seen[key] = nowMs;
	if (count > limits.maxRemembered) count = evictOldest(seen, count, limits, nowMs);
	// Assigning the top-level keys (not only mutating the nested object) is what marks static data as changed.
	staticData[IDS_KEY] = seen;
	staticData[COUNT_KEY] = count;
}

/**
 * Evicts the oldest half at once: walking the ids costs the same for one eviction as for five hundred, so doing it
 * once per `maxRemembered / 2` deliveries keeps its share of the per-delivery cost small. At least half the bound
 * (500 ids) is always remembered.
 */
function evictOldest(seen: Record<string, number>, count: number, limits: DeduplicationLimits, nowMs: number): number {
	const target = Math.floor(limits.maxRemembered / 2);
	for (const id in seen) {
		if (count <= target && nowMs - seen[id] < limits.windowMs) break;
		delete seen[id];
		count--;
	}
	return count;
}
