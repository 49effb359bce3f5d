import { rememberDelivery, wasDelivered } from '../nodes/common/deduplication';

const HOUR = 60 * 60 * 1000;
const limits = { maxRemembered: 100, windowMs: 72 * HOUR };
const start = Date.parse('2026-01-01T00:00:00Z');

describe('redelivery de-duplication in static data', () => {
	it('knows a recorded id within the window, and forgets it after the window', () => {
		const staticData: Record<string, unknown> = {};
		expect(wasDelivered(staticData, 'evt_1', start, limits)).toBe(false);
		rememberDelivery(staticData, 'evt_1', start, limits);
		expect(wasDelivered(staticData, 'evt_1', start + 71 * HOUR, limits)).toBe(true);
		expect(wasDelivered(staticData, 'evt_1', start + 73 * HOUR, limits)).toBe(false);
	});

	it('only reads when looking up, so a webhook call changes nothing n8n would have to save', () => {
		const staticData: Record<string, unknown> = {};
		wasDelivered(staticData, 'evt_1', start, limits);
		expect(staticData).toEqual({});
	});

	it('stays bounded however many events arrive, keeping the most recent ids', () => {
		const staticData: Record<string, unknown> = {};
		for (let index = 0; index < 10_000; index++) rememberDelivery(staticData, `evt_${index}`, start + index, limits);
		const remembered = Object.keys(staticData.seenEventIds as object);
		expect(remembered.length).toBeLessThanOrEqual(limits.maxRemembered);
		expect(remembered.length).toBeGreaterThanOrEqual(limits.maxRemembered / 2);
		expect(staticData.seenEventCount).toBe(remembered.length);
		expect(wasDelivered(staticData, 'evt_9999', start + 10_000, limits)).toBe(true);
		expect(wasDelivered(staticData, 'evt_0', start + 10_000, limits)).toBe(false);
	});

	it('refreshes an id recorded again, so it is evicted last', () => {
		const staticData: Record<string, unknown> = {};
		rememberDelivery(staticData, 'evt_old', start, limits);
		for (let index = 0; index < 60; index++) rememberDelivery(staticData, `evt_${index}`, start + index, limits);
		rememberDelivery(staticData, 'evt_old', start + 100, limits);
		for (let index = 60; index < 100; index++) rememberDelivery(staticData, `evt_${index}`, start + 100 + index, limits);
		expect(wasDelivered(staticData, 'evt_old', start + 300, limits)).toBe(true);
		expect(wasDelivered(staticData, 'evt_0', start + 300, limits)).toBe(false);
	});

	it('survives a JSON round trip, as n8n stores static data in the database', () => {
		const first: Record<string, unknown> = {};
		rememberDelivery(first, 'evt_a', start, limits);
		const reloaded = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
		expect(wasDelivered(reloaded, 'evt_a', start + 1000, limits)).toBe(true);
	});
});
