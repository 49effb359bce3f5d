import { z } from 'zod/v4';

import { defineEvent, type EventDefinition } from '../common/events';
import type { PlatformDefinition } from '../common/platform';
import { idSchema, idText } from '../common/schemas';
import { STANDARD_WEBHOOK_HEADERS, standardWebhookSignature } from '../common/signatures/standardWebhooks';
import { isoOrUndefined, stringAt, unixSecondsToIso } from '../common/values';

/**
 * `{event_type, created_at, api_version, dataset: "owner/name", object, text}` (docs.segments.ai). The object is the
 * dataset, sample, label, issue or release the event is about; its fields are kept as sent.
 */
export const segmentsEventSchema = z.looseObject({
	event_type: z.string(),
	created_at: z.string(),
	api_version: z.string().optional(),
	dataset: z.string(),
	object: z.looseObject({
		uuid: z.string().optional(),
		id: idSchema.optional(),
		name: z.string().optional(),
		sample_uuid: z.string().optional(),
		label_type: z.string().optional(),
		label_status: z.string().optional(),
		status: z.string().optional(),
	}),
	text: z.string().optional(),
});

export type SegmentsAiEvent = z.infer<typeof segmentsEventSchema>;

/** The typed fields every Segments.ai item carries. */
const segmentsFieldsSchema = z.object({
	dataset: z.string(),
	datasetOwner: z.string().nullable(),
	datasetName: z.string(),
	objectKind: z.string(),
	objectId: z.string().nullable(),
	objectName: z.string().nullable(),
	sampleUuid: z.string().nullable(),
	labelStatus: z.string().nullable(),
	status: z.string().nullable(),
	apiVersion: z.string().nullable(),
	text: z.string().nullable(),
});

function segmentsFields(event: SegmentsAiEvent): z.infer<typeof segmentsFieldsSchema> {
	const [owner, name] = event.dataset.includes('/') ? event.dataset.split('/', 2) : [null, event.dataset];
	const object = event.object;
	return {
		dataset: event.dataset,
		datasetOwner: owner,
		datasetName: name,
		objectKind: event.event_type.split('.')[0],
		objectId: object.uuid ?? idText(object.id) ?? object.name ?? null,
		objectName: object.name ?? null,
		sampleUuid: object.sample_uuid ?? (event.event_type.startsWith('sample.') ? object.uuid ?? null : null),
		labelStatus: object.label_status ?? null,
		status: object.status ?? null,
		apiVersion: event.api_version ?? null,
		text: event.text ?? null,
	};
}

const DOCUMENTED_EVENTS: Array<[string, string, string]> = [
	['dataset.created', 'Dataset Created', 'A dataset was created'],
	['dataset.updated', 'Dataset Updated', 'A dataset property changed'],
	['dataset.deleted', 'Dataset Deleted', 'A dataset was deleted'],
	['sample.created', 'Sample Created', 'A sample was created'],
	['sample.updated', 'Sample Updated', 'A sample property changed'],
	['sample.deleted', 'Sample Deleted', 'A sample was deleted'],
	['label.updated', 'Label Updated', 'A label property changed (for example its status)'],
	['label.deleted', 'Label Deleted', 'A label was deleted'],
	['issue.created', 'Issue Created', 'An issue was created'],
	['issue.updated', 'Issue Updated', 'An issue received a reply or a property changed'],
	['release.created', 'Release Created', 'A dataset release was created'],
];

/** All eleven events share one payload shape; the `text` Segments.ai writes is the best summary there is. */
const segmentsEvents: EventDefinition[] = DOCUMENTED_EVENTS.map(([name, displayName, description]) =>
	defineEvent({
		name,
		displayName,
		description,
		schema: segmentsEventSchema,
		fieldsSchema: segmentsFieldsSchema,
		fields: segmentsFields,
		summary: (event) => event.text ?? `${displayName} in dataset ${event.dataset}.`,
	}),
);

export const segmentsAi: PlatformDefinition = {
	id: 'segments.ai',
	displayName: 'Segments.ai',
	signature: standardWebhookSignature,
	signatureIsTimed: true,
	signatureHeaders: STANDARD_WEBHOOK_HEADERS.filter((name) => name.endsWith('-signature')),
	events: segmentsEvents,
	eventName: (payload) => stringAt(payload, 'event_type'),
	// Svix keeps the message id across retries: it is the redelivery key Svix itself recommends. Only the id the
	// signature covered counts; another id header beside it is refused by the scheme, never read here.
	eventId: (_payload, verified) => verified.id,
	occurredAt: (payload, verified) =>
		isoOrUndefined(stringAt(payload, 'created_at')) ?? unixSecondsToIso(verified.timestamp),
	fallbackSummary: (event, payload) => stringAt(payload, 'text') ?? `Segments.ai sent ${event}.`,
};
