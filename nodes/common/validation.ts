import type { z } from 'zod/v4';

import type { EventDefinition } from './events';
import type { PayloadReading, PlatformDefinition } from './platform';

export interface ValidatedEvent {
	fields: Record<string, unknown>;
	summary: string;
	issues: string[];
}

function describeIssue(issue: z.core.$ZodIssue): string {
	const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'payload';
	return `${path}: ${issue.message}`;
}

/**
 * Validates a payload against its event's schema. An authentic event is never dropped here: an unknown event or an
 * unexpected shape comes back with no typed fields, a generic summary and the reasons listed as issues, beside what
 * the platform could not read out of the payload.
 */
export function validateEvent(
	platform: PlatformDefinition,
	eventName: string,
	definition: EventDefinition | undefined,
	payload: unknown,
	reading: PayloadReading,
): ValidatedEvent {
	if (definition === undefined) {
		return {
			fields: platform.unknownEventFields?.(reading.value) ?? {},
			summary: platform.fallbackSummary(eventName, reading.value),
			issues: [`event: '${eventName}' is not an event this node knows; it is passed on as sent`, ...reading.issues],
		};
	}
	const result = definition.schema.safeParse(payload);
	if (!result.success) {
		return {
			fields: {},
			summary: platform.fallbackSummary(eventName, reading.value),
			issues: [...result.error.issues.map(describeIssue), ...reading.issues],
		};
	}
	return {
		fields: definition.fields(result.data, reading.value),
		summary: definition.summary(result.data, reading.value),
		issues: reading.issues,
	};
}
