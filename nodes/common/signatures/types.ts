/** What a delivery carries that a signature scheme may look at. Header names are lower-case, as Node gives them. */
export interface SignedDelivery {
	/** POST for most platforms; Polyaxon may be configured to send GET with the fields in the query. */
	method?: string;
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
}

/** The secrets held in the credential: the current one first, then the previous one during rotation. */
export interface VerificationContext {
	secrets: string[];
	nowSeconds: number;
	toleranceSeconds: number;
}

/** Why a delivery was not proven authentic. Each maps to one short, fixed sentence in `rejectionMessages`. */
export type RejectionReason =
	| 'no_secret'
	| 'missing_header'
	| 'malformed_header'
	| 'conflicting_headers'
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'no_matching_signature'
	| 'secret_has_whitespace'
	| 'missing_token'
	| 'wrong_token';

/**
 * What a scheme proved about a delivery, and nothing more. Everything after authentication reads the delivery's id
 * and time from here, never from the raw headers: a header the signature did not cover is only a claim.
 */
export interface VerifiedDelivery {
	ok: true;
	/** Which of the credential's secrets matched: 0 the current one, 1 the previous one. */
	secretIndex: number;
	/** The delivery id the signature covers (Svix / Standard Webhooks); absent where the scheme covers none. */
	id?: string;
	/** The signed send time in unix seconds, inside the tolerance; absent where the scheme covers none. */
	timestamp?: number;
	/** The header names the verified id and timestamp came from (`svix` for svix-*, `webhook` for webhook-*). */
	headerFamily?: 'svix' | 'webhook';
	/** The signature that matched: `v1` (HMAC-SHA256) or `v1a` (ed25519), where the scheme versions its signatures. */
	signatureVersion?: 'v1' | 'v1a';
}

export type VerificationResult = VerifiedDelivery | { ok: false; reason: RejectionReason; detail?: string };

/** A signature scheme is a pure function: the same delivery, secrets and clock always give the same answer. */
export type SignatureScheme = (delivery: SignedDelivery, context: VerificationContext) => VerificationResult;
