import type { z } from 'zod/v4';

import type { EventDefinition } from './events';
import type { PlatformDefinition } from './platform';

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
 * unexpected shape comes back with no typed fields, a generic summary and the reasons listed as issues.
 */
export function validateEvent(
	platform: PlatformDefinition,
	eventName: string,
	definition: EventDefinition | undefined,
	payload: unknown,
): ValidatedEvent {
	if (definition === undefined) {
		return {
			fields: platform.unknownEventFields?.(payload) ?? {},
			summary: platform.fallbackSummary(eventName, payload),
			issues: [`event: '${eventName}' is not an event this node knows; it is passed on as sent`],
		};
	}
	const result = definition.schema.safeParse(payload);
	if (!result.success) {
		return {
			fields: {},
			summary: platform.fallbackSummary(eventName, payload),
			issues: result.error.issues.map(describeIssue),
		};
	}
	return { fields: definition.fields(result.data), summary: definition.summary(result.data), issues: [] };
}
