import type { RejectionReason } from './signatures/types';

/**
 * Fixed sentences for the HTTP answer and the log line. They name the likely cause, never a secret or a computed
 * signature, so they are safe in front of an unauthenticated caller.
 */
export const rejectionMessages: Record<RejectionReason, string> = {
	no_secret: 'The credential has no signing secret: open the credential and paste the secret from the platform.',
	missing_header: 'The signature header is missing: the request was not sent by the platform, or a proxy removed it.',
	malformed_header: 'The signature header is malformed.',
	conflicting_headers:
		'The delivery carries both svix-* and webhook-* headers, and they name different messages: only one of them can be what was signed.',
	stale_timestamp: 'The signature timestamp is too old: a replayed delivery, or this server\'s clock is wrong.',
	future_timestamp: 'The signature timestamp is in the future: this server\'s clock is behind.',
	no_matching_signature:
		'No signature matches: the signing secret in the credential is not the one this endpoint uses, or the body was changed on the way.',
	secret_has_whitespace:
		'No signature matches, and the secret in the credential starts or ends with whitespace: paste it again without spaces or line breaks.',
	missing_token: 'The URL has no ?token= parameter: register the full URL shown in the node, token included.',
	wrong_token: 'The ?token= in the URL does not match the token of this node: register the URL shown in the node again.',
};
