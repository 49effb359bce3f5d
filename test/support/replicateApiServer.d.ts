export interface ReplicateApiStandIn {
	baseUrl: string;
	readonly requests: Array<{ method: string; path: string; authorization?: string }>;
	setSecret(next: string): void;
	failWith(status: number | undefined): void;
	close(): Promise<void>;
}

export function startReplicateApi(options: { apiToken: string; secret: string }): Promise<ReplicateApiStandIn>;
