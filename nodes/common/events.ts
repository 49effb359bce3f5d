import type { z } from 'zod/v4';

/**
 * One event a platform documents: its name as the platform sends it, the zod schema of its payload, and how to
 * turn a valid payload into the typed fields and the one-sentence summary of the item.
 */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType> {
	name: string;
	displayName: string;
	description: string;
	/** Other spellings the platform uses for the same event (its documentation and its product disagree). */
	aliases?: string[];
	schema: Schema;
	fields: (payload: z.infer<Schema>) => Record<string, unknown>;
	summary: (payload: z.infer<Schema>) => string;
}

/** Keeps the link between a schema and its field/summary functions so that both are typed from `z.infer`. */
export function defineEvent<Schema extends z.ZodType>(definition: EventDefinition<Schema>): EventDefinition {
	return definition as unknown as EventDefinition;
}
