import { isRedelivery } from '../nodes/common/deduplication';

const HOUR = 60 * 60 * 1000;
const limits = { maxRemembered: 100, windowMs: 72 * HOUR };

describe('redelivery de-duplication in static data', () => {
	it('recognises an id seen within the window, and forgets it after the window', () => {
		const staticData: Record<string, unknown> = {};
		const start = Date.parse('2026-01-01T00:00:00Z');
		expect(isRedelivery(staticData, 'evt_1', start, limits)).toBe(false);
		expect(isRedelivery(staticData, 'evt_1', start + 71 * HOUR, limits)).toBe(true);
		expect(isRedelivery(staticData, 'evt_1', start + 73 * HOUR, limits)).toBe(false);
		expect(isRedelivery(staticData, 'evt_1', start + 74 * HOUR, limits)).toBe(true);
	});

	it('stays bounded however many events arrive, keeping the most recent ids', () => {
		const staticData: Record<string, unknown> = {};
		const start = Date.parse('2026-01-01T00:00:00Z');
		for (let index = 0; index < 10_000; index++) isRedelivery(staticData, `evt_${index}`, start + index, limits);
		const remembered = Object.keys(staticData.seenEventIds as object);
		expect(remembered.length).toBeLessThanOrEqual(limits.maxRemembered);
		expect(staticData.seenEventCount).toBe(remembered.length);
		expect(isRedelivery(staticData, 'evt_9999', start + 10_000, limits)).toBe(true);
		expect(isRedelivery(staticData, 'evt_0', start + 10_000, limits)).toBe(false);
	});

	it('survives a JSON round trip, as n8n stores static data in the database', () => {
		const start = Date.parse('2026-01-01T00:00:00Z');
		const first: Record<string, unknown> = {};
		isRedelivery(first, 'evt_a', start, limits);
		const reloaded = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
		expect(isRedelivery(reloaded, 'evt_a', start + 1000, limits)).toBe(true);
	});
});
