export function hexHmac(secret: string, body: string | Buffer): string;
export function newSvixSecret(): string;
export function svixHeaders(secret: string, body: string, options?: { id?: string; date?: Date }): Record<string, string>;
export function standardWebhookHeaders(secret: string, body: string, options?: { id?: string; date?: Date }): Record<string, string>;
export function randomHex(bytes?: number): string;
export function randomBase64(bytes?: number): string;
export function randomToken(bytes?: number): string;
