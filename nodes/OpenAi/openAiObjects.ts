import { z } from 'zod/v4';

import type { ApiGet, PayloadReading } from '../common/platform';

/**
 * The objects OpenAI's events name by id, as its API returns them (the `openai` package's FineTuningJob, Batch,
 * RunRetrieveResponse and Response types), and the typed fields each puts on the item. Every field the item reads is
 * optional or nullable here: an object OpenAI changes still comes through, with what did not read listed as issues.
 */
const apiError = z.looseObject({ code: z.string().nullish(), message: z.string().nullish(), param: z.string().nullish() }).nullish();

const fineTuningJob = z.looseObject({
	id: z.string(),
	status: z.string(),
	model: z.string().nullish(),
	fine_tuned_model: z.string().nullish(),
	trained_tokens: z.number().nullish(),
	training_file: z.string().nullish(),
	validation_file: z.string().nullish(),
	result_files: z.array(z.string()).nullish(),
	finished_at: z.number().nullish(),
	error: apiError,
});

const batch = z.looseObject({
	id: z.string(),
	status: z.string(),
	endpoint: z.string().nullish(),
	input_file_id: z.string().nullish(),
	output_file_id: z.string().nullish(),
	error_file_id: z.string().nullish(),
	request_counts: z.looseObject({ total: z.number(), completed: z.number(), failed: z.number() }).nullish(),
	errors: z.looseObject({ data: z.array(z.looseObject({ code: z.string().nullish(), message: z.string().nullish(), line: z.number().nullish() })).nullish() }).nullish(),
	metadata: z.record(z.string(), z.string()).nullish(),
});

const evalRun = z.looseObject({
	id: z.string(),
	eval_id: z.string(),
	status: z.string(),
	name: z.string().nullish(),
	model: z.string().nullish(),
	report_url: z.string().nullish(),
	result_counts: z.looseObject({ total: z.number(), passed: z.number(), failed: z.number(), errored: z.number() }).nullish(),
	error: apiError,
});

const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const response = z.looseObject({
	id: z.string(),
	status: z.string().nullish(),
	model: z.string().nullish(),
	output: z.array(z.looseObject({ type: z.string(), content: z.array(z.looseObject({ type: z.string() })).nullish() })).nullish(),
	usage: z.looseObject({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() }).nullish(),
	error: apiError,
	incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});

/** The text of a response's output messages, joined, as the `openai` package's `output_text` puts it together. */
function responseText(output: z.infer<typeof response>['output']): string | null {
	const texts = (output ?? [])
		.filter((entry) => entry.type === 'message')
		.flatMap((entry) => entry.content ?? [])
		.flatMap((content) => {
			const parsed = outputText.safeParse(content);
			return parsed.success ? [parsed.data.text] : [];
		});
	return texts.length === 0 ? null : texts.join('');
}

function errorText(error: z.infer<typeof apiError>): string | null {
	return error?.message ?? error?.code ?? null;
}

const text = z.string().nullable();
const count = z.number().nullable();

/**
 * The kinds of object OpenAI's events name, and the schema of the fields each puts on the item: every field is null
 * until the execution read its object (fetchObjects), and the readers below return exactly these types.
 */
export const OBJECT_FIELD_SCHEMAS = {
	'fine_tuning.job': z.object({
		fineTunedModel: text,
		model: text,
		status: text,
		trainedTokens: count,
		trainingFile: text,
		resultFiles: z.array(z.string()).nullable(),
		error: text,
	}),
	batch: z.object({
		status: text,
		endpoint: text,
		requestCounts: z.object({ total: z.number(), completed: z.number(), failed: z.number() }).nullable(),
		outputFileId: text,
		errorFileId: text,
		errors: z.array(z.string()).nullable(),
		metadata: z.record(z.string(), z.string()).nullable(),
	}),
	'eval.run': z.object({
		status: text,
		evalId: text,
		runName: text,
		model: text,
		resultCounts: z.object({ total: z.number(), passed: z.number(), failed: z.number(), errored: z.number() }).nullable(),
		reportUrl: text,
		error: text,
	}),
	response: z.object({
		status: text,
		model: text,
		outputText: text,
		usage: z.object({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() }).nullable(),
		error: text,
		incompleteReason: text,
	}),
};

type ObjectFields = { [Kind in keyof typeof OBJECT_FIELD_SCHEMAS]: z.infer<(typeof OBJECT_FIELD_SCHEMAS)[Kind]> };

/** Each kind's fields as the item carries them before its object is read: all null. */
export const OBJECT_FIELDS = Object.fromEntries(
	Object.entries(OBJECT_FIELD_SCHEMAS).map(([kind, schema]) => [kind, Object.fromEntries(Object.keys(schema.shape).map((name) => [name, null]))]),
) as Record<keyof typeof OBJECT_FIELD_SCHEMAS, Record<string, null>>;

export type FetchedKind = keyof typeof OBJECT_FIELD_SCHEMAS;

interface FetchedObject {
	fields: Record<string, unknown>;
	/** The sentence added to the event's summary, naming what the object says. */
	detail: string | undefined;
}

interface ObjectReader<Schema extends z.ZodType, Fields> {
	schema: Schema;
	read: (object: z.infer<Schema>) => FetchedObject & { fields: Fields };
}

function reader<Schema extends z.ZodType, Kind extends FetchedKind>(
	_kind: Kind,
	definition: ObjectReader<Schema, ObjectFields[Kind]>,
): ObjectReader<z.ZodType, unknown> {
	return definition as unknown as ObjectReader<z.ZodType, unknown>;
}

const readers: Record<FetchedKind, ObjectReader<z.ZodType, unknown>> = {
	'fine_tuning.job': reader('fine_tuning.job', {
		schema: fineTuningJob,
		read: (job) => ({
			fields: {
				fineTunedModel: job.fine_tuned_model ?? null,
				model: job.model ?? null,
				status: job.status,
				trainedTokens: job.trained_tokens ?? null,
				trainingFile: job.training_file ?? null,
				resultFiles: job.result_files ?? null,
				error: errorText(job.error),
			},
			detail: job.fine_tuned_model ? `model ${job.fine_tuned_model} is ready` : errorText(job.error) ?? undefined,
		}),
	}),
	batch: reader('batch', {
		schema: batch,
		read: (found) => {
			const errors = (found.errors?.data ?? []).map((entry) => [entry.code, entry.message].filter(Boolean).join(': '));
			const counts = found.request_counts;
			return {
				fields: {
					status: found.status,
					endpoint: found.endpoint ?? null,
					requestCounts: counts ?? null,
					outputFileId: found.output_file_id ?? null,
					errorFileId: found.error_file_id ?? null,
					errors,
					metadata: found.metadata ?? null,
				},
				detail: counts ? `${counts.completed} of ${counts.total} requests completed, ${counts.failed} failed` : errors[0],
			};
		},
	}),
	'eval.run': reader('eval.run', {
		schema: evalRun,
		read: (run) => ({
			fields: {
				status: run.status,
				evalId: run.eval_id,
				runName: run.name ?? null,
				model: run.model ?? null,
				resultCounts: run.result_counts ?? null,
				reportUrl: run.report_url ?? null,
				error: errorText(run.error),
			},
			detail: run.result_counts ? `${run.result_counts.passed} of ${run.result_counts.total} passed` : errorText(run.error) ?? undefined,
		}),
	}),
	response: reader('response', {
		schema: response,
		read: (found) => ({
			fields: {
				status: found.status ?? null,
				model: found.model ?? null,
				outputText: responseText(found.output),
				usage: found.usage ?? null,
				error: errorText(found.error),
				incompleteReason: found.incomplete_details?.reason ?? null,
			},
			detail: errorText(found.error) ?? found.incomplete_details?.reason ?? undefined,
		}),
	}),
};

const NOT_HERE = Symbol('not this eval');

/** How many of the project's most recently updated evals are searched for a run (see evalRunPath). */
const EVALS_SEARCHED = 20;

/**
 * OpenAI reads an eval run only under its eval (`GET /evals/{eval_id}/runs/{run_id}`), and the event carries the
 * run's id alone: the run is looked for under the project's most recently updated evals.
 */
async function findEvalRun(runId: string, get: ApiGet): Promise<unknown> {
	const evals = (await get(`/evals?limit=${EVALS_SEARCHED}&order=desc&order_by=updated_at`)) as { data?: Array<{ id?: unknown }> };
	for (const candidate of evals.data ?? []) {
		if (typeof candidate.id !== 'string') continue;
		const run = await get(`/evals/${encodeURIComponent(candidate.id)}/runs/${encodeURIComponent(runId)}`).then(
			(found) => found,
			// 404: not this eval's run, look under the next one; any other failure ends the search with its reason
			async (error: unknown) => ((error as { httpCode?: string | null }).httpCode === '404' ? NOT_HERE : await Promise.reject(error)),
		);
		if (run !== NOT_HERE) return run;
	}
	throw new Error(`no eval among the ${EVALS_SEARCHED} most recently updated has a run ${runId}`);
}

const PATHS: Record<Exclude<FetchedKind, 'eval.run'>, string> = {
	'fine_tuning.job': '/fine_tuning/jobs/',
	batch: '/batches/',
	response: '/responses/',
};

/** The object as OpenAI's API has it now, its fields for the item, and the sentence it adds to the summary. */
export async function fetchOpenAiObject(
	kind: FetchedKind,
	id: string,
	get: ApiGet,
): Promise<PayloadReading<{ object: unknown } & FetchedObject>> {
	const object = kind === 'eval.run' ? await findEvalRun(id, get) : await get(`${PATHS[kind]}${encodeURIComponent(id)}`);
	const parsed = readers[kind].schema.safeParse(object);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `object.${issue.path.map(String).join('.')}: ${issue.message}`);
		return { value: { object, fields: {}, detail: undefined }, issues };
	}
	return { value: { object, ...readers[kind].read(parsed.data) }, issues: [] };
}
