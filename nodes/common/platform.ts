import type { EventDefinition } from './events';
import type { SignatureScheme, SignedDelivery } from './signatures/types';

/**
 * Everything the shared engine needs to know about one platform. Adding a platform means writing one of these and
 * a node file that hands it to the engine: nothing under `nodes/common` changes.
 */
export interface PlatformDefinition {
	/** Short, stable id written into every item's `platform` field. */
	id: string;
	displayName: string;
	signature: SignatureScheme;
	/** Lower-case header names that carry the proof of authenticity; redacted when headers are put on the item. */
	signatureHeaders: string[];
	/** True where the signature covers a timestamp (Svix): the node then offers the tolerance option. */
	signatureIsTimed?: boolean;
	events: EventDefinition[];
	/** Where the payload names its event; undefined when it names none. */
	eventName: (payload: unknown) => string | undefined;
	/** The platform's id for this delivery; the engine falls back to a hash of the raw body. */
	eventId: (payload: unknown, delivery: SignedDelivery) => string | undefined;
	/** When the event happened, as the platform says; the engine falls back to the time of receipt. */
	occurredAt: (payload: unknown, delivery: SignedDelivery) => string | undefined;
	/** How to read the payload when it is not simply the JSON body; throws when it cannot be read. */
	parsePayload?: (delivery: SignedDelivery) => unknown;
	/**
	 * Other names under which the user can select this event, beyond its own name and aliases (Polyaxon's
	 * `jobs.done` selects every final status of a job).
	 */
	selectionNamesOf?: (event: string) => string[];
	/** Typed fields for an event this node does not know, where the platform's body still reads the same way. */
	unknownEventFields?: (payload: unknown) => Record<string, unknown>;
	/** A summary for an event the platform sent but this node does not know, or whose shape did not validate. */
	fallbackSummary: (event: string, payload: unknown) => string;
}
