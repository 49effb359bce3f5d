import type { z } from 'zod/v4';

/**
 * One event a platform documents: its name as the platform sends it, the zod schema of its payload, and how to
 * turn a valid payload into the typed fields and the one-sentence summary of the item. Both functions also get the
 * platform's one reading of the payload (see `PlatformDefinition.read`), so nothing is parsed twice.
 *
 * `fieldsSchema` is the zod schema of the typed fields: `fields` returns its type, and the build turns it into the
 * node's output schema (see outputSchema.ts), which n8n 1.x's editor shows before the first event.
 */
export interface EventDefinition<
	Schema extends z.ZodType = z.ZodType,
	Reading = unknown,
	Fields extends z.ZodObject = z.ZodObject,
> {
	name: string;
	displayName: string;
	description: string;
	/** Other spellings the platform uses for the same event (its documentation and its product disagree). */
	aliases?: string[];
	schema: Schema;
	fieldsSchema: Fields;
	fields: (payload: z.infer<Schema>, reading: Reading) => z.infer<Fields>;
	summary: (payload: z.infer<Schema>, reading: Reading) => string;
}

/** Keeps the link between the schemas and the field/summary functions so that all are typed from `z.infer`. */
export function defineEvent<Schema extends z.ZodType, Fields extends z.ZodObject, Reading = unknown>(
	definition: EventDefinition<Schema, Reading, Fields>,
): EventDefinition {
	return definition as unknown as EventDefinition;
}
