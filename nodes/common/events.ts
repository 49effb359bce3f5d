import type { z } from 'zod/v4';

/**
 * One event a platform documents: its name as the platform sends it, the zod schema of its payload, and how to
 * turn a valid payload into the typed fields and the one-sentence summary of the item. Both functions also get the
 * platform's one reading of the payload (see `PlatformDefinition.read`), so nothing is parsed twice.
 */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType, Reading = unknown> {
	name: string;
	displayName: string;
	description: string;
	/** Other spellings the platform uses for the same event (its documentation and its product disagree). */
	aliases?: string[];
	schema: Schema;
	fields: (payload: z.infer<Schema>, reading: Reading) => Record<string, unknown>;
	summary: (payload: z.infer<Schema>, reading: Reading) => string;
}

/** Keeps the link between a schema and its field/summary functions so that both are typed from `z.infer`. */
export function defineEvent<Schema extends z.ZodType, Reading = unknown>(
	definition: EventDefinition<Schema, Reading>,
): EventDefinition {
	return definition as unknown as EventDefinition;
}
