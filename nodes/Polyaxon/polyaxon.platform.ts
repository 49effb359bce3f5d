import { z } from 'zod/v4';

import { defineEvent, type EventDefinition } from '../common/events';
import { definePlatform } from '../common/platform';
import { URL_TOKEN_PARAMETER, urlTokenSignature } from '../common/signatures/urlToken';
import type { SignedDelivery } from '../common/signatures/types';

import { eventNameOf, FINAL_STATUSES, readPolyaxonRun, type PolyaxonRun } from './polyaxonMessage';

/** Either body version: v0 `{subject, body, datetime}` or v1 `{uuid, name, title, details, finished_at, …}`. */
export const polyaxonPayloadSchema = z.union([
	z.looseObject({ subject: z.string(), body: z.string().optional(), datetime: z.union([z.number(), z.string()]).optional() }),
	z.looseObject({
		uuid: z.string().optional(),
		name: z.string().nullish(),
		owner: z.string().nullish(),
		project: z.string().nullish(),
		title: z.string(),
		details: z.string().optional(),
		finished_at: z.string().nullish(),
	}),
]);

export type PolyaxonPayload = z.infer<typeof polyaxonPayloadSchema>;

const KINDS: Array<[string, string, string[]]> = [
	['experiments', 'Experiment', ['done', 'succeeded', 'failed', 'stopped']],
	['groups', 'Experiment Group', ['done', 'failed', 'stopped']],
	['jobs', 'Job', ['done', 'succeeded', 'failed', 'stopped']],
	['builds', 'Build', ['done', 'succeeded', 'failed', 'stopped']],
];

const STATUS_WORDS: Record<string, string> = {
	done: 'Done',
	succeeded: 'Succeeded',
	failed: 'Failed',
	stopped: 'Stopped',
};

/** The typed fields every Polyaxon item carries, read from either body version (polyaxonMessage.ts). */
const runFieldsSchema = z.object({
	runUuid: z.string().nullable(),
	runName: z.string().nullable(),
	kind: z.string().nullable(),
	status: z.string().nullable(),
	reason: z.string().nullable(),
	message: z.string().nullable(),
	duration: z.string().nullable(),
	inputs: z.unknown(),
	outputs: z.unknown(),
	finishedAt: z.string().nullable(),
	owner: z.string().nullable(),
	project: z.string().nullable(),
	bodyVersion: z.enum(['v0', 'v1']),
});

function runFields(run: PolyaxonRun): z.infer<typeof runFieldsSchema> {
	return {
		runUuid: run.uuid,
		runName: run.name,
		kind: run.kind,
		status: run.status,
		reason: run.reason,
		message: run.message,
		duration: run.duration,
		inputs: run.inputs,
		outputs: run.outputs,
		finishedAt: run.finishedAt,
		owner: run.owner,
		project: run.project,
		bodyVersion: run.version,
	};
}

function runSummary(run: PolyaxonRun): string {
	const who = run.name ?? run.uuid ?? 'A run';
	const kind = run.kind === null ? '' : `${run.kind.replace(/_/g, ' ')} `;
	const reason = run.reason === null ? '' : ` (${run.reason})`;
	return `Polyaxon ${kind}${who} ${run.status ?? 'changed status'}${reason}.`;
}

/** "An experiment", "A job": the kinds' names start with a vowel or not. */
function withArticle(kindName: string): string {
	const noun = kindName.toLowerCase();
	return `${/^[aeiou]/.test(noun) ? 'An' : 'A'} ${noun}`;
}

/** Every documented event reads the same two bodies; the event name is what the text says. */
const polyaxonEvents: EventDefinition[] = KINDS.flatMap(([prefix, kindName, statuses]) =>
	statuses.map((status) =>
		defineEvent({
			name: `${prefix}.${status}`,
			displayName: `${kindName} ${STATUS_WORDS[status]}`,
			description:
				status === 'done'
					? `${withArticle(kindName)} reached any final status (succeeded, failed, stopped, skipped…)`
					: `${withArticle(kindName)} ${status}`,
			schema: polyaxonPayloadSchema,
			fieldsSchema: runFieldsSchema,
			// A payload the schema accepts has a subject or a title: the platform's reading of it is a run.
			fields: (_payload: PolyaxonPayload, run: PolyaxonRun | undefined) => runFields(run!),
			summary: (_payload: PolyaxonPayload, run: PolyaxonRun | undefined) => runSummary(run!),
		}),
	),
);

/** GET deliveries carry the fields as query parameters, next to the token, which never enters the item. */
function parsePolyaxonPayload(delivery: SignedDelivery): unknown {
	if (delivery.method === 'GET') {
		const fields = { ...delivery.query };
		delete fields[URL_TOKEN_PARAMETER];
		return fields;
	}
	return JSON.parse(delivery.rawBody.toString('utf8'));
}

/** Every accessor gets the one reading of the delivery's text (`readPolyaxonRun`), made once per delivery. */
export const polyaxon = definePlatform<PolyaxonRun | undefined>({
	id: 'polyaxon',
	displayName: 'Polyaxon',
	signature: urlTokenSignature,
	signatureHeaders: [],
	events: polyaxonEvents,
	parsePayload: parsePolyaxonPayload,
	read: readPolyaxonRun,
	eventName: (run) => (run === undefined ? undefined : eventNameOf(run)),
	// Polyaxon sends one attempt and no id; a run reaches a given status once, so uuid + status identifies it.
	eventId: (run) => (run?.uuid ? `${run.uuid}:${run.status ?? 'unknown'}` : undefined),
	occurredAt: (run) => run?.finishedAt ?? undefined,
	selectionNamesOf: (event) => {
		const [prefix, status] = event.split('.');
		return FINAL_STATUSES.includes(status) ? [`${prefix}.done`] : [];
	},
	unknownEventFields: (run) => (run === undefined ? {} : runFields(run)),
	fallbackSummary: (event, run) => (run === undefined ? `Polyaxon sent ${event}.` : runSummary(run)),
});

