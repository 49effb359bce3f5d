import type { ICredentialsDecrypted } from 'n8n-workflow';

import { testHexHmacSecret, testStandardWebhookSecret } from '../nodes/common/n8n/credentialTests';
import vectors from './fixtures/vectors.json';
import { newSvixSecret } from './helpers/signing';

function credential(signingSecret: string, previousSigningSecret = ''): ICredentialsDecrypted {
	return { id: 'c1', name: 'test', type: 'segmentsAiApi', data: { signingSecret, previousSigningSecret } };
}

describe('credential Test button', () => {
	const goodSvix = newSvixSecret();

	it('accepts a real Svix secret and says a delivery is the final proof', async () => {
		await expect(testStandardWebhookSecret(credential(goodSvix))).resolves.toEqual({
			status: 'OK',
			message: expect.stringContaining('first signed delivery'),
		});
		await expect(testStandardWebhookSecret(credential(vectors.svix.secret))).resolves.toMatchObject({ status: 'OK' });
	});

	it.each([
		['an empty secret', '', 'empty'],
		['a secret without the whsec_ prefix', goodSvix.slice(6), 'whsec_'],
		['a secret that is not base64', 'whsec_not*base64!', 'base64'],
		['a truncated secret', goodSvix.slice(0, 16), 'bytes'],
		['a secret with a trailing line break', `${goodSvix}\n`, 'line break'],
	])('explains %s, without echoing it', async (_label, secret, hint) => {
		const result = await testStandardWebhookSecret(credential(secret));
		expect(result.status).toBe('Error');
		expect(result.message).toContain(hint);
		if (secret.length > 0) expect(result.message).not.toContain(secret.trim());
	});

	it('checks the previous secret too', async () => {
		const result = await testStandardWebhookSecret(credential(goodSvix, 'whsec_tooShort'));
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('previous signing secret') });
	});

	it('accepts any hex-HMAC secret without surrounding whitespace', async () => {
		await expect(testHexHmacSecret(credential('secret'))).resolves.toMatchObject({ status: 'OK' });
		await expect(testHexHmacSecret(credential(' secret'))).resolves.toMatchObject({ status: 'Error' });
		await expect(testHexHmacSecret(credential(''))).resolves.toMatchObject({ status: 'Error' });
	});
});
