export interface OpenAiRequest {
	method: string;
	/** Below the base URL's /v1. */
	path: string;
	query: Record<string, string>;
	authorization: string | undefined;
}

export interface OpenAiApi {
	/** Ends in /v1, as the credential's Base URL does. */
	baseUrl: string;
	requests: OpenAiRequest[];
	/** The objects it serves, by path below /v1 (test/fixtures/openai-objects.json). */
	objects: Record<string, Record<string, unknown>>;
	close(): Promise<void>;
}

export function startOpenAiApi(options: { apiKey: string }): Promise<OpenAiApi>;
