export interface SinkRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** The body parsed as JSON, else as text; undefined when empty. */
	body: unknown;
}

export interface HttpSink {
	baseUrl: string;
	requests: SinkRequest[];
	respond(path: string, status: number, body: unknown, contentType?: string): void;
	close(): Promise<void>;
}

export function startHttpSink(): Promise<HttpSink>;
