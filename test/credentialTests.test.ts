import type { ICredentialsDecrypted } from 'n8n-workflow';

import { testHexHmacSecret, testStandardWebhookSecret, testUrlToken } from '../nodes/common/n8n/credentialTests';
import vectors from './fixtures/vectors.json';
import { newEd25519KeyPair, newSvixSecret, randomToken } from './support/signing';

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

	it('accepts a whpk_ ed25519 public key, and explains a private whsk_ key or a truncated public key', async () => {
		const keys = newEd25519KeyPair();
		await expect(testStandardWebhookSecret(credential(keys.publicKey, goodSvix))).resolves.toMatchObject({ status: 'OK' });
		const privateKey = await testStandardWebhookSecret(credential(keys.secretKey));
		expect(privateKey).toEqual({ status: 'Error', message: expect.stringContaining('paste its public key (whpk_…)') });
		expect(privateKey.message).not.toContain(keys.secretKey.slice(5));
		const truncated = await testStandardWebhookSecret(credential(keys.publicKey.slice(0, 30)));
		expect(truncated).toEqual({ status: 'Error', message: expect.stringContaining('32-byte ed25519 public key') });
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

	describe('URL token (Polyaxon)', () => {
		const token = (urlToken: string, previousUrlToken = ''): ICredentialsDecrypted => ({
			id: 'c2',
			name: 'test',
			type: 'polyaxonApi',
			data: { urlToken, previousUrlToken },
		});

		it('accepts a long URL-safe token and says the first delivery proves it', async () => {
			await expect(testUrlToken(token(randomToken(24)))).resolves.toEqual({
				status: 'OK',
				message: expect.stringContaining('first delivery to the URL with ?token='),
			});
			await expect(testUrlToken(token('a'.repeat(16)))).resolves.toMatchObject({ status: 'OK' });
		});

		it.each([
			['an empty token', '', 'empty'],
			['a token with characters a URL would change', `${randomToken(20)}/+=`, 'only use letters, digits'],
			['a token with a space inside', `${randomToken(10)} ${randomToken(10)}`, 'only use letters, digits'],
			['a token shorter than 16 characters', 'a'.repeat(15), 'at least 16 characters'],
			['a token with a trailing line break', `${randomToken(24)}\n`, 'line break'],
		])('explains %s, without echoing it', async (_label, urlToken, hint) => {
			const result = await testUrlToken(token(urlToken));
			expect(result.status).toBe('Error');
			expect(result.message).toContain(hint);
			if (urlToken.trim().length > 0) expect(result.message).not.toContain(urlToken.trim());
		});

		it('checks the previous token too, and names it', async () => {
			const result = await testUrlToken(token(randomToken(24), 'short'));
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The previous URL token is too short/) });
		});
	});
});
