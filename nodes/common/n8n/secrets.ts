import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { nonEmptyText } from '../values';

/**
 * A credential holds the current secret and the previous one that stays valid while the platform rotates
 * (`signingSecret` / `previousSigningSecret` unless a credential names them otherwise). Empty fields are left out;
 * whitespace is kept so the verifier can tell the user it is the cause.
 */
export function secretsFromCredential(
	credential: ICredentialDataDecryptedObject,
	currentField = 'signingSecret',
	previousField = 'previousSigningSecret',
): string[] {
	return [credential[currentField], credential[previousField]]
		.map(nonEmptyText)
		.filter((secret): secret is string => secret !== undefined);
}
