/** Small readers for untyped JSON, used where a payload has not been (or could not be) validated. */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(value: unknown, key: string): string | undefined {
	if (!isRecord(value)) return undefined;
	const found = value[key];
	return typeof found === 'string' && found !== '' ? found : undefined;
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
