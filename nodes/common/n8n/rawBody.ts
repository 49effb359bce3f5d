import type { IWebhookFunctions } from 'n8n-workflow';

type RequestWithRawBody = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
};

/**
 * The exact bytes the platform signed. The node asks n8n not to parse the body (see `rawBodyParameter`), so
 * the body is read here, once, from the request stream n8n decoded (gzip/deflate already undone).
 */
export async function readRawBody(request: RequestWithRawBody): Promise<Buffer> {
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
	return request.rawBody ?? Buffer.alloc(0);
}
