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
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'no_matching_signature'
	| 'secret_has_whitespace'
	| 'missing_token'
	| 'wrong_token';

export type VerificationResult =
	| {
			ok: true;
			secretIndex: number;
			/** The verified HMAC of the body where the scheme covers the body alone: a free fingerprint of it. */
			bodyDigest?: Buffer;
	  }
	| { ok: false; reason: RejectionReason; detail?: string };

/** A signature scheme is a pure function: the same delivery, secrets and clock always give the same answer. */
export type SignatureScheme = (delivery: SignedDelivery, context: VerificationContext) => VerificationResult;
