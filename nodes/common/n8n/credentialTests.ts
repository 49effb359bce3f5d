import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { standardWebhookKey, standardWebhookPublicKey } from '../signatures/standardWebhooks';

/** Svix issues 24-byte keys; anything from 16 to 64 bytes is a plausible HMAC key, outside that a paste went wrong. */
const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 64;

type SecretCheck = (secret: string, label: string) => string | undefined;

function whitespaceProblem(secret: string, label: string): string | undefined {
	return secret.trim() === secret
		? undefined
		: `The ${label} starts or ends with a space or line break: paste it again without them.`;
}

/**
 * A `whsec_` HMAC secret, or a `whpk_` ed25519 public key for asymmetric (`v1a`) signatures: the prefixes the
 * Standard Webhooks specification gives them (spec/standard-webhooks.md, "Signature scheme").
 */
const standardWebhookFormat: SecretCheck = (secret, label) => {
	if (secret.startsWith('whpk_')) {
		return standardWebhookPublicKey(secret) === undefined
			? `The ${label} is not "whpk_" followed by the base64 of a 32-byte ed25519 public key: part of it may be missing.`
			: undefined;
	}
	if (secret.startsWith('whsk_')) {
		return `The ${label} is a private signing key (whsk_…), which only the sender should hold: paste its public key (whpk_…) instead.`;
	}
	if (!secret.startsWith('whsec_')) return `The ${label} should start with "whsec_" (or "whpk_" for a public key), as the platform shows it.`;
	const key = standardWebhookKey(secret);
	if (key === undefined) return `The ${label} is not "whsec_" followed by base64: part of it may be missing.`;
	if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
		return `The ${label} decodes to ${key.length} bytes, not the 24 a Svix secret has: part of it may be missing.`;
	}
	return undefined;
};

/** Tokens travel in a query string: URL-safe characters only, and long enough not to be guessed. */
const MIN_TOKEN_LENGTH = 16;
const urlTokenFormat: SecretCheck = (token, label) => {
	if (!/^[A-Za-z0-9._~-]+$/.test(token)) return `The ${label} may only use letters, digits, and . _ ~ - (it goes into a URL).`;
	if (token.length < MIN_TOKEN_LENGTH) return `The ${label} is too short to be secret: use at least ${MIN_TOKEN_LENGTH} characters.`;
	return undefined;
};

interface SecretFields {
	current: string;
	previous: string;
	label: string;
}

const SIGNING_SECRET_FIELDS: SecretFields = { current: 'signingSecret', previous: 'previousSigningSecret', label: 'signing secret' };

async function checkSecrets(
	credential: ICredentialsDecrypted,
	formatCheck: SecretCheck | undefined,
	acceptedNote: string,
	names: SecretFields = SIGNING_SECRET_FIELDS,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const fields: Array<[unknown, string]> = [
		[data[names.current], names.label],
		[data[names.previous], `previous ${names.label}`],
	];
	const current = data[names.current];
	if (typeof current !== 'string' || current === '') {
		return { status: 'Error', message: `The ${names.label} is empty.` };
	}
	for (const [secret, label] of fields) {
		if (typeof secret !== 'string' || secret === '') continue;
		const problem = whitespaceProblem(secret, label) ?? formatCheck?.(secret, label);
		if (problem !== undefined) return { status: 'Error', message: problem };
	}
	return { status: 'OK', message: acceptedNote };
}

const FORMAT_ONLY =
	'The secret is well-formed. This platform offers no API to check it against: the first signed delivery proves it.';

/** The test n8n runs when a Svix / Standard Webhooks credential (Segments.ai) is saved. */
export async function testStandardWebhookSecret(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return await checkSecrets(credential, standardWebhookFormat, FORMAT_ONLY);
}

/** The test n8n runs when a hex-HMAC credential (MythicDot.AI, Datasaur) is saved: any non-empty string without surrounding spaces. */
export async function testHexHmacSecret(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return await checkSecrets(credential, undefined, FORMAT_ONLY);
}

/** The test n8n runs when a URL-token credential (Polyaxon) is saved: the token must survive a URL and resist guessing. */
export async function testUrlToken(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return await checkSecrets(
		credential,
		urlTokenFormat,
		'The token is well-formed. Polyaxon offers no API to check it against: the first delivery to the URL with ?token= proves it.',
		{ current: 'urlToken', previous: 'previousUrlToken', label: 'URL token' },
	);
}
