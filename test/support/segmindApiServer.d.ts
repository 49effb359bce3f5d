export interface SegmindWebhookRecord {
	webhook_id: string;
	webhook_url: string;
	event_types: string[];
	status: 'active' | 'inactive';
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	apiKey: string | undefined;
}

export interface SegmindApi {
	baseUrl: string;
	webhooks: Map<string, SegmindWebhookRecord>;
	requests: RecordedRequest[];
	seed(hook: Partial<SegmindWebhookRecord> & { webhook_url: string }): string;
	dispatch(category: string, payload: unknown): Promise<number[]>;
	close(): Promise<void>;
}

export function startSegmindApi(options: { apiKey: string; categories?: string[] }): Promise<SegmindApi>;
