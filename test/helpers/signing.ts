import { createHmac, randomBytes } from 'crypto';
import { Webhook as SvixWebhook } from 'svix';

/**
 * How the platforms sign, written independently of the code under test: the hex HMAC the way MythicDot's and
 * Datasaur's own examples compute it, and Svix deliveries signed by the `svix` package itself.
 */
export function hexHmac(secret: string, body: string | Buffer): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

export function newSvixSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

export function svixHeaders(secret: string, body: string, id: string, sentAt: Date): Record<string, string> {
	return {
		'svix-id': id,
		'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
		'svix-signature': new SvixWebhook(secret).sign(id, sentAt, body),
	};
}
