import { z } from 'zod/v4';

import { defineEvent, type EventDefinition } from '../common/events';
import { definePlatform, type PayloadReading } from '../common/platform';
import { STANDARD_WEBHOOK_HEADERS, standardWebhookSignature } from '../common/signatures/standardWebhooks';
import { isoOrUndefined, isRecord, nonEmptyText, stringAt, unixSecondsToIso } from '../common/values';

/**
 * The body of every Replicate webhook is the prediction or training object itself, as `GET /v1/predictions/{id}` or
 * `GET /v1/trainings/{id}` return it (replicate.com/docs/topics/webhooks/receive-webhook; the `Prediction` and
 * `Training` types of the `replicate` npm package, index.d.ts). Fields are kept as sent; only `id` and `status` are
 * needed to name the event.
 */
export const replicateObjectSchema = z.looseObject({
	id: z.string(),
	status: z.string(),
	model: z.string().nullish(),
	version: z.string().nullish(),
	input: z.unknown().optional(),
	output: z.unknown().optional(),
	error: z.unknown().optional(),
	logs: z.string().nullish(),
	metrics: z.looseObject({ predict_time: z.number().optional(), total_time: z.number().optional() }).nullish(),
	urls: z.looseObject({ get: z.string().optional(), cancel: z.string().optional(), web: z.string().optional() }).nullish(),
	created_at: z.string().nullish(),
	started_at: z.string().nullish(),
	completed_at: z.string().nullish(),
	source: z.string().nullish(),
	data_removed: z.boolean().optional(),
	deployment: z.string().nullish(),
});

export type ReplicateObject = z.infer<typeof replicateObjectSchema>;

export type ReplicateKind = 'prediction' | 'training';

/**
 * The statuses of the package's `Status` type. `completed` in `webhook_events_filter` fires on the final ones; the
 * docs name succeeded, failed and canceled, the package adds aborted (stopped before it ran).
 */
const STATUSES: Array<[string, string, string]> = [
	['starting', 'Starting', 'was created and is starting up (webhook event "start")'],
	['processing', 'Processing', 'is running and produced output or logs (webhook events "output", "logs")'],
	['succeeded', 'Succeeded', 'finished successfully'],
	['failed', 'Failed', 'failed with an error'],
	['canceled', 'Canceled', 'was canceled'],
	['aborted', 'Aborted', 'was stopped before it ran (for example its deadline passed)'],
];
export const FINAL_STATUSES = ['succeeded', 'failed', 'canceled', 'aborted'];

/** What one reading of a delivery's body found: what kind of object it is, and its status. */
export interface ReplicateReading {
	kind: ReplicateKind | null;
	status: string | undefined;
	object: unknown;
}

/**
 * Predictions and trainings share one shape. What tells them apart is where the object lives: `urls.get` and
 * `urls.cancel` point at `/v1/predictions/{id}` or `/v1/trainings/{id}` (the package's fixtures, index.test.ts).
 * Without urls, only a finished training's output (`{version, weights}`, the package's `Training` type) says so.
 */
function kindOf(object: unknown): ReplicateKind | null {
	const urls = isRecord(object) && isRecord(object.urls) ? object.urls : {};
	for (const url of [urls.get, urls.cancel]) {
		if (typeof url !== 'string') continue;
		if (/\/trainings\/[^/]+/.test(url)) return 'training';
		if (/\/predictions\/[^/]+/.test(url)) return 'prediction';
	}
	const output = isRecord(object) ? object.output : undefined;
	return isRecord(output) && 'weights' in output ? 'training' : null;
}

function readReplicate(payload: unknown): PayloadReading<ReplicateReading> {
	const kind = kindOf(payload);
	const status = stringAt(payload, 'status');
	const issues =
		kind === null
			? ['kind: the object carries no urls.get naming /predictions/ or /trainings/, so it is passed on as either']
			: [];
	return { value: { kind, status, object: payload }, issues };
}

/** `prediction.succeeded`, `training.failed`; only the status where the kind cannot be told (selected as either). */
function eventNameOf(reading: ReplicateReading): string | undefined {
	if (reading.status === undefined) return undefined;
	return reading.kind === null ? reading.status : `${reading.kind}.${reading.status}`;
}

/** A training's output names the version it created as `owner/model:versionid`. */
function newVersionOf(object: ReplicateObject): { newVersion: string | null; newModel: string | null; newVersionId: string | null } {
	const newVersion = isRecord(object.output) ? nonEmptyText(object.output.version) ?? null : null;
	if (newVersion === null) return { newVersion, newModel: null, newVersionId: null };
	const colon = newVersion.lastIndexOf(':');
	return colon < 0
		? { newVersion, newModel: null, newVersionId: newVersion }
		: { newVersion, newModel: newVersion.slice(0, colon), newVersionId: newVersion.slice(colon + 1) };
}

const text = z.string().nullable();
const seconds = z.number().nullable();

/** The typed fields of every Replicate item (see objectFields); `input`, `output` and `error` are as the model sent them. */
const replicateFieldsSchema = z.object({
	objectKind: z.enum(['prediction', 'training']).nullable(),
	objectId: z.string(),
	status: z.string(),
	isFinal: z.boolean(),
	model: text,
	version: text,
	input: z.unknown(),
	output: z.unknown(),
	error: z.unknown(),
	logs: text,
	predictTime: seconds,
	totalTime: seconds,
	createdAt: text,
	startedAt: text,
	completedAt: text,
	webUrl: text,
	getUrl: text,
	newVersion: text,
	newModel: text,
	newVersionId: text,
	weightsUrl: text,
});

function objectFields(object: ReplicateObject, reading: ReplicateReading): z.infer<typeof replicateFieldsSchema> {
	const training = reading.kind === 'training' ? newVersionOf(object) : { newVersion: null, newModel: null, newVersionId: null };
	const weights = reading.kind === 'training' && isRecord(object.output) ? nonEmptyText(object.output.weights) ?? null : null;
	return {
		objectKind: reading.kind,
		objectId: object.id,
		status: object.status,
		isFinal: FINAL_STATUSES.includes(object.status),
		model: object.model ?? null,
		version: object.version ?? null,
		input: object.input ?? null,
		output: object.output ?? null,
		error: object.error ?? null,
		logs: object.logs ?? null,
		predictTime: object.metrics?.predict_time ?? null,
		totalTime: object.metrics?.total_time ?? null,
		createdAt: isoOrUndefined(object.created_at) ?? null,
		startedAt: isoOrUndefined(object.started_at) ?? null,
		completedAt: isoOrUndefined(object.completed_at) ?? null,
		webUrl: object.urls?.web ?? null,
		getUrl: object.urls?.get ?? null,
		...training,
		weightsUrl: weights,
	};
}

function objectSummary(object: ReplicateObject, reading: ReplicateReading): string {
	const what = `Replicate ${reading.kind ?? 'prediction or training'} ${object.id}${object.model ? ` of ${object.model}` : ''}`;
	const training = reading.kind === 'training' ? newVersionOf(object).newVersion : null;
	if (object.status === 'succeeded' && training !== null) return `${what} succeeded: new version ${training}.`;
	if (object.status === 'failed' && typeof object.error === 'string') return `${what} failed: ${object.error}`;
	return `${what} ${object.status === 'starting' || object.status === 'processing' ? `is ${object.status}` : object.status}.`;
}

const replicateEvents: EventDefinition[] = (['prediction', 'training'] as const).flatMap((kind) =>
	STATUSES.map(([status, statusName, description]) =>
		defineEvent({
			name: `${kind}.${status}`,
			displayName: `${kind === 'prediction' ? 'Prediction' : 'Training'} ${statusName}`,
			description: `A ${kind} ${description}`,
			schema: replicateObjectSchema,
			fieldsSchema: replicateFieldsSchema,
			fields: objectFields,
			summary: objectSummary,
		}),
	),
);

/** The Events options that select several statuses at once: what `webhook_events_filter: ["completed"]` sends. */
export const COMPLETED_GROUPS = [
	{ name: 'Completed (Prediction or Training)', value: 'completed', description: 'A prediction or training reached a final status: succeeded, failed, canceled or aborted' },
	{ name: 'Prediction Completed', value: 'prediction.completed', description: 'A prediction reached a final status: succeeded, failed, canceled or aborted' },
	{ name: 'Training Completed', value: 'training.completed', description: 'A training reached a final status: succeeded, failed, canceled or aborted' },
];

function selectionNamesOf(event: string): string[] {
	const [first, second] = event.split('.');
	const kinds = second === undefined ? ['prediction', 'training'] : [first];
	const status = second ?? first;
	const names = second === undefined ? kinds.map((kind) => `${kind}.${status}`) : [];
	return FINAL_STATUSES.includes(status) ? [...names, ...kinds.map((kind) => `${kind}.completed`), 'completed'] : names;
}

/** The time the object reached the status it reports (created, started, completed); else when Replicate signed it. */
function occurredAt(reading: ReplicateReading, signedAt: number | undefined): string | undefined {
	const status = reading.status ?? '';
	const key = status === 'starting' ? 'created_at' : status === 'processing' ? 'started_at' : 'completed_at';
	const own = status === 'starting' || status === 'processing' || FINAL_STATUSES.includes(status) ? stringAt(reading.object, key) : undefined;
	return isoOrUndefined(own) ?? unixSecondsToIso(signedAt);
}

export const replicate = definePlatform<ReplicateReading>({
	id: 'replicate',
	displayName: 'Replicate',
	signature: standardWebhookSignature,
	signatureIsTimed: true,
	signatureHeaders: STANDARD_WEBHOOK_HEADERS.filter((name) => name.endsWith('-signature')),
	events: replicateEvents,
	read: readReplicate,
	eventName: eventNameOf,
	// Each delivery has its own webhook-id (Standard Webhooks); a retry of the final one keeps it. Only the id the
	// signature covered counts.
	eventId: (_reading, verified) => verified.id,
	occurredAt: (reading, verified) => occurredAt(reading, verified.timestamp),
	selectionNamesOf,
	unknownEventFields: (reading) => {
		const parsed = replicateObjectSchema.safeParse(reading.object);
		return parsed.success ? objectFields(parsed.data, reading) : {};
	},
	fallbackSummary: (event, reading) => {
		const parsed = replicateObjectSchema.safeParse(reading.object);
		return parsed.success ? objectSummary(parsed.data, reading) : `Replicate sent ${event}.`;
	},
});
