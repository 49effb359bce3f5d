// What every platform file of the real-n8n suite uses: case bookkeeping, workflows with one trigger -> NoOp,
// activation, webhook deliveries and reading executions back through the public API. Loopback only.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { defaultVersionOf, PACKAGE_NAME, request, waitFor } from '../../../scripts/lib/n8n.mjs';

export { waitFor };

/** Collects case verdicts; prints `ok   <case>` / `FAIL <case>: <why>` as each is decided. */
export class Results {
	constructor(print = console.log) {
		this.print = print;
		this.passed = 0;
		this.failed = 0;
	}

	record(name, problems) {
		const list = (Array.isArray(problems) ? problems : [problems]).filter(Boolean);
		if (list.length === 0) {
			this.passed++;
			this.print(`ok   ${name}`);
		} else {
			this.failed++;
			this.print(`FAIL ${name}: ${list.join('; ')}`);
		}
	}

	/** Runs `fn`; a throw is the case's failure. Returns what `fn` returned (undefined on failure). */
	async check(name, fn) {
		try {
			const value = await fn();
			this.record(name, []);
			return value;
		} catch (error) {
			this.record(name, [error.message]);
			return undefined;
		}
	}
}

/** A problem description when `actual` is not deeply equal to `expected`, else undefined. */
export function differs(label, actual, expected) {
	if (isDeepStrictEqual(actual, expected)) return undefined;
	return `${label} is ${short(actual)}, expected ${short(expected)}`;
}

export function short(value, max = 160) {
	const text = value === undefined ? 'undefined' : JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Sends raw bytes to a webhook URL (POST; GET sends no body, for platforms that put the event in the query);
 * returns {status, json, text, headers}. */
export async function deliver(url, body, headers = {}, method = 'POST') {
	const get = method === 'GET';
	return await request(url, {
		method,
		headers: {
			...(get ? {} : { 'content-type': 'application/json' }),
			'user-agent': 'n8n-nodes-ml-webhooks-e2e',
			...headers,
		},
		body: get ? undefined : body,
	});
}

/**
 * Sends a delivery as a platform retries it: a 503 with `Retry-After` (a copy of an event whose execution n8n is still
 * storing) is sent again after that many seconds, up to `tries` times. Returns the last answer and the retries made.
 */
export async function deliverRetrying(url, body, headers = {}, { tries = 10, timeoutMs = 120000 } = {}) {
	let retries = 0;
	for (;;) {
		const started = Date.now();
		const answer = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'n8n-nodes-ml-webhooks-e2e', ...headers },
			body,
			timeoutMs,
		}).catch((error) => ({ status: 0, error: error.message, ms: Date.now() - started }));
		answer.ms ??= Date.now() - started;
		const wait = Number(answer.headers?.get('retry-after'));
		if (answer.status !== 503 || !(wait > 0) || retries >= tries) return { ...answer, retries };
		retries++;
		await new Promise((resolve) => setTimeout(resolve, wait * 1000));
	}
}

/**
 * A workflow `<trigger> -> No Operation` for one node type of this package, created through the public API with a
 * fixed webhookId, at the node version a new workflow gets unless `typeVersion` says otherwise. Returns what the cases need: ids, the trigger's name and the production URL.
 */
export async function createTriggerWorkflow(client, { name, nodeName, displayName, credentialType, credential, parameters, typeVersion = defaultVersionOf(nodeName) }) {
	const webhookId = randomUUID();
	const triggerName = displayName;
	const workflow = await client.api('POST', '/workflows', {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: triggerName,
				type: `${PACKAGE_NAME}.${nodeName}`,
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { [credentialType]: { id: credential.id, name: credential.name } },
			},
			{
				id: randomUUID(),
				name: 'No Operation, do nothing',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { [triggerName]: { main: [[{ node: 'No Operation, do nothing', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	return {
		id: workflow.id,
		webhookId,
		triggerName,
		// Queue mode: deliveries go to an `n8n webhook` process, not to main (client.receivers, set by the queue suite).
		url: `${receiversOf(client)[0]}/webhook/${webhookId}/webhook`,
		path: `/webhook/${webhookId}/webhook`,
	};
}

export async function createCredential(client, { name, type, data }) {
	return await client.api('POST', '/credentials', { name, type, data });
}

/** A credential of the spec's type holding `data`, and a published workflow whose trigger uses it. */
export async function publishSpecWorkflow(client, spec, { name, data, parameters }) {
	const credential = await createCredential(client, { name, type: spec.credentialType, data });
	const workflow = await createTriggerWorkflow(client, {
		nodeName: spec.nodeName,
		displayName: spec.displayName,
		credentialType: spec.credentialType,
		credential,
		name,
		parameters,
	});
	await activate(client, workflow);
	return workflow;
}

/**
 * n8n 2.x publishes asynchronously: the activate call answers before any trigger work. The publication status
 * becomes final only after every trigger's webhookMethods create() returned (or failed its retries), in the same
 * transaction that records the triggers (publication-status-reporter.js). The production URL answers earlier: the
 * webhook is stored before create() runs (webhook-trigger-registrar.js), so a URL that stopped answering 404 proves
 * nothing about registration.
 */
export async function publicationStatus(client, workflowId, timeoutMs = 90000) {
	return await waitFor(
		async () => {
			const answer = await client.rest('GET', `/workflows/${workflowId}/publication-status`);
			if (answer.status !== 200) throw new Error(`publication-status -> ${answer.status} ${answer.text.slice(0, 200)}`);
			return answer.json.data;
		},
		(status) => status.status !== 'in_progress',
		{ timeoutMs, what: `workflow ${workflowId} still being published or unpublished` },
	);
}

/** Publishes the workflow; resolves once n8n reports every trigger activated (create() returned). Throws with n8n's
 * activation errors otherwise. `until` is a further condition a stand-in reports (Segmind: the registration). */
/** The path of a workflow's production URL (workflows made elsewhere carry only the URL). */
function pathOf(workflow) {
	if (workflow.path) return workflow.path;
	return workflow.url ? new URL(workflow.url).pathname : undefined;
}

/** The base URLs of the n8n processes that receive deliveries: main, or queue mode's webhook processes. */
export function receiversOf(client) {
	return client.receivers ?? [client.baseUrl];
}

/**
 * Resolves once every receiving process finds the workflow's webhook. A CORS preflight (OPTIONS with an Origin) is
 * answered from the table a delivery is looked up in (webhook-request-handler.js: setupCorsHeaders ->
 * getWebhookMethods): 204 once the webhook is there, 404 before; it starts nothing. In queue mode the webhook
 * processes read that table from the database, a moment after main published the workflow.
 */
export async function receiversFind(client, workflow) {
	const path = pathOf(workflow);
	for (const base of receiversOf(client)) {
		await waitFor(
			async () => (await request(`${base}${path}`, { method: 'OPTIONS', headers: { origin: base } })).status,
			(status) => status === 204,
			{ timeoutMs: 60000, what: `${base}${path} registered` },
		);
	}
}

export async function activate(client, workflow, { until, what = 'the stand-in to report the registration' } = {}) {
	const published = await client.api('POST', `/workflows/${workflow.id}/activate`);
	const versionId = published?.activeVersion?.versionId ?? published?.versionId;
	const status = await publicationStatus(client, workflow.id);
	const failures = status.triggers.filter((trigger) => trigger.status !== 'activated').map((trigger) => trigger.errorMessage);
	if (status.status !== 'published' || failures.length > 0 || status.triggers.length === 0) {
		throw new Error(`publication ${status.status}: ${failures.join('; ') || 'no trigger activated'}`);
	}
	if (versionId !== undefined && status.liveVersionId !== versionId) {
		throw new Error(`published version ${status.liveVersionId}, expected ${versionId}`);
	}
	// Workflows made elsewhere without a URL (the benchmark's) check their receivers themselves.
	if (pathOf(workflow)) await receiversFind(client, workflow);
	if (until) await waitFor(until, Boolean, { timeoutMs: 10000, what });
}

/** Publishes the workflow and resolves to the activation error n8n recorded for it (undefined if it published). */
export async function activationError(client, workflow) {
	await client.api('POST', `/workflows/${workflow.id}/activate`);
	const status = await publicationStatus(client, workflow.id);
	return status.triggers.find((trigger) => trigger.status === 'failed')?.errorMessage;
}

/** Unpublishes the workflow: resolves once n8n reports it unpublished, which it does after removing the webhook and
 * calling the node's delete() (workflow-trigger-activator.js); the production URL then answers 404. */
export async function deactivate(client, workflow) {
	await client.api('POST', `/workflows/${workflow.id}/deactivate`);
	const status = await publicationStatus(client, workflow.id);
	if (status.status !== 'not_published') throw new Error(`publication status ${status.status} after deactivation`);
	// Queue mode's webhook processes drop the webhook a moment after main: each is asked until it has.
	const path = pathOf(workflow);
	for (const base of path ? receiversOf(client) : []) {
		await waitFor(async () => (await deliver(`${base}${path}`, '{}')).status, (answer) => answer === 404, {
			timeoutMs: 30000,
			what: `${base}${path} still answering after unpublishing`,
		});
	}
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/** Executions of a workflow, with data (public API, cursor-paged). Without `status` n8n leaves running ones out. */
export async function listExecutions(client, workflowId, status) {
	const all = [];
	let cursor;
	for (let page = 0; page < 20; page++) {
		const query = new URLSearchParams({ workflowId: String(workflowId), includeData: String(status === undefined), limit: '250' });
		if (status) query.set('status', status);
		if (cursor) query.set('cursor', cursor);
		const answer = await client.api('GET', `/executions?${query}`);
		all.push(...answer.data);
		cursor = answer.nextCursor;
		if (!cursor) break;
	}
	return all;
}

/**
 * Resolves once no execution of the workflow is new or running. n8n stores an execution (as new, then running)
 * before it answers the delivery "Workflow was started" (webhook-helpers.js awaits WorkflowRunner.run before the
 * response), so once every delivery has its answer, this condition means every execution they started has finished.
 */
export async function executionsSettled(client, workflowId, { timeoutMs = 60000 } = {}) {
	await waitFor(
		// `new` before `running`: an execution that starts between the two reads is still counted once.
		async () => (await listExecutions(client, workflowId, 'new')).length + (await listExecutions(client, workflowId, 'running')).length,
		(unfinished) => unfinished === 0,
		{ timeoutMs, what: `executions of workflow ${workflowId} still running` },
	);
}

/** Every execution of the workflow once none is still running: the ones that should not exist included. */
export async function settledExecutions(client, workflowId) {
	await executionsSettled(client, workflowId);
	const executions = await listExecutions(client, workflowId);
	const unfinished = executions.filter((execution) => !FINAL.has(execution.status));
	if (unfinished.length > 0) throw new Error(`${unfinished.length} executions in status ${unfinished[0].status}`);
	return executions;
}

/** The first item the trigger node emitted in an execution (its output json), or undefined. */
export function triggerItem(execution, triggerName) {
	return execution?.data?.resultData?.runData?.[triggerName]?.[0]?.data?.main?.[0]?.[0]?.json;
}

/** Whether the execution also ran the NoOp node (the trigger's item went on through the workflow). */
export function reachedNoOp(execution) {
	return Array.isArray(execution?.data?.resultData?.runData?.['No Operation, do nothing']);
}
