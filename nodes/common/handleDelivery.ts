import { createHash } from 'crypto';

import type { EventClaims } from './deduplication/claims';
import { eventKey } from './deduplication/eventKey';
import { redactHeaders, type TriggerItem } from './envelope';
import { findEvent, isEventSelected } from './eventSelection';
import { readPayload, type PlatformDefinition } from './platform';
import { rejectionMessages } from './rejectionMessages';
import type { RejectionReason, SignedDelivery } from './signatures/types';
import { validateEvent } from './validation';

export interface DeliverySettings {
	secrets: string[];
	toleranceSeconds: number;
	selectedEvents: string[];
	deduplicate: boolean;
	includeRawBody: boolean;
	includeHeaders: boolean;
}

/** What to do with one delivery. Only `emit` starts an execution; `retry` asks the platform to send it again. */
export type DeliveryOutcome =
	| { action: 'reject'; status: 401; reason: RejectionReason; message: string; detail?: string }
	| { action: 'reject'; status: 400; reason: 'unparseable_body'; message: string }
	| { action: 'ignore'; status: 200; reason: 'event_not_selected' | 'redelivery'; event: string; eventId?: string }
	| { action: 'retry'; status: 503; reason: 'event_in_progress'; message: string; retryAfterSeconds: number; event: string; eventId: string }
	| { action: 'emit'; item: TriggerItem; claim?: { key: string; atMs: number } };

/**
 * Seconds a copy is asked to wait while n8n is still storing the execution of the first (usually well under one):
 * long enough that a platform honouring it finds the claim settled, short against platforms' own retry schedules.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The order every trigger treats a delivery in: authenticate the raw bytes, parse, validate, filter by the selected
 * events, drop redeliveries, emit one item. After authentication the delivery's id and time are read only from what
 * the signature proved (`verification`), never from the raw headers. It touches nothing but the node's event claims,
 * where it claims the event it emits in the same synchronous step as the check (see deduplication/claims.ts); the
 * caller settles that claim once n8n has answered (runWebhook.ts).
 */
export function handleDelivery(
	platform: PlatformDefinition,
	delivery: SignedDelivery,
	settings: DeliverySettings,
	claims: EventClaims,
	now: Date,
): DeliveryOutcome {
	const nowMs = now.getTime();
	const verification = platform.signature(delivery, {
		secrets: settings.secrets,
		nowSeconds: Math.floor(nowMs / 1000),
		toleranceSeconds: settings.toleranceSeconds,
	});
	if (!verification.ok) {
		return {
			action: 'reject',
			status: 401,
			reason: verification.reason,
			message: rejectionMessages[verification.reason],
			detail: verification.detail,
		};
	}

	let payload: unknown;
	try {
		payload = parseBody(platform, delivery);
	} catch {
		return { action: 'reject', status: 400, reason: 'unparseable_body', message: 'The body is not valid JSON.' };
	}

	// Filtering before validating gives the same answers as validating first (validation never refuses an event),
	// and spares the schema work for events the user did not select.
	const reading = readPayload(platform, payload);
	const event = platform.eventName(reading.value) ?? 'unknown';
	const definition = findEvent(platform, event);
	if (!isEventSelected(platform, settings.selectedEvents, event, definition, reading.value)) {
		return { action: 'ignore', status: 200, reason: 'event_not_selected', event };
	}

	const eventId = platform.eventId(reading.value, verification) ?? bodyEventId(delivery, payload);
	const key = eventKey(platform.id, eventId);
	const claim = settings.deduplicate ? claims.claim(key, nowMs) : undefined;
	if (claim === 'taken') return { action: 'ignore', status: 200, reason: 'redelivery', event, eventId };
	if (claim === 'pending') {
		return {
			action: 'retry',
			status: 503,
			reason: 'event_in_progress',
			message: 'A copy of this event is being started right now; retry later.',
			retryAfterSeconds: RETRY_AFTER_SECONDS,
			event,
			eventId,
		};
	}

	const validated = validateEvent(platform, event, definition, payload, reading);
	const receivedAt = now.toISOString();
	const item: TriggerItem = {
		platform: platform.id,
		event,
		eventId,
		occurredAt: platform.occurredAt(reading.value, verification) ?? receivedAt,
		receivedAt,
		summary: validated.summary,
		...validated.fields,
		validationIssues: validated.issues,
		payload,
	};
	if (settings.includeRawBody) item.rawBody = delivery.rawBody.toString('utf8');
	if (settings.includeHeaders) item.headers = redactHeaders(delivery.headers, platform.signatureHeaders);
	return { action: 'emit', item, ...(claim === 'claimed' ? { claim: { key, atMs: nowMs } } : {}) };
}

/**
 * The id of an event the platform sends without one (Datasaur): a SHA-256 of the raw body, the same on every retry
 * of it. It depends on nothing but the body, not on the secret that signed it, so the same event signed with the
 * previous and with the new secret during a rotation gets one id and starts one execution. A body sent without
 * bytes (Polyaxon over GET) is identified by the fields read from the query instead.
 */
function bodyEventId(delivery: SignedDelivery, payload: unknown): string {
	const hash = createHash('sha256');
	if (delivery.rawBody.length > 0) hash.update(delivery.rawBody);
	else hash.update(JSON.stringify(payload) ?? '', 'utf8');
	return `body:${hash.digest('hex')}`;
}

/** A platform may read its payload from elsewhere (Polyaxon over GET); JSON bodies are the default. */
function parseBody(platform: PlatformDefinition, delivery: SignedDelivery): unknown {
	if (platform.parsePayload !== undefined) return platform.parsePayload(delivery);
	return JSON.parse(delivery.rawBody.toString('utf8'));
}
