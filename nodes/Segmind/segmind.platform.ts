import { z } from 'zod/v4';

import { defineEvent } from '../common/events';
import { definePlatform } from '../common/platform';
import { urlTokenSignature } from '../common/signatures/urlToken';
import { isoOrUndefined, unixSecondsToIso } from '../common/values';
import { readSegmindEvent, type SegmindReading } from './segmindEvent';
import { firstText, outputUrls } from './segmindPayload';

/** The registration categories (`event.types` of POST /webhook/add). PIXELFLOW is confirmed; FINETUNE is not published. */
export const PIXELFLOW_CATEGORY = 'PIXELFLOW';
export const DEFAULT_FINETUNE_CATEGORY = 'FINETUNE';

/** Nothing of the body is published, so nothing is required; the fields read below must have the right type if present. */
export const segmindPayloadSchema = z.looseObject({
	event_id: z.union([z.string(), z.number()]).optional(),
	event_type: z.string().optional(),
	request_id: z.string().optional(),
	data: z.looseObject({
		request_id: z.string().optional(),
		workflow_id: z.string().optional(),
		status: z.string().optional(),
	}).optional(),
});

export type SegmindPayload = z.infer<typeof segmindPayloadSchema>;

/** The typed fields every Segmind item carries; the body is read in several spellings (segmindPayload.ts). */
const segmindFieldsSchema = z.object({
	category: z.string(),
	requestId: z.string().nullable(),
	workflowId: z.string().nullable(),
	nodeId: z.string().nullable(),
	nodeName: z.string().nullable(),
	fineTuneId: z.string().nullable(),
	status: z.string().nullable(),
	outputUrls: z.array(z.string()),
	trainedModelUrl: z.string().nullable(),
	inferenceApiUrl: z.string().nullable(),
});

function segmindFields(category: string) {
	return (payload: SegmindPayload): z.infer<typeof segmindFieldsSchema> => ({
		category,
		requestId: firstText(payload, ['request_id', 'requestId']),
		workflowId: firstText(payload, ['workflow_id', 'workflowId', 'pixelflow_id']),
		nodeId: firstText(payload, ['node_id', 'nodeId']),
		nodeName: firstText(payload, ['node_name', 'nodeName']),
		fineTuneId: firstText(payload, ['finetune_id', 'fine_tune_id', 'training_id', 'job_id']),
		status: firstText(payload, ['status', 'state']),
		outputUrls: outputUrls(payload),
		trainedModelUrl: firstText(payload, ['trained_model_url', 'trainedModelUrl', 'model_url']),
		inferenceApiUrl: firstText(payload, ['inference_api_url', 'inferenceApiUrl']),
	});
}

const pixelflowFields = segmindFields(PIXELFLOW_CATEGORY);
const fineTuneFields = segmindFields('FINETUNE');

/** "Pixelflow node Upscale 4x", or just "Pixelflow node" when the body names none. */
function named(what: string, name: string | null): string {
	return name === null ? what : `${what} ${name}`;
}

function inParentheses(text: string | null): string {
	return text === null ? '' : ` (${text})`;
}

function count(urls: string[]): string {
	return urls.length === 1 ? '1 output URL' : `${urls.length} output URLs`;
}

/** A Segmind event of one family: every event has the same payload and fields' schemas, and a summary sentence. */
function eventOf(fields: typeof fineTuneFields) {
	return (name: string, displayName: string, description: string, sentence: (fields: ReturnType<typeof fineTuneFields>) => string) =>
		defineEvent({
			name,
			displayName,
			description,
			schema: segmindPayloadSchema,
			fieldsSchema: segmindFieldsSchema,
			fields,
			summary: (payload: SegmindPayload) => sentence(fields(payload)),
		});
}

const fineTuneEvent = eventOf(fineTuneFields);
const pixelflowEvent = eventOf(pixelflowFields);

const job = (fields: ReturnType<typeof fineTuneFields>) => (fields.fineTuneId === null ? 'Fine-tuning job' : `Fine-tuning job ${fields.fineTuneId}`);

const PIXELFLOW_EVENTS = ['NODE_RUN', 'GRAPH_RUN'];

const events = [
	fineTuneEvent('DATA_PROCESSING', 'Data Processing', 'Fine-tuning: the training data is being downloaded', (f) => `${job(f)}: processing training data.`),
	fineTuneEvent('TRAINING_INITIATED', 'Training Initiated', 'Fine-tuning: training started', (f) => `${job(f)}: training started.`),
	fineTuneEvent('TRAINING_COMPLETED', 'Training Completed', 'Fine-tuning: training finished; the trained model can be downloaded', (f) =>
		`${job(f)}: training completed${f.trainedModelUrl === null ? '' : `, model at ${f.trainedModelUrl}`}.`,
	),
	fineTuneEvent('DEPLOYING', 'Deploying', 'Fine-tuning: the model is being deployed on Segmind', (f) => `${job(f)}: deploying the model.`),
	fineTuneEvent('INFERENCE_QUEUED', 'Inference Queued', 'Fine-tuning: between training completed and available', (f) => `${job(f)}: inference queued.`),
	fineTuneEvent('AVAILABLE', 'Available', 'Fine-tuning: the model is deployed and ready for inference', (f) =>
		`${job(f)}: the model is available${f.inferenceApiUrl === null ? '' : ` at ${f.inferenceApiUrl}`}.`,
	),
	pixelflowEvent('NODE_RUN', 'Pixelflow Node Run', 'An API node inside a Pixelflow workflow ran; its outputs are URLs', (f) =>
		`${named('Pixelflow node', f.nodeName ?? f.nodeId)} ran${inParentheses(f.status)} with ${count(f.outputUrls)}.`,
	),
	pixelflowEvent('GRAPH_RUN', 'Pixelflow Workflow Run', 'A Pixelflow workflow finished all its processing', (f) =>
		`${named('Pixelflow workflow', f.workflowId)} finished${inParentheses(f.status)} with ${count(f.outputUrls)}.`,
	),
];

const FINE_TUNE_EVENTS = events.map((event) => event.name).filter((name) => !PIXELFLOW_EVENTS.includes(name));
const CATEGORIES = { pixelflow: { events: PIXELFLOW_EVENTS, nodeRun: 'NODE_RUN' }, fineTune: { events: FINE_TUNE_EVENTS } };

/** What the shared engine knows of Segmind; every accessor gets the one reading of the body (see segmindEvent.ts). */
export const segmind = definePlatform<SegmindReading>({
	id: 'segmind',
	displayName: 'Segmind',
	signature: urlTokenSignature,
	signatureHeaders: [],
	events,
	read: (payload) => readSegmindEvent(payload, CATEGORIES),
	eventName: (reading) => reading.event,
	selectionNamesOf: (_event, reading) => reading.candidates,
	eventId: (reading) => firstText(reading.payload, ['event_id', 'eventId', 'webhook_event_id']) ?? undefined,
	occurredAt: (reading) => {
		const when = firstText(reading.payload, ['timestamp', 'created_at', 'createdAt', 'time', 'updated_at']);
		return isoOrUndefined(when) ?? unixSecondsToIso(when);
	},
	unknownEventFields: (reading) => segmindFields(categoryName(reading))(reading.payload as SegmindPayload),
	fallbackSummary: (event, reading) => fallbackSummary(event, reading),
});

/** The category an event the node does not know belongs to, as far as its candidates tell. */
function categoryName(reading: SegmindReading): string {
	if (reading.candidates.every((event) => PIXELFLOW_EVENTS.includes(event))) return PIXELFLOW_CATEGORY;
	if (reading.candidates.every((event) => FINE_TUNE_EVENTS.includes(event))) return 'FINETUNE';
	return firstText(reading.payload, ['event_type', 'category']) ?? 'unknown';
}

/** "Segmind sent a Pixelflow event (PIXELFLOW) for workflow wf-1 (COMPLETED) with 1 output URL." */
function fallbackSummary(event: string, reading: SegmindReading): string {
	const category = categoryName(reading);
	if (category === PIXELFLOW_CATEGORY) {
		const f = pixelflowFields(reading.payload as SegmindPayload);
		return `Segmind sent a Pixelflow event (${event}) for ${named('workflow', f.workflowId)}${inParentheses(f.status)} with ${count(f.outputUrls)}.`;
	}
	if (category === 'FINETUNE') {
		const f = fineTuneFields(reading.payload as SegmindPayload);
		return `${job(f)}: Segmind sent ${event}${inParentheses(f.status === event ? null : f.status)}.`;
	}
	return `Segmind sent ${event}.`;
}

/** The registration categories a selection of events needs. */
export function categoriesFor(selectedEvents: string[], fineTuneCategory: string): string[] {
	const everything = selectedEvents.length === 0 || selectedEvents.includes('*');
	const pixelflow = everything || selectedEvents.some((event) => PIXELFLOW_EVENTS.includes(event));
	const fineTune = everything || selectedEvents.some((event) => !PIXELFLOW_EVENTS.includes(event));
	return [...(fineTune ? [fineTuneCategory] : []), ...(pixelflow ? [PIXELFLOW_CATEGORY] : [])];
}
