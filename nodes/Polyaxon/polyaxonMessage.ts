import type { PayloadReading } from '../common/platform';
import { isRecord, isoOrUndefined, nonEmptyText, unixSecondsToIso } from '../common/values';
import { parsePythonLiteral } from './pythonLiteral';

/**
 * Polyaxon names no event type in its webhook: the kind and status of the run are written into human text.
 * v0 (polyaxon 0.6 `actions/registry/webhooks/webhook.py`): `{subject: "experiment succeeded", body: "…", datetime: <unix s>}`.
 * v1 (`core/polyaxon/notifiers/webhook.py` and `spec.py`): `{owner, project, uuid, name, title: "<name> (<uuid>)
 * Status: succeeded", details, finished_at}`, where `details` is one "Key: `value`" line each for Kind, Status,
 * Reason, Message, Transition time, Wait time, Duration, Inputs and Outputs (the last two are Python's `str()` of a
 * dict). Older v1 releases write `Run: <name> (<uuid>)` and `Status: succeeded` without backticks and no Kind line.
 * This file turns either into one plain reading of the run, once per delivery.
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

/** Inputs and outputs as values; what is not a Python literal stays text, and the item says so. */
function pythonValueOrText(name: string, value: string | undefined, issues: string[]): unknown {
	if (value === undefined) return null;
	const parsed = parsePythonLiteral(value);
	if (parsed.ok) return parsed.value;
	issues.push(`details.${name}: not a Python literal (unreadable from character ${parsed.position + 1}); kept as text`);
	return value;
}

function text(value: unknown): string | null {
	return nonEmptyText(value) ?? null;
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

function readV1(payload: Record<string, unknown>, issues: string[]): PolyaxonRun {
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
		inputs: pythonValueOrText('inputs', lines.inputs, issues),
		outputs: pythonValueOrText('outputs', lines.outputs, issues),
		finishedAt: isoOrUndefined(payload.finished_at) ?? isoOrUndefined(lines['transition time']) ?? null,
	};
}

/** Reads either body version, with what could not be read; the run is undefined when the payload is neither. */
export function readPolyaxonRun(payload: unknown): PayloadReading<PolyaxonRun | undefined> {
	const issues: string[] = [];
	if (!isRecord(payload)) return { value: undefined, issues };
	if (typeof payload.subject === 'string') return { value: readV0(payload), issues };
	if (typeof payload.title === 'string' || typeof payload.details === 'string') {
		return { value: readV1(payload, issues), issues };
	}
	return { value: undefined, issues };
}

export function eventNameOf(run: PolyaxonRun): string {
	return `${eventPrefixOf(run.kind)}.${run.status ?? 'unknown'}`;
}
