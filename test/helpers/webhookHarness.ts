import { randomUUID } from 'crypto';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type IHttpRequestOptions,
	type IDataObject,
	type ICheckProcessedOptions,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ProcessedItemsStore } from '../support/processedItemsStore';

export interface TestDelivery {
	body: string | Buffer;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	method?: 'POST' | 'GET';
}

export interface TestAnswer {
	status: number;
	body: unknown;
	/** Response headers the node set (lower-case names). */
	headers: Record<string, string>;
	/** Whether n8n would start an execution. */
	started: boolean;
	items: IDataObject[];
	/** The error the execution ended with at the trigger's own step, if it failed there. */
	executionError?: { message: string; description?: string | null };
}

export interface LogLine {
	level: 'warn' | 'debug';
	message: string;
}

export interface HarnessOptions {
	/** The credential type, for nodes that call an API: its `authenticate` is applied as n8n applies it. */
	credentialType?: ICredentialType;
	/** n8n's processed-items store; share one between harnesses to play one instance's database. */
	store?: ProcessedItemsStore;
	/** The same workflow id for harnesses that play two processes of one instance; unique by default. */
	workflowId?: string;
	/** The node's webhookId, which n8n puts in its URLs; one fixed id by default. */
	webhookId?: string;
	/** The node as loaded by the process that runs executions (a queue-mode worker); this harness's node by default. */
	executor?: INodeType;
	/** The node version the workflow was saved with; the node's default version (what n8n gives a new node) by default. */
	typeVersion?: number;
}

/**
 * The body as n8n hands it to a webhook node (n8n 2.40.7 `dist/webhooks/webhook-helpers.js` `parseRequestBody`,
 * `dist/middlewares/body-parser.js`). Version 1 with `options.binaryData` (this package's nodes): left unread, with
 * `readRawBody()` for the node to call. Above version 1: a JSON, text, form or XML body already read, its bytes in
 * `rawBody`; a multipart body consumed into form fields, so reading the stream again fails; others left unread.
 * `undefined` for a body n8n fails to parse there (malformed JSON): n8n answers 422 itself and never calls the node.
 */
function requestBody(typeVersion: number, contentTypeHeader: string | undefined, rawBody: Buffer): Record<string, unknown> | undefined {
	const contentType = contentTypeHeader?.split(';')[0].trim().toLowerCase();
	// called as `request.readRawBody()`, as n8n's is: it fills in the request it belongs to
	const readRawBody = async function (this: Record<string, unknown>) {
		this.rawBody = rawBody;
	};
	const unread = { readRawBody };
	if (typeVersion === 1 || contentType === undefined) return unread;
	if (contentType === 'multipart/form-data') {
		return {
			readRawBody: async () => {
				throw new Error('Request body stream was aborted or is not readable');
			},
		};
	}
	const parsedByN8n = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((type) => contentType.startsWith(type)) || /[/+]xml$/.test(contentType);
	if (!parsedByN8n) return unread;
	if (contentType === 'application/json' && rawBody.length > 0 && !parsesAsJson(rawBody)) return undefined;
	return { rawBody, readRawBody };
}

function parsesAsJson(body: Buffer): boolean {
	try {
		JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
		return true;
	} catch {
		return false;
	}
}

/** Execution ids are unique in the instance, across the harnesses that play its processes. */
let executionCount = 0;

/**
 * Runs a trigger's `webhook()` the way n8n does: the node lives in a real `Workflow` from n8n-workflow, so its
 * parameters carry n8n's defaults and its static data is n8n's observable object, kept between deliveries. Only
 * the HTTP request and response are stand-ins, and they behave as n8n's webhook helpers treat the result.
 */
export class WebhookHarness {
	readonly logs: LogLine[] = [];
	readonly workflow: Workflow;
	readonly node: INode;
	readonly store: ProcessedItemsStore;
	private readonly credentialType?: ICredentialType;
	private readonly executor: INodeType;
	private readonly typeVersion: number;
	private testStaticData?: IDataObject;
	/** How many times webhook() read the credential (n8n's `getCredentials` from a webhook). */
	credentialReads = 0;
	/** n8n's WEBHOOK_URL; change it to play an instance whose public URL changed between two starts. */
	webhookBaseUrl = 'http://127.0.0.1:5678';

	constructor(
		private readonly nodeType: INodeType,
		/** The credential as n8n holds it now; replace it to play a user editing the credential. */
		public credential: ICredentialDataDecryptedObject,
		parameters: IDataObject = {},
		options: HarnessOptions = {},
	) {
		this.credentialType = options.credentialType;
		this.executor = options.executor ?? nodeType;
		this.store = options.store ?? new ProcessedItemsStore();
		this.typeVersion = options.typeVersion ?? nodeType.description.defaultVersion ?? 1;
		const nodeTypes: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		this.workflow = new Workflow({
			// Each harness is its own workflow unless told otherwise: the nodes keep per-workflow state in the process.
			id: options.workflowId ?? `workflow-${randomUUID()}`,
			nodes: [
				{
					id: 'trigger-node',
					name: 'Trigger',
					type: `test.${nodeType.description.name}`,
					typeVersion: this.typeVersion,
					position: [0, 0],
					parameters: parameters as INodeParameters,
					webhookId: options.webhookId ?? 'e2f9b0c1-5a4d-4b8e-9f3a-1c2d3e4f5a6b',
				},
			],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
		});
		this.node = this.workflow.getNode('Trigger') as INode;
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/**
	 * "Test this trigger": n8n registers the Test URL in mode `manual` on a copy of the workflow's static data, which
	 * it never saves (test-webhooks.js, execution-lifecycle-hooks.js in n8n 2.40.7). Until stopListening(), deliveries
	 * go to the Test URL in mode `manual` and see that copy.
	 */
	async startListening(): Promise<void> {
		this.testStaticData = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		const methods = this.nodeType.webhookMethods!.default!;
		const context = this.hookContext('manual', true);
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	/** n8n ends listening (a delivery started an execution, a timeout, Stop Listening) with delete() in mode `internal`. */
	async stopListening(): Promise<void> {
		await this.nodeType.webhookMethods!.default!.delete.call(this.hookContext('internal', true));
		this.testStaticData = undefined;
	}

	/** What the Test URL's registration and deliveries see while listening. */
	get testState(): IDataObject {
		if (this.testStaticData === undefined) throw new Error('not listening');
		return this.testStaticData;
	}

	/** The Test URL's copy of the static data, or the workflow's own. */
	private nodeStaticData(test: boolean): IDataObject {
		if (!test) return this.workflow.getStaticData('node', this.node);
		if (this.testStaticData === undefined) throw new Error('a test delivery, but the trigger is not listening: startListening() first');
		return this.testStaticData;
	}

	/**
	 * Runs the node's execute() as the first step of an execution (a new one unless `executionId` names one, as
	 * n8n 1.x does when it re-runs a stalled job), with the static data of the same workflow.
	 */
	async runExecution(items: INodeExecutionData[], test = false, executionId = this.newExecutionId()): Promise<INodeExecutionData[]> {
		const store = this.store;
		const scope = `n:${this.node.id}`;
		const context = {
			getInputData: () => items,
			getNodeParameter: (name: string, _index: number, fallback?: unknown) => this.node.parameters[name] ?? fallback,
			getWorkflowStaticData: () => this.nodeStaticData(test),
			getNode: () => this.node,
			getMode: () => (test ? 'manual' : 'webhook'),
			getWorkflow: () => ({ id: this.workflow.id, name: this.workflow.name, active: true }),
			getExecutionId: () => executionId,
			logger: this.logger(),
			getCredentials: async () => this.credential,
			helpers: {
				// n8n binds the helper to the node's scope ('node' -> `n:<node id>`) and the workflow.
				checkProcessedAndRecord: async (keys: string[], _scope: string, options: ICheckProcessedOptions) =>
					await store.checkProcessedAndRecord(`${this.workflow.id}/${scope}`, keys, options),
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await this.request(options),
			},
		};
		const output = await this.executor.execute!.call(context as unknown as IExecuteFunctions);
		return (output as INodeExecutionData[][])[0];
	}

	/** Execution ids as n8n gives them: unique per execution, the same on a re-run of the same execution. */
	newExecutionId(): string {
		return `${this.workflow.id}-execution-${++executionCount}`;
	}

	/**
	 * `runExecution: false` leaves the execution unfinished, as when a redelivery overtakes it; `test: true` sends to the
	 * Test URL while listening (n8n's mode `manual`). `answer` is what n8n does with an emitted delivery: `stored`
	 * (default) answers 200 once the execution is stored, as n8n 2.x does; `failed` answers 500 (n8n could not store
	 * it: no execution); `pending` answers nothing yet (n8n still storing it; `finishAnswer` completes it later).
	 */
	async deliver(
		delivery: TestDelivery,
		options: { runExecution?: boolean; test?: boolean; answer?: 'stored' | 'failed' | 'pending' } = {},
	): Promise<TestAnswer & { finishAnswer: (status: number) => void }> {
		const test = options.test === true;
		const response = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
		const rawBody = typeof delivery.body === 'string' ? Buffer.from(delivery.body, 'utf8') : delivery.body;
		const body = requestBody(this.typeVersion, lowerCaseKeys(delivery.headers ?? {})['content-type'], rawBody);
		if (body === undefined) return { status: 422, body: { message: 'Failed to parse request body' }, headers: {}, started: false, items: [], finishAnswer: () => undefined };
		const request: Record<string, unknown> = {
			method: delivery.method ?? 'POST',
			headers: lowerCaseKeys(delivery.headers ?? {}),
			query: delivery.query ?? {},
			...body,
		};
		// Express's response as far as the node uses it: status, headers, JSON body, and the events of its end.
		const listeners: Record<string, Array<() => void>> = {};
		const responseObject = {
			statusCode: 200,
			writableFinished: false,
			status(code: number) {
				response.status = code;
				responseObject.statusCode = code;
				return responseObject;
			},
			setHeader(name: string, value: string) {
				response.headers[name.toLowerCase()] = value;
				return responseObject;
			},
			json(body: unknown) {
				response.body = body;
				return responseObject;
			},
			once(event: string, listener: () => void) {
				(listeners[event] ??= []).push(listener);
				return responseObject;
			},
		};
		/** n8n ends the answer: `finish` once it is sent, then `close`; a connection lost early gives only `close`. */
		const finishAnswer = (status: number) => {
			if (status > 0) {
				responseObject.statusCode = status;
				responseObject.writableFinished = true;
				for (const listener of listeners.finish ?? []) listener();
			}
			for (const listener of listeners.close ?? []) listener();
		};
		const context = this.context(request, responseObject, test);
		const result: IWebhookResponseData = await this.nodeType.webhook!.call(context);
		if (result.workflowData !== undefined) {
			// The node answered itself (a refusal) and still starts an execution: its answer stands.
			const answered = result.noWebhookResponse === true ? { status: response.status, body: response.body } : undefined;
			const reply = { headers: response.headers, finishAnswer, ...(answered ?? { status: 200, body: { message: 'Workflow was started' } }) };
			const answer = options.answer ?? 'stored';
			if (answer === 'failed') {
				finishAnswer(500);
				return { ...reply, status: 500, body: { message: 'Error in workflow' }, started: false, items: [] };
			}
			if (answer === 'stored') finishAnswer(reply.status);
			if (options.runExecution === false || answer === 'pending') {
				return { ...reply, started: true, items: result.workflowData[0].map((item) => item.json) };
			}
			// n8n starts the execution, which runs the trigger node's execute() first with the emitted items.
			try {
				const items = await this.runExecution(result.workflowData[0], test);
				return { ...reply, started: true, items: items.map((item) => item.json) };
			} catch (error) {
				const { message, description } = error as { message: string; description?: string | null };
				return { ...reply, started: true, items: [], executionError: { message, description } };
			}
		}
		finishAnswer(result.noWebhookResponse === true ? response.status : 200);
		if (result.noWebhookResponse === true) return { status: response.status, body: response.body, headers: response.headers, finishAnswer, started: false, items: [] };
		return { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' }, headers: response.headers, finishAnswer, started: false, items: [] };
	}

	/** The production URL n8n would give this node. */
	get productionUrl(): string {
		return `${this.webhookBaseUrl}/webhook/${this.node.webhookId}/webhook`;
	}

	/** The URL n8n listens on while the editor tests the trigger. */
	get testUrl(): string {
		return `${this.webhookBaseUrl}/webhook-test/${this.node.webhookId}/webhook`;
	}

	/** What n8n does on activation: ask checkExists, and call create only when it says no. */
	async activate(): Promise<void> {
		const methods = this.nodeType.webhookMethods!.default!;
		const context = this.hookContext();
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	async deactivate(): Promise<void> {
		await this.nodeType.webhookMethods!.default!.delete.call(this.hookContext());
	}

	/** Modes as n8n 2.40.7 passes them: `trigger` when it publishes, `manual` for the Test URL, `internal` on removal. */
	private hookContext(mode = 'trigger', test = false): IHookFunctions {
		const credential = this.credential;
		const values = {
			getMode: () => mode,
			getNodeParameter: (name: string, fallback?: unknown) => this.node.parameters[name] ?? fallback,
			getWorkflowStaticData: () => this.nodeStaticData(test),
			getNodeWebhookUrl: () => (test ? this.testUrl : this.productionUrl),
			getCredentials: async () => credential,
			getNode: () => this.node,
			getWorkflow: () => ({ id: this.workflow.id, name: this.workflow.name, active: true }),
			getInstanceId: () => 'test-instance',
			logger: { warn: () => undefined, debug: () => undefined, info: () => undefined, error: () => undefined },
			helpers: {
				// Real HTTP to a loopback server; headers from the credential type's generic `authenticate`.
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await this.request(options),
			},
		};
		return values as unknown as IHookFunctions;
	}

	/**
	 * n8n's request helper, for real, to a loopback server: headers from the credential type's generic `authenticate`
	 * (its `{{$credentials.<field>}}` expressions filled in), JSON both ways, and like n8n it throws on a non-2xx
	 * answer, carrying the status and the body.
	 */
	private async request(options: IHttpRequestOptions): Promise<IDataObject> {
		const credential = this.credential;
		const headers: Record<string, string> = { accept: 'application/json' };
		const authenticate = this.credentialType?.authenticate as { properties?: { headers?: Record<string, string> } } | undefined;
		for (const [name, expression] of Object.entries(authenticate?.properties?.headers ?? {})) {
			headers[name] = expression.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, field: string) => String(credential[field] ?? ''));
		}
		const url = new URL(`${options.baseURL ?? ''}${options.url}`);
		for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(url, {
			method: options.method ?? 'GET',
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const body = (await response.json()) as IDataObject;
		if (!response.ok) throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: String(response.status), body });
		return body;
	}

	private context(request: Record<string, unknown>, responseObject: unknown, test: boolean): IWebhookFunctions {
		const values = {
			getRequestObject: () => request,
			getResponseObject: () => responseObject,
			getHeaderData: () => request.headers,
			getQueryData: () => request.query,
			getBodyData: () => ({}),
			getCredentials: async () => {
				this.credentialReads++;
				return this.credential;
			},
			getNodeParameter: (name: string, fallback?: unknown) => this.node.parameters[name] ?? fallback,
			getWorkflowStaticData: () => this.nodeStaticData(test),
			getMode: () => (test ? 'manual' : 'webhook'),
			getNode: () => this.node,
			getWorkflow: () => ({ id: this.workflow.id, name: this.workflow.name, active: true }),
			logger: this.logger(),
			// The webhook itself may call the API too (Replicate reads its signing secret).
			helpers: { httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await this.request(options) },
		};
		return values as unknown as IWebhookFunctions;
	}

	private logger() {
		const logs = this.logs;
		return {
			warn: (message: string) => logs.push({ level: 'warn', message }),
			debug: (message: string) => logs.push({ level: 'debug', message }),
			info: () => undefined,
			error: () => undefined,
		};
	}
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
