import type { IWebhookFunctions } from 'n8n-workflow';

type RequestWithRawBody = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
};

/**
 * The exact bytes the platform signed, as n8n read them from the request stream (gzip/deflate already undone).
 * Above version 1 n8n has read them already while parsing a JSON, text, form or XML body and kept them in
 * `rawBody`; for other content types, and at version 1 (see `rawBodyParameter`), they are read here, once.
 * `undefined` when they cannot be had: n8n consumed a multipart body into form fields (it does so above version 1,
 * `parseRequestBody` in n8n `dist/webhooks/webhook-helpers.js`), or the sender broke off mid-body. No platform
 * sends either; a throw here would make n8n start an execution holding the error.
 */
export async function readRawBody(request: RequestWithRawBody): Promise<Buffer | undefined> {
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return undefined;
		}
	}
	return request.rawBody ?? Buffer.alloc(0);
}
