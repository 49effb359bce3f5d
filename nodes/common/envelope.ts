import { z } from 'zod/v4';

/**
 * The item every trigger of this package emits. The typed, platform-specific fields sit beside these keys at the
 * top level so they can be dragged straight into the next node; their types come from each event's `fieldsSchema`.
 * The descriptions travel into the node's output schema (outputSchema.ts).
 */
export const itemEnvelopeSchema = z.object({
	platform: z.string().describe('The platform that sent the event'),
	event: z.string().describe('The event as the platform names it'),
	eventId: z
		.string()
		.describe("The platform's id for the event, else `body:` and a stable hash of the raw body (the same on every retry)"),
	occurredAt: z.string().describe('When the event happened, as the platform says (ISO 8601); else the time of receipt'),
	receivedAt: z.string().describe('When n8n received the delivery (ISO 8601)'),
	summary: z.string().describe('One human sentence, ready for a chat message'),
	validationIssues: z
		.array(z.string())
		.describe('Empty when the payload matched the documented shape; otherwise what did not (the event is emitted anyway)'),
	payload: z.unknown().describe('The event as the platform sent it'),
	rawBody: z.string().optional().describe('The body as received (option Include Raw Body)'),
	headers: z
		.record(z.string(), z.union([z.string(), z.array(z.string())]))
		.optional()
		.describe('The request headers, the signature redacted (option Include Headers)'),
});

export type ItemEnvelope = z.infer<typeof itemEnvelopeSchema>;

export type TriggerItem = ItemEnvelope & Record<string, unknown>;

const REDACTED = '[redacted]';

/** Headers for the item, with the ones that prove authenticity blanked so a signature never travels further. */
export function redactHeaders(
	headers: Record<string, string | string[] | undefined>,
	signatureHeaders: string[],
): Record<string, string | string[]> {
	const copy: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		copy[name] = signatureHeaders.includes(name) ? REDACTED : value;
	}
	return copy;
}
