import type { TriggerItem } from './envelope';
import type { EventDefinition } from './events';
import type { SignatureScheme, SignedDelivery, VerifiedDelivery } from './signatures/types';

/** What a platform read out of a payload, once per delivery, and what it could not read (listed on the item). */
export interface PayloadReading<Reading = unknown> {
	value: Reading;
	issues: string[];
}

/**
 * Everything the shared engine needs to know about one platform. Adding a platform means writing one of these and
 * a node file that hands it to the engine: nothing under `nodes/common` changes.
 *
 * The accessors get the platform's reading of the payload (the payload itself unless `read` says otherwise) and,
 * for the id and the time, only what the signature proved: a header it did not cover is never read.
 */
export interface PlatformDefinition<Reading = unknown> {
	/** Short, stable id written into every item's `platform` field. */
	id: string;
	displayName: string;
	signature: SignatureScheme;
	/** Lower-case header names that carry the proof of authenticity; redacted when headers are put on the item. */
	signatureHeaders: string[];
	/** True where the signature covers a timestamp (Svix): the node then offers the tolerance option. */
	signatureIsTimed?: boolean;
	events: EventDefinition[];
	/** How to read the payload when it is not simply the JSON body; throws when it cannot be read. */
	parsePayload?: (delivery: SignedDelivery) => unknown;
	/** Reads the parsed payload once into the value every accessor gets (Polyaxon's text into a run). */
	read?: (payload: unknown) => PayloadReading<Reading>;
	/** Where the payload names its event; undefined when it names none. */
	eventName: (reading: Reading) => string | undefined;
	/** The platform's id for this delivery; the engine falls back to a hash of the raw body. */
	eventId: (reading: Reading, verified: VerifiedDelivery) => string | undefined;
	/** When the event happened, as the platform says; the engine falls back to the time of receipt. */
	occurredAt: (reading: Reading, verified: VerifiedDelivery) => string | undefined;
	/**
	 * Other names under which the user can select this event, beyond its own name and aliases (Polyaxon's
	 * `jobs.done` selects every final status of a job; a Segmind body that names only its category is selected by
	 * any event of that category).
	 */
	selectionNamesOf?: (event: string, reading: Reading) => string[];
	/** Typed fields for an event this node does not know, where the platform's body still reads the same way. */
	unknownEventFields?: (reading: Reading) => Record<string, unknown>;
	/** A summary for an event the platform sent but this node does not know, or whose shape did not validate. */
	fallbackSummary: (event: string, reading: Reading) => string;
	/** Where an event names its object only by id (OpenAI): how the execution reads it from the platform's API. */
	objectFetch?: ObjectFetch;
}

/** A GET of a path below the API's base URL with the node's credential; resolves to the parsed JSON, throws on failure. */
export type ApiGet = (path: string) => Promise<unknown>;

/**
 * Reads the object an event names, in the execution the delivery started (so never before the platform got its
 * answer), and puts its typed fields on the item. A fetch that fails leaves the event as it was, with the reason
 * added to its validation issues (n8n/fetchObjects.ts).
 */
export interface ObjectFetch {
	/** The API's base URL, or undefined when the credential holds no API key: then nothing is fetched. */
	apiBaseUrl: (credential: Record<string, unknown>) => string | undefined;
	/** The item's fields read from its object, and what did not read as documented; undefined: nothing to fetch. */
	fetch: (item: TriggerItem, get: ApiGet) => Promise<PayloadReading<Record<string, unknown>>> | undefined;
}

/** Keeps a platform's accessors typed by its own reading, and hands the engine the plain definition. */
export function definePlatform<Reading>(definition: PlatformDefinition<Reading>): PlatformDefinition {
	return definition as unknown as PlatformDefinition;
}

/** The platform's one reading of a payload; the payload itself where the platform reads nothing more out of it. */
export function readPayload(platform: PlatformDefinition, payload: unknown): PayloadReading {
	return platform.read?.(payload) ?? { value: payload, issues: [] };
}
