import type { PayloadReading } from '../common/platform';
import { isRecord } from '../common/values';
import { firstText } from './segmindPayload';

/**
 * Which event a Segmind delivery is. Segmind publishes its event names (docs.segmind.com, Webhooks) but not the body
 * it sends, and the only body it shows (segmind-python `tests/conftest.py`, `webhook_event_samples`) names the
 * category it registers, `"event_type": "PIXELFLOW"`, not `NODE_RUN` or `GRAPH_RUN`. So an event is read in three
 * steps, each more lenient than the last, and only the first is trusted to filter by event:
 *
 * 1. a known event name in a name field (top level, inside `data`, or inside an `event` object): that event;
 * 2. a category (`PIXELFLOW`, a fine-tuning category) or, without one, a fine-tuning stage as the status: the event is
 *    inferred where a field tells (a node id or name: `NODE_RUN`; the status: the fine-tuning stage), else the event
 *    is the category itself; either way it passes every selection holding an event of that category, because a
 *    wrong guess must cost a validation issue, never an event;
 * 3. nothing known: the name as sent, passed through every selection.
 */
export interface SegmindReading {
	payload: unknown;
	/** The event as named, inferred, or the category; undefined when the body names nothing. */
	event: string | undefined;
	/** The events this delivery may be: it is selected when one of them is (only the named one where it named one). */
	candidates: string[];
}

export interface SegmindCategories {
	pixelflow: { events: string[]; nodeRun: string };
	fineTune: { events: string[] };
}

const NAME_KEYS = ['event', 'event_name', 'eventName', 'event_type', 'eventType', 'type', 'category'];
const NODE_KEYS = ['node_id', 'nodeId', 'node_name', 'nodeName'];

/** `training completed`, `Training-Completed` and `TRAINING_COMPLETED` name one thing. */
function normalized(text: string): string {
	return text.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** The confirmed Pixelflow category; a fine-tuning one is not published, so any spelling of "fine-tune" counts. */
function categoryOf(name: string): 'pixelflow' | 'fineTune' | undefined {
	const text = normalized(name);
	if (text === 'PIXELFLOW' || text === 'PIXELFLOWS') return 'pixelflow';
	return /FINE_?TUN/.test(text) ? 'fineTune' : undefined;
}

/** Every string a name field holds, in the order a reader looks: top level, `data`, an `event` object. */
function namesIn(payload: unknown): string[] {
	if (!isRecord(payload)) return [];
	const places = [payload, payload.data, payload.event, isRecord(payload.data) ? payload.data.event : undefined];
	const names: string[] = [];
	for (const place of places) {
		if (!isRecord(place)) continue;
		for (const key of NAME_KEYS) {
			const value = place[key];
			if (typeof value === 'string' && value.trim() !== '') names.push(value.trim());
		}
	}
	return names;
}

export function readSegmindEvent(payload: unknown, categories: SegmindCategories): PayloadReading<SegmindReading> {
	const everyEvent = [...categories.fineTune.events, ...categories.pixelflow.events];
	const names = namesIn(payload);
	const named = names.map(normalized).find((name) => everyEvent.includes(name));
	if (named !== undefined) return { value: { payload, event: named, candidates: [named] }, issues: [] };

	const status = firstText(payload, ['status', 'state']);
	const stage = status === null ? undefined : categories.fineTune.events.find((event) => event === normalized(status));
	const category = names.find((name) => categoryOf(name) !== undefined);
	const otherName = names.find((name) => categoryOf(name) === undefined);
	const kind = category === undefined ? (stage === undefined ? undefined : 'fineTune') : categoryOf(category);
	const inferred = (event: string, candidates: string[], issue: string): PayloadReading<SegmindReading> => ({
		value: { payload, event, candidates },
		issues: [issue],
	});

	if (kind === 'pixelflow') {
		const { events, nodeRun } = categories.pixelflow;
		const pass = 'so it passes any selection with a Pixelflow event';
		if (otherName !== undefined) return { value: { payload, event: otherName, candidates: events }, issues: [] };
		if (firstText(payload, NODE_KEYS) !== null) {
			return inferred(nodeRun, events, `event: the body names only the category ${category}; ${nodeRun} is inferred from its node id or name, ${pass}`);
		}
		return inferred(category!, events, `event: the body names only the category ${category}, not whether a node or the whole workflow ran, ${pass}`);
	}
	if (kind === 'fineTune') {
		const { events } = categories.fineTune;
		const pass = 'so it passes any selection with a fine-tuning event';
		if (otherName !== undefined) return { value: { payload, event: otherName, candidates: events }, issues: [] };
		const what = category === undefined ? 'no event' : `only the category ${category}`;
		if (stage !== undefined) return inferred(stage, events, `event: the body names ${what}; ${stage} is inferred from its status, ${pass}`);
		return inferred(category!, events, `event: the body names only the category ${category} and no fine-tuning stage, ${pass}`);
	}
	// Neither an event nor a category this node knows: it may be one under a name Segmind has not published.
	return {
		value: { payload, event: names[0], candidates: everyEvent },
		issues: ['event: neither the event nor its category is one this node knows, so it passes every selection'],
	};
}
