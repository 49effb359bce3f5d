import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { testStandardWebhookSecret } from '../common/n8n/credentialTests';
import { nonEmptyText } from '../common/values';
import { DEFAULT_REPLICATE_BASE_URL, SIGNING_ENDPOINT, secretOfAnswer, usesApiToken } from './replicateSecret';

/** How long Save waits for Replicate's answer. */
const TEST_TIMEOUT_MS = 15_000;

/**
 * The test n8n runs when a Replicate credential is saved: with an API token, the same request the trigger makes
 * (GET /v1/webhooks/default/secret), which proves the token and the base URL; a pasted secret is checked for its
 * form, as for every Standard Webhooks credential.
 */
export async function testReplicateCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	if (!usesApiToken(data)) return await testStandardWebhookSecret(credential);
	const token = nonEmptyText(data.apiToken);
	if (token === undefined) return { status: 'Error', message: 'The API token is empty.' };
	if (token.trim() !== token) return { status: 'Error', message: 'The API token starts or ends with a space or line break: paste it again without them.' };
	const baseUrl = (nonEmptyText(data.baseUrl) ?? DEFAULT_REPLICATE_BASE_URL).replace(/\/+$/, '');
	// A credential test gets only n8n's deprecated `request` helper (CredentialTestContext in n8n-core), which the
	// package's lint refuses; fetch makes the same one GET.
	let answer: unknown;
	let status: number | undefined;
	try {
		const response = await fetch(`${baseUrl}${SIGNING_ENDPOINT}`, {
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
		});
		status = response.status;
		answer = response.ok ? await response.json() : undefined;
	} catch {
		status = undefined;
	}
	if (status === 401 || status === 403) {
		return { status: 'Error', message: `Replicate refused the API token (HTTP ${status}): copy a valid one from replicate.com/account/api-tokens.` };
	}
	if (status === undefined || status < 200 || status >= 300) {
		return {
			status: 'Error',
			message: `Replicate's API at ${baseUrl} did not answer ${SIGNING_ENDPOINT} (${status === undefined ? 'no answer' : `HTTP ${status}`}): check the base URL and that this n8n server can reach it.`,
		};
	}
	return secretOfAnswer(answer) === undefined
		? { status: 'Error', message: `${baseUrl}${SIGNING_ENDPOINT} answered without a "whsec_" key: check the base URL.` }
		: { status: 'OK', message: "The token reads your account's webhook signing secret; the trigger checks every delivery with it." };
}
