/**
 * Redelivery de-duplication in workflow static data. Webhook processes in queue mode share nothing but the database,
 * and n8n persists a node's static data after `webhook()` returns, so this is the one store every process sees.
 * It is bounded in size and in time so a busy endpoint cannot grow the workflow record without limit.
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

/** Returns true when the id was seen within the window (a redelivery); otherwise remembers it and returns false. */
export function isRedelivery(
	staticData: StaticData,
	eventId: string,
	nowMs: number,
	limits: DeduplicationLimits = DEFAULT_DEDUPLICATION_LIMITS,
): boolean {
	const seen = (staticData[IDS_KEY] as Record<string, number> | undefined) ?? {};
	let count = typeof staticData[COUNT_KEY] === 'number' ? (staticData[COUNT_KEY] as number) : 0;
	const firstSeen = seen[eventId];
	if (firstSeen !== undefined && nowMs - firstSeen < limits.windowMs) return true;
	if (firstSeen === undefined) count++;
	// Delete before writing so the id moves to the end of the insertion order, which is the eviction order.
	delete seen[eventId];
	seen[eventId] = nowMs;
	if (count > limits.maxRemembered) count = evictOldest(seen, count, limits, nowMs);
	// Assigning the top-level keys (not only mutating the nested object) is what marks static data as changed.
	staticData[IDS_KEY] = seen;
	staticData[COUNT_KEY] = count;
	return false;
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
