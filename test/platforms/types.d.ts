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
	/**
	 * Words of the node's codex a user searches for this kind of platform ("fine-tuning", "labeling"): the codex test
	 * requires that exactly the specs naming a word have it, and the editor case searches n8n's node creator by each.
	 */
	searchWords: string[];
	/** What the platform's recipe (examples/) does in a real n8n: test/e2e/recipes.mjs runs these cases. */
	recipe: RecipeExpectations;
	/**
	 * A loopback stand-in for the platform's API the node reads (OpenAI's objects), and the credential fields that
	 * point the node at it; the recipe suites and the example test use it where the spec has one.
	 */
	startApi?(): Promise<{ api: unknown; credential: Record<string, string>; close(): Promise<void> }>;
	/** Set on the one platform the editor cases and the README pictures show a trigger panel of. */
	showcase?: Showcase;
}

/** What one delivery to the published recipe must make it call on the loopback sink (test/support/httpSink.js). */
export interface RecipeCase {
	name: string;
	/** The fixture to send, or a payload built from the fixtures (`sinkUrl` is the sink's base URL). */
	event?: string;
	payload?: (fixtures: Record<string, Payload>, sinkUrl: string) => Payload;
	/** The delivery id, where the platform sends one in its headers. */
	id?: string;
	/** What the sink answers on a path during this case: [status, JSON body]. */
	respond?: Record<string, [number, unknown]>;
	/** Exactly the sink paths the execution calls, in any order. */
	calls: string[];
	/** Fields the JSON body posted to a path must have. */
	posted?: Record<string, Record<string, unknown>>;
	/** Fragments the Slack text (or JSON body) posted to a path must contain. */
	mentions?: Record<string, string[]>;
}

export interface RecipeExpectations {
	/**
	 * Cases run against the recipe published with the spec's credential. A platform whose recipe needs more (a
	 * stand-in for its API) exports `recipe(ctx, tools)` from test/e2e/platforms/<id>.mjs instead, running its own.
	 */
	cases: RecipeCase[];
	/** What Execute workflow with the recipe's pinned event calls on the sink, where it calls only Settings URLs. */
	pinnedRun?: { calls: string[]; mentions?: Record<string, string[]> };
}

export interface Showcase {
	/** The fixture sent to the panel. */
	event: string;
	/** A typed field of the recipe's pinned item the next node's input shows. */
	typedField: string;
}
