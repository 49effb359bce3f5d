import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { SecretUnavailable } from '../common/n8n/runWebhook';
import { secretsFromCredential } from '../common/n8n/secrets';
import type { SignedDelivery } from '../common/signatures/types';
import { nonEmptyText } from '../common/values';
import { replicate } from './replicate.platform';

export const REPLICATE_CREDENTIAL = 'replicateApi';
export const DEFAULT_REPLICATE_BASE_URL = 'https://api.replicate.com/v1';

/** `GET /v1/webhooks/default/secret` answers `{"key": "whsec_…"}` (the package's lib/webhooks.js, WebhookSecret). */
export const SIGNING_ENDPOINT = '/webhooks/default/secret';

/** After a failed fetch, deliveries are refused from memory this long: a burst of junk must not become a burst of API calls. */
const FAILURE_HOLD_MS = 5_000;
/** A delivery the known secret does not match asks Replicate again (the secret may have changed), at most this often. */
const REFETCH_INTERVAL_MS = 60_000;
/** How long a delivery waits for Replicate's answer to the secret request. */
const FETCH_TIMEOUT_MS = 5_000;
/** Distinct API tokens remembered per process; an n8n instance holds a handful of Replicate credentials. */
const MAX_ENTRIES = 50;

interface SecretEntry {
	/** The fetched secret first, then the one it replaced (still accepted, as a previous secret during rotation). */
	secrets: string[];
	fetchedAt: number;
	failure?: { error: SecretUnavailable; at: number };
	inFlight?: Promise<void>;
}

/**
 * The secret, per API token and base URL, in this process's memory: fetched once, not per delivery. In queue mode
 * each webhook process fetches it once for itself. The token itself is not kept: the key is its hash.
 */
const entries = new Map<string, SecretEntry>();

function entryKey(baseUrl: string, token: string): string {
	return createHash('sha256').update(`${baseUrl}\n${token}`).digest('base64url');
}

function baseUrlOf(credential: ICredentialDataDecryptedObject): string {
	return (nonEmptyText(credential.baseUrl) ?? DEFAULT_REPLICATE_BASE_URL).replace(/\/+$/, '');
}

/** Whether the credential fetches the secret with an API token (the default) or holds a pasted one. */
export function usesApiToken(credential: ICredentialDataDecryptedObject): boolean {
	return (credential.method ?? 'apiToken') === 'apiToken';
}

/** The `whsec_` key of Replicate's answer; anything else is not an answer this node can verify with. */
export function secretOfAnswer(answer: unknown): string | undefined {
	const key = typeof answer === 'object' && answer !== null ? (answer as { key?: unknown }).key : undefined;
	return typeof key === 'string' && key.startsWith('whsec_') ? key : undefined;
}

/** n8n's request helpers throw with the HTTP status in `httpCode` (a string), or a network error without one. */
function refusalOf(error: unknown, baseUrl: string): SecretUnavailable {
	const code = String((error as { httpCode?: unknown }).httpCode ?? '');
	if (code === '401' || code === '403') {
		return new SecretUnavailable(
			401,
			'api_token_refused',
			`Replicate refused the API token in the credential (HTTP ${code}) when asked for the webhook signing secret: the delivery could not be checked and started nothing. Paste a valid token (replicate.com/account/api-tokens) into the Replicate credential.`,
		);
	}
	const why = /^\d{3}$/.test(code) ? `HTTP ${code}` : 'no answer';
	return new SecretUnavailable(
		503,
		'secret_unavailable',
		`The webhook signing secret could not be fetched from Replicate's API at ${baseUrl} (${why}): the delivery could not be checked and started nothing. Replicate retries a final-status webhook for about a minute.`,
	);
}

async function fetchSecret(context: IWebhookFunctions, baseUrl: string): Promise<string> {
	let answer: unknown;
	try {
		answer = await context.helpers.httpRequestWithAuthentication.call(context, REPLICATE_CREDENTIAL, {
			method: 'GET',
			baseURL: baseUrl,
			url: SIGNING_ENDPOINT,
			json: true,
			// Replicate wants an answer within a few seconds, or it retries: better a 503 now than no answer.
			timeout: FETCH_TIMEOUT_MS,
		});
	} catch (error) {
		throw refusalOf(error, baseUrl);
	}
	const secret = secretOfAnswer(answer);
	if (secret === undefined) {
		throw new SecretUnavailable(
			503,
			'secret_unavailable',
			`Replicate's API at ${baseUrl} answered ${SIGNING_ENDPOINT} without a "whsec_" key: the delivery could not be checked and started nothing. Check the base URL in the Replicate credential.`,
		);
	}
	return secret;
}

/** One fetch at a time per entry; deliveries arriving meanwhile wait for it instead of asking again. */
async function refresh(context: IWebhookFunctions, entry: SecretEntry, baseUrl: string): Promise<void> {
	entry.inFlight ??= (async () => {
		try {
			const secret = await fetchSecret(context, baseUrl);
			// Unchanged: the list stays as it is. Changed: the new secret first, the one it replaced still accepted.
			if (entry.secrets[0] !== secret) entry.secrets = entry.secrets.length === 0 ? [secret] : [secret, entry.secrets[0]];
			entry.failure = undefined;
		} catch (error) {
			entry.failure = { error: error as SecretUnavailable, at: Date.now() };
			context.logger.warn(`Replicate Trigger: ${(error as Error).message}`);
		} finally {
			entry.fetchedAt = Date.now();
			entry.inFlight = undefined;
		}
	})();
	await entry.inFlight;
}

function entryFor(key: string): SecretEntry {
	let entry = entries.get(key);
	if (entry === undefined) {
		if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
		entry = { secrets: [], fetchedAt: 0 };
		entries.set(key, entry);
	}
	return entry;
}

/** Whether the known secrets fail this delivery's signature in a way a changed secret would explain. */
function mismatches(secrets: string[], delivery: SignedDelivery): boolean {
	const result = replicate.signature(delivery, { secrets, nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: Infinity });
	return !result.ok && result.reason === 'no_matching_signature';
}

/**
 * The secrets a delivery is checked with. A pasted secret (and its previous one) as the other nodes read them;
 * otherwise the account's default webhook secret, fetched with the API token the first time it is needed and again
 * only when a delivery's signature does not match it (Replicate changed it), at most once a minute. When no secret is
 * known and the fetch fails, the delivery is refused (401 for a refused token, else 503): it cannot be checked, and
 * a 2xx would tell Replicate it arrived. Replicate retries the final-status webhook on 4xx and 5xx.
 */
export async function replicateSecrets(
	context: IWebhookFunctions,
	credential: ICredentialDataDecryptedObject,
	delivery: SignedDelivery,
): Promise<string[]> {
	if (!usesApiToken(credential)) return secretsFromCredential(credential);
	const token = nonEmptyText(credential.apiToken);
	if (token === undefined) return [];
	const baseUrl = baseUrlOf(credential);
	const entry = entryFor(entryKey(baseUrl, token));
	const now = Date.now();
	if (entry.secrets.length === 0) {
		if (entry.failure === undefined || now - entry.failure.at >= FAILURE_HOLD_MS) await refresh(context, entry, baseUrl);
		if (entry.secrets.length === 0) throw entry.failure!.error;
	} else if (now - entry.fetchedAt >= REFETCH_INTERVAL_MS && mismatches(entry.secrets, delivery)) {
		await refresh(context, entry, baseUrl);
	}
	return entry.secrets;
}
