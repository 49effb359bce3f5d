/**
 * The item every trigger of this package emits. The typed, platform-specific fields sit beside these keys at the
 * top level so they can be dragged straight into the next node; their types come from each platform's zod schemas.
 */
export interface ItemEnvelope {
	platform: string;
	/** The event as the platform names it. */
	event: string;
	/** The platform's id for the event, else `body:` and a stable hash of the raw body (the same on every retry). */
	eventId: string;
	occurredAt: string;
	receivedAt: string;
	/** One human sentence, ready for a chat message. */
	summary: string;
	/** Empty when the payload matched the documented shape; otherwise what did not (the event is emitted anyway). */
	validationIssues: string[];
	payload: unknown;
	rawBody?: string;
	headers?: Record<string, string | string[]>;
}

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
