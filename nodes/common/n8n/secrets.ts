import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Every credential of this package names its secrets the same way: the current signing secret, and the previous
 * one that stays valid while the platform rotates. Empty fields are left out; whitespace is kept so the verifier
 * can tell the user it is the cause.
 */
export function secretsFromCredential(credential: ICredentialDataDecryptedObject): string[] {
	return [credential.signingSecret, credential.previousSigningSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}
