import { isRecord, isoOrUndefined, unixSecondsToIso } from '../common/values';

/**
 * Polyaxon names no event type in its webhook: the kind and status of the run are written into human text.
 * v0: `{subject: "experiment succeeded", body: "…", datetime: <unix s>}`.
 * v1: `{owner, project, uuid, name, title: "<name> (<uuid>) Status: succeeded", details: "Kind: `job`\nStatus: `succeeded`\n…", finished_at}`;
 * older v1 releases write `Status: succeeded` without backticks and no `Kind:` line.
 * This file turns either into one plain reading of the run.
 */
export interface PolyaxonRun {
	version: 'v0' | 'v1';
	kind: string | null;
	status: string | null;
	uuid: string | null;
	name: string | null;
	owner: string | null;
	project: string | null;
	reason: string | null;
	message: string | null;
	duration: string | null;
	inputs: unknown;
	outputs: unknown;
	finishedAt: string | null;
}

/** The statuses Polyaxon counts as "done" (its DONE_VALUES), which `<kind>.done` selects. */
export const FINAL_STATUSES = ['succeeded', 'failed', 'stopped', 'skipped', 'upstream_failed', 'done'];

/** v0 kinds are plural event prefixes already; v1 run kinds are mapped onto them where Polyaxon has an equivalent. */
const KIND_TO_EVENT_PREFIX: Record<string, string> = {
	experiment: 'experiments',
	experiments: 'experiments',
	job: 'jobs',
	jobs: 'jobs',
	build: 'builds',
	builds: 'builds',
	builder: 'builds',
	build_job: 'builds',
	group: 'groups',
	groups: 'groups',
	experiment_group: 'groups',
	matrix: 'groups',
};

export function eventPrefixOf(kind: string | null): string {
	if (kind === null) return 'run';
	return KIND_TO_EVENT_PREFIX[kind] ?? kind;
}

/** `Key: value` lines of v1 `details`, with the backticks newer releases put around values removed. */
function detailLines(details: string): Record<string, string> {
	const lines: Record<string, string> = {};
	for (const line of details.split('\n')) {
		const match = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/.exec(line);
		if (match) lines[match[1].toLowerCase()] = match[2].replace(/^`(.*)`$/, '$1');
	}
	return lines;
}

function jsonOrText(value: string | undefined): unknown {
	if (value === undefined) return null;
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

function normaliseKind(kind: string | undefined | null): string | null {
	return kind ? kind.trim().toLowerCase().replace(/[\s-]+/g, '_') : null;
}

function readV0(payload: Record<string, unknown>): PolyaxonRun {
	// "experiment succeeded", "experiment group done", "build job failed"
	const words = String(payload.subject).trim().toLowerCase().split(/\s+/);
	const status = words.length > 1 ? words[words.length - 1] : null;
	const kind = normaliseKind(words.slice(0, Math.max(1, words.length - 1)).join('_'));
	const body = text(payload.body) ?? '';
	const lines = detailLines(body);
	return {
		version: 'v0',
		kind,
		status,
		uuid: null,
		name: text(lines.object) ?? null,
		owner: null,
		project: null,
		reason: null,
		message: body || null,
		duration: null,
		inputs: null,
		outputs: null,
		finishedAt: unixSecondsToIso(payload.datetime) ?? isoOrUndefined(payload.datetime) ?? null,
	};
}

function readV1(payload: Record<string, unknown>): PolyaxonRun {
	const lines = detailLines(text(payload.details) ?? '');
	const titleStatus = /Status:\s*`?([A-Za-z_]+)`?/.exec(text(payload.title) ?? '')?.[1];
	return {
		version: 'v1',
		kind: normaliseKind(lines.kind),
		status: (lines.status ?? titleStatus ?? '').toLowerCase() || null,
		uuid: text(payload.uuid),
		name: text(payload.name),
		owner: text(payload.owner),
		project: text(payload.project),
		reason: text(lines.reason),
		message: text(lines.message),
		duration: text(lines.duration),
		inputs: jsonOrText(lines.inputs),
		outputs: jsonOrText(lines.outputs),
		finishedAt: isoOrUndefined(payload.finished_at) ?? isoOrUndefined(lines['transition time']) ?? null,
	};
}

/** Reads either body version; undefined when the payload is neither. */
export function readPolyaxonRun(payload: unknown): PolyaxonRun | undefined {
	if (!isRecord(payload)) return undefined;
	if (typeof payload.subject === 'string') return readV0(payload);
	if (typeof payload.title === 'string' || typeof payload.details === 'string') return readV1(payload);
	return undefined;
}

export function eventNameOf(run: PolyaxonRun): string {
	return `${eventPrefixOf(run.kind)}.${run.status ?? 'unknown'}`;
}
