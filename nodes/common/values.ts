/** Small readers for untyped JSON, used where a payload has not been (or could not be) validated. */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with at least one character; an empty string counts as not sent, as it does for every platform here. */
export function nonEmptyText(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The same, with numbers as their decimal text: ids that platforms send as strings in one place and numbers in another. */
export function textOrNumber(value: unknown): string | undefined {
	return typeof value === 'number' ? String(value) : nonEmptyText(value);
}

export function stringAt(value: unknown, key: string): string | undefined {
	return isRecord(value) ? nonEmptyText(value[key]) : undefined;
}

/** Unix seconds (as MythicDot and Svix send them) to ISO 8601; undefined for anything that is not a sane time. */
export function unixSecondsToIso(seconds: unknown): string | undefined {
	const value = typeof seconds === 'string' && /^\d+$/.test(seconds) ? Number(seconds) : seconds;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 32503680000) return undefined;
	return new Date(value * 1000).toISOString();
}

/** An ISO 8601 date as sent, normalised to UTC with milliseconds; undefined when it does not parse. */
export function isoOrUndefined(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
