import { z } from 'zod/v4';

import { defineEvent, type EventDefinition } from '../common/events';
import type { PlatformDefinition } from '../common/platform';
import { STANDARD_WEBHOOK_HEADERS, standardWebhookSignature } from '../common/signatures/standardWebhooks';
import { isRecord, nonEmptyText, stringAt, unixSecondsToIso } from '../common/values';
import { fetchOpenAiObject, OBJECT_FIELD_SCHEMAS, OBJECT_FIELDS, type FetchedKind } from './openAiObjects';

/** OpenAI's API, where the credential points unless it names another base URL. */
export const OPENAI_API_BASE_URL = 'https://api.openai.com/v1';

/**
 * Every OpenAI delivery: `{id: "evt_…", object: "event", type, created_at: <unix s>, data}` (the `openai` package's
 * webhook event types). `data` names the object by id only; its details come from the API (openAiObjects.ts).
 */
function openAiEvent<Data extends z.ZodType>(data: Data) {
	return z.looseObject({ id: z.string().min(1), object: z.string().optional(), type: z.string(), created_at: z.number(), data });
}

const objectEventSchema = openAiEvent(z.looseObject({ id: z.string().min(1) }));
const callEventSchema = openAiEvent(
	z.looseObject({
		call_id: z.string().min(1),
		sip_headers: z.array(z.looseObject({ name: z.string(), value: z.string() })),
		sip_media_security: z.string().optional(),
	}),
);

const KIND_LABELS: Record<FetchedKind, string> = {
	'fine_tuning.job': 'Fine-tuning job',
	batch: 'Batch',
	'eval.run': 'Eval run',
	response: 'Response',
};

/** [event, display name, description]; the kind of object is the name without its last part. */
const OBJECT_EVENTS: Array<[string, string, string]> = [
	['fine_tuning.job.succeeded', 'Fine-Tuning Job Succeeded', 'A fine-tuning job finished: its model is ready'],
	['fine_tuning.job.failed', 'Fine-Tuning Job Failed', 'A fine-tuning job failed'],
	['fine_tuning.job.cancelled', 'Fine-Tuning Job Cancelled', 'A fine-tuning job was cancelled'],
	['batch.completed', 'Batch Completed', 'A batch finished its requests'],
	['batch.failed', 'Batch Failed', 'A batch failed'],
	['batch.cancelled', 'Batch Cancelled', 'A batch was cancelled'],
	['batch.expired', 'Batch Expired', 'A batch did not finish within its completion window'],
	['eval.run.succeeded', 'Eval Run Succeeded', 'An eval run finished'],
	['eval.run.failed', 'Eval Run Failed', 'An eval run failed'],
	['eval.run.canceled', 'Eval Run Canceled', 'An eval run was canceled'],
	['response.completed', 'Response Completed', 'A background response finished'],
	['response.failed', 'Response Failed', 'A background response failed'],
	['response.cancelled', 'Response Cancelled', 'A background response was cancelled'],
	['response.incomplete', 'Response Incomplete', 'A background response stopped before it was complete'],
];

/** The typed fields every event naming an object carries: which object, and its fields once it was read. */
function objectEventFields(kind: FetchedKind) {
	return z.object({ objectKind: z.string(), objectId: z.string(), outcome: z.string(), object: z.unknown() }).extend(OBJECT_FIELD_SCHEMAS[kind].shape);
}

function objectEvent([name, displayName, description]: [string, string, string]): EventDefinition {
	const kind = name.slice(0, name.lastIndexOf('.')) as FetchedKind;
	const outcome = name.slice(name.lastIndexOf('.') + 1);
	const fieldsSchema = objectEventFields(kind);
	return defineEvent({
		name,
		displayName,
		description,
		schema: objectEventSchema,
		fieldsSchema,
		// The object's own fields stay null until the execution reads it (fetchObjects); `object` is all of it.
		fields: (event) => ({ objectKind: kind, objectId: event.data.id, outcome, object: null, ...OBJECT_FIELDS[kind] }) as z.infer<typeof fieldsSchema>,
		summary: (event) => `${KIND_LABELS[kind]} ${event.data.id} ${outcome}.`,
	});
}

const callIncoming = defineEvent({
	name: 'realtime.call.incoming',
	displayName: 'Realtime Call Incoming',
	description: 'A SIP call reached a Realtime API phone number: accept or reject it with its call ID',
	schema: callEventSchema,
	fieldsSchema: z.object({
		objectKind: z.string(),
		objectId: z.string(),
		outcome: z.string(),
		callId: z.string(),
		sipHeaders: z.array(z.object({ name: z.string(), value: z.string() })),
		sipMediaSecurity: z.string().nullable(),
	}),
	fields: (event) => ({
		objectKind: 'realtime.call',
		objectId: event.data.call_id,
		outcome: 'incoming',
		callId: event.data.call_id,
		sipHeaders: event.data.sip_headers,
		sipMediaSecurity: event.data.sip_media_security ?? null,
	}),
	summary: (event) => {
		const from = event.data.sip_headers.find((header) => header.name.toLowerCase() === 'from')?.value;
		return `Realtime call ${event.data.call_id} incoming${from ? ` from ${from}` : ''}.`;
	},
});

function isFetchedKind(kind: unknown): kind is FetchedKind {
	return typeof kind === 'string' && kind in OBJECT_FIELDS;
}

export const openAi: PlatformDefinition = {
	id: 'openai',
	displayName: 'OpenAI',
	signature: standardWebhookSignature,
	signatureIsTimed: true,
	signatureHeaders: STANDARD_WEBHOOK_HEADERS.filter((name) => name.endsWith('-signature')),
	events: [...OBJECT_EVENTS.map(objectEvent), callIncoming],
	eventName: (payload) => stringAt(payload, 'type'),
	// The event's own id (evt_…), covered by the signature with the rest of the body; the delivery id of the
	// Standard Webhooks headers where a body has none.
	eventId: (payload, verified) => stringAt(payload, 'id') ?? verified.id,
	occurredAt: (payload, verified) =>
		(isRecord(payload) ? unixSecondsToIso(payload.created_at) : undefined) ?? unixSecondsToIso(verified.timestamp),
	unknownEventFields: (payload) => ({ objectId: isRecord(payload) && isRecord(payload.data) ? nonEmptyText(payload.data.id) ?? null : null }),
	fallbackSummary: (event) => `OpenAI sent ${event}.`,
	objectFetch: {
		apiBaseUrl: (credential) => (nonEmptyText(credential.apiKey) === undefined ? undefined : nonEmptyText(credential.baseUrl) ?? OPENAI_API_BASE_URL),
		fetch: (item, get) => {
			const { objectKind, objectId } = item;
			if (!isFetchedKind(objectKind) || typeof objectId !== 'string') return undefined;
			return fetchOpenAiObject(objectKind, objectId, get).then(({ value, issues }) => ({
				value: {
					object: value.object,
					...value.fields,
					summary: value.detail === undefined ? item.summary : `${item.summary.replace(/\.$/, '')}: ${value.detail.replace(/\.$/, '')}.`,
				},
				issues,
			}));
		},
	},
};
