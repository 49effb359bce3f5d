/** A delivery's payload as the platform sends it (parsed JSON). */
export type Payload = Record<string, unknown>;

/** What proves a delivery authentic, added to the request: signature headers, or a token in the query. */
export interface Proof {
	headers: Record<string, string>;
	query: Record<string, string>;
}

export interface SignOptions {
	/** The delivery id, where the platform sends one in its headers (Svix). */
	id?: string;
	/** When the platform signed it, where the signature covers a time (Svix). */
	date?: Date;
}

/**
 * Everything the jest suites and the real-n8n suite need to know about one platform: its node, how it proves a
 * delivery and how to forge one, and what the item of each documented event must carry. One file per platform in
 * test/platforms/; both suites find them through index.js.
 */
export interface PlatformSpec {
	/** File name, and the prefix of every case name. */
	id: string;
	/** The platform's name as users know it. */
	name: string;
	/** The item's `platform` field. */
	platformId: string;
	nodeName: string;
	displayName: string;
	credentialType: string;
	/** Node parameters every workflow of the shared suites sets besides `events` and `deliveryOptions`. */
	baseParameters: Record<string, string>;
	/** One realistic payload per documented event, as the platform sends it. */
	fixtures: Record<string, Payload>;
	/** Lower-case names of the headers carrying the proof; the item shows them as `[redacted]`. */
	signatureHeaders: string[];
	newSecret(): string;
	/** The credential's data for a secret and, during rotation, the previous one. */
	credential(secret: string, previous?: string): Record<string, string>;
	/** Whether the credential holds a previous secret that is accepted during rotation. */
	rotates: boolean;
	sign(body: string, secret: string, options?: SignOptions): Proof;
	/** A proof of the right shape that no secret produced. */
	forge(body: string, options?: SignOptions): Proof;
	/** The proof replaced by something that cannot be a proof at all. */
	malform(proof: Proof): Proof;
	/** The refusal reason for a delivery without proof, with a wrong proof, and with an unreadable one. */
	reasons: { missing: string; wrong: string; malformed: string };
	/** Whether the proof covers the body (a URL token does not: a body changed in transit goes unnoticed). */
	coversBody: boolean;
	/** The item's `eventId` for a delivery; undefined where the node derives it from the body. */
	eventIdOf(body: string, proof: Proof): string | undefined;
	/** The payload made distinct by `tag`, so its delivery (and id) belongs to one case only. */
	uniquePayload(payload: Payload, tag: string): Payload;
	/** The payload changed as an attacker would change it after signing; only where the proof covers the body. */
	tamper?(payload: Payload): Payload;
	/** A payload of an event the node does not know, and the event name its item must carry. */
	unknownEventPayload(tag: string): Payload;
	unknownEventName: string;
	/** A known event whose payload has a shape the node's schema refuses, and the issues the item must list. */
	misshapen: [string, Payload];
	misshapenIssues: string[];
	/** Fixture events the Events option lists under another name: event -> the option that selects it. */
	eventAliases: Record<string, string>;
	/**
	 * Events options that select several events at once (Replicate's "completed"), listed after Any Event: option ->
	 * the fixture events it lets through. Absent where the platform has none.
	 */
	selectionGroups?: Record<string, string[]>;
	/** An event to select and an event that selection leaves out. */
	selection: [string, string];
	/** Per documented event: the envelope and typed fields its item must carry, written out from the fixture. */
	expected: Record<string, Record<string, unknown>>;
}
