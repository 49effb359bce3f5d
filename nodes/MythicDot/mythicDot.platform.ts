import { z } from 'zod/v4';

import { defineEvent } from '../common/events';
import type { PlatformDefinition } from '../common/platform';
import { hexHmacSignature } from '../common/signatures/hexHmac';
import { stringAt, unixSecondsToIso } from '../common/values';

/**
 * Every MythicDot.AI delivery: `{id: "evt_…", type, created: <unix s>, data: {object}}`, as MythicDot.AI's webhook
 * documentation shows it (mythicdot-ai.pages.dev/webhooks.html).
 */
function mythicDotEvent<ObjectSchema extends z.ZodType>(object: ObjectSchema) {
	return z.looseObject({
		id: z.string().min(1),
		type: z.string(),
		created: z.number(),
		data: z.looseObject({ object }),
	});
}

const batchObject = z.looseObject({
	id: z.string(),
	status: z.string(),
	request_counts: z.looseObject({
		total: z.number().optional(),
		completed: z.number().optional(),
		failed: z.number().optional(),
	}).optional(),
	output_file_id: z.string().nullish(),
	error_file_id: z.string().nullish(),
	errors: z.unknown().optional(),
});

const fineTuningJobObject = z.looseObject({
	id: z.string(),
	status: z.string().optional(),
	model: z.string().nullish(),
	fine_tuned_model: z.string().nullish(),
	training_file: z.string().nullish(),
	validation_file: z.string().nullish(),
	trained_tokens: z.number().nullish(),
	estimated_finish: z.number().nullish(),
	error: z.union([z.looseObject({ message: z.string().optional(), code: z.string().nullish() }), z.string()]).nullish(),
});

/** The vendor page names the event but not its object; every field is optional so any shape is kept and typed. */
const usageObject = z.looseObject({
	threshold: z.number().optional(),
	current_usage: z.number().optional(),
	usage: z.number().optional(),
	limit: z.number().optional(),
	unit: z.string().optional(),
	period: z.string().optional(),
});

export const batchEventSchema = mythicDotEvent(batchObject);
export const fineTuningEventSchema = mythicDotEvent(fineTuningJobObject);
export const fineTuningSucceededEventSchema = mythicDotEvent(
	fineTuningJobObject.extend({ fine_tuned_model: z.string() }),
);
export const usageEventSchema = mythicDotEvent(usageObject);

export type MythicDotBatchEvent = z.infer<typeof batchEventSchema>;
export type MythicDotFineTuningEvent = z.infer<typeof fineTuningEventSchema>;
export type MythicDotUsageEvent = z.infer<typeof usageEventSchema>;

/** The typed fields of each kind of event, as the item carries them. */
const batchFieldsSchema = z.object({
	batchId: z.string(),
	status: z.string(),
	requestCounts: z.object({ total: z.number().nullable(), completed: z.number().nullable(), failed: z.number().nullable() }),
	outputFileId: z.string().nullable(),
	errorFileId: z.string().nullable(),
});
const fineTuningFieldsSchema = z.object({
	jobId: z.string(),
	status: z.string().nullable(),
	baseModel: z.string().nullable(),
	fineTunedModel: z.string().nullable(),
	trainingFileId: z.string().nullable(),
	trainedTokens: z.number().nullable(),
	errorMessage: z.string().nullable(),
});
const usageFieldsSchema = z.object({ threshold: z.number().nullable(), currentUsage: z.number().nullable() });

function batchFields(event: MythicDotBatchEvent): z.infer<typeof batchFieldsSchema> {
	const batch = event.data.object;
	return {
		batchId: batch.id,
		status: batch.status,
		requestCounts: {
			total: batch.request_counts?.total ?? null,
			completed: batch.request_counts?.completed ?? null,
			failed: batch.request_counts?.failed ?? null,
		},
		outputFileId: batch.output_file_id ?? null,
		errorFileId: batch.error_file_id ?? null,
	};
}

function fineTuningFields(event: MythicDotFineTuningEvent): z.infer<typeof fineTuningFieldsSchema> {
	const job = event.data.object;
	const error = job.error;
	return {
		jobId: job.id,
		status: job.status ?? null,
		baseModel: job.model ?? null,
		fineTunedModel: job.fine_tuned_model ?? null,
		trainingFileId: job.training_file ?? null,
		trainedTokens: job.trained_tokens ?? null,
		errorMessage: typeof error === 'string' ? error : error?.message ?? null,
	};
}

function requestCountsText(event: MythicDotBatchEvent): string {
	const counts = event.data.object.request_counts;
	if (counts?.total === undefined) return '';
	return `: ${counts.completed ?? 0} of ${counts.total} requests completed, ${counts.failed ?? 0} failed`;
}

export const mythicDot: PlatformDefinition = {
	id: 'mythicdot',
	displayName: 'MythicDot.AI',
	signature: hexHmacSignature('X-MythicDot-Signature'),
	signatureHeaders: ['x-mythicdot-signature'],
	events: [
		defineEvent({
			name: 'batch.completed',
			displayName: 'Batch Completed',
			description: 'A batch job finished; its output file is ready',
			schema: batchEventSchema,
			fieldsSchema: batchFieldsSchema,
			fields: batchFields,
			summary: (event) => `Batch ${event.data.object.id} completed${requestCountsText(event)}.`,
		}),
		defineEvent({
			name: 'batch.failed',
			displayName: 'Batch Failed',
			description: 'A batch job failed',
			schema: batchEventSchema,
			fieldsSchema: batchFieldsSchema,
			fields: batchFields,
			summary: (event) => `Batch ${event.data.object.id} failed${requestCountsText(event)}.`,
		}),
		defineEvent({
			name: 'fine_tuning.job.created',
			displayName: 'Fine-Tuning Job Created',
			description: 'A fine-tuning job was created and started (also sent as fine_tuning.job.started)',
			aliases: ['fine_tuning.job.started'],
			schema: fineTuningEventSchema,
			fieldsSchema: fineTuningFieldsSchema,
			fields: fineTuningFields,
			summary: (event) => `Fine-tuning job ${event.data.object.id} started.`,
		}),
		defineEvent({
			name: 'fine_tuning.job.succeeded',
			displayName: 'Fine-Tuning Job Succeeded',
			description: 'A fine-tuning job succeeded; the fine-tuned model is ready to use',
			schema: fineTuningSucceededEventSchema,
			fieldsSchema: fineTuningFieldsSchema,
			fields: fineTuningFields,
			summary: (event) =>
				`Fine-tuning job ${event.data.object.id} succeeded: model ${event.data.object.fine_tuned_model} is ready.`,
		}),
		defineEvent({
			name: 'fine_tuning.job.failed',
			displayName: 'Fine-Tuning Job Failed',
			description: 'A fine-tuning job failed',
			schema: fineTuningEventSchema,
			fieldsSchema: fineTuningFieldsSchema,
			fields: fineTuningFields,
			summary: (event) => {
				const message = fineTuningFields(event).errorMessage;
				return `Fine-tuning job ${event.data.object.id} failed${message === null ? '' : `: ${message}`}.`;
			},
		}),
		defineEvent({
			name: 'usage.threshold.reached',
			displayName: 'Usage Threshold Reached',
			description: 'Account usage reached an alert threshold',
			schema: usageEventSchema,
			fieldsSchema: usageFieldsSchema,
			fields: (event) => {
				const usage = event.data.object;
				return { threshold: usage.threshold ?? null, currentUsage: usage.current_usage ?? usage.usage ?? null };
			},
			summary: (event) => {
				const usage = event.data.object;
				const current = usage.current_usage ?? usage.usage;
				return usage.threshold === undefined
					? 'Usage threshold reached.'
					: `Usage threshold of ${usage.threshold}${usage.unit === undefined ? '' : ` ${usage.unit}`} reached${current === undefined ? '' : ` (now ${current})`}.`;
			},
		}),
	],
	eventName: (payload) => stringAt(payload, 'type'),
	eventId: (payload) => stringAt(payload, 'id'),
	occurredAt: (payload) => unixSecondsToIso((payload as { created?: unknown } | null)?.created),
	fallbackSummary: (event) => `MythicDot.AI sent ${event}.`,
};
