import { isRecord, textOrNumber } from '../common/values';

/**
 * Segmind publishes its event names but not the body it sends. These readers look for a value where the
 * SDK's fixture (`{event_type, event_id, data: {request_id, workflow_id, status, output}}`) and common
 * spellings put it — at the top level first, then inside `data` — and never fail.
 */
function places(payload: unknown): Array<Record<string, unknown>> {
	if (!isRecord(payload)) return [];
	return isRecord(payload.data) ? [payload, payload.data] : [payload];
}

export function firstText(payload: unknown, keys: string[]): string | null {
	for (const place of places(payload)) {
		for (const key of keys) {
			const value = textOrNumber(place[key]);
			if (value !== undefined) return value;
		}
	}
	return null;
}

const OUTPUT_KEYS = ['output', 'outputs', 'result', 'results', 'output_urls', 'images'];
const MAX_DEPTH = 8;
const MAX_URLS = 200;

/** Every http(s) URL inside the outputs, in order, without repeats; bounded so a huge output cannot stall a delivery. */
export function outputUrls(payload: unknown): string[] {
	const found = new Set<string>();
	const visit = (value: unknown, depth: number): void => {
		if (found.size >= MAX_URLS || depth > MAX_DEPTH) return;
		if (typeof value === 'string') {
			if (/^https?:\/\/\S+$/i.test(value.trim())) found.add(value.trim());
		} else if (Array.isArray(value)) {
			for (const entry of value) visit(entry, depth + 1);
		} else if (isRecord(value)) {
			for (const entry of Object.values(value)) visit(entry, depth + 1);
		}
	};
	for (const place of places(payload)) {
		for (const key of OUTPUT_KEYS) visit(place[key], 0);
	}
	return [...found];
}
