// What every platform file of the real-n8n suite uses: case bookkeeping, workflows with one trigger -> NoOp,
// activation, webhook deliveries and reading executions back through the public API. Loopback only.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { PACKAGE_NAME, request, sleep } from '../../../scripts/lib/n8n.mjs';

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
 * A workflow `<trigger> -> No Operation` for one node type of this package, created through the public API with a
 * fixed webhookId. Returns what the cases need: ids, the trigger's name and the production URL.
 */
export async function createTriggerWorkflow(client, { name, nodeName, displayName, credentialType, credential, parameters }) {
	const webhookId = randomUUID();
	const triggerName = displayName;
	const workflow = await client.api('POST', '/workflows', {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: triggerName,
				type: `${PACKAGE_NAME}.${nodeName}`,
				typeVersion: 1,
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
		url: `${client.baseUrl}/webhook/${webhookId}/webhook`,
	};
}

export async function createCredential(client, { name, type, data }) {
	return await client.api('POST', '/credentials', { name, type, data });
}

/** Polls `probe` (resolving to a status) until `accept(status)`; throws after `timeoutMs`. */
async function pollStatus(probe, accept, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			last = await probe();
			if (accept(last)) return last;
		} catch (error) {
			last = error.message;
		}
		if (Date.now() > deadline) throw new Error(`${what} (last answer: ${last})`);
		await sleep(250);
	}
}

/** Activates the workflow and waits until its production URL stops answering 404. The probe carries no signature,
 * so the node refuses it (401) and it can never start an execution. */
export async function activate(client, workflow, timeoutMs = 20000) {
	await client.api('POST', `/workflows/${workflow.id}/activate`);
	await pollStatus(
		async () => (await deliver(workflow.url, '{}')).status,
		(status) => status !== 404,
		timeoutMs,
		`production URL still 404 ${timeoutMs / 1000} s after activation`,
	);
}

/** Deactivates the workflow and waits until its production URL answers 404. */
export async function deactivate(client, workflow, timeoutMs = 20000) {
	await client.api('POST', `/workflows/${workflow.id}/deactivate`);
	await pollStatus(
		async () => (await deliver(workflow.url, '{}')).status,
		(status) => status === 404,
		timeoutMs,
		`production URL not 404 ${timeoutMs / 1000} s after deactivation`,
	);
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/** Every execution of a workflow, with data (public API, cursor-paged). */
export async function listExecutions(client, workflowId) {
	const all = [];
	let cursor;
	for (let page = 0; page < 20; page++) {
		const query = new URLSearchParams({ workflowId: String(workflowId), includeData: 'true', limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const answer = await client.api('GET', `/executions?${query}`);
		all.push(...answer.data);
		cursor = answer.nextCursor;
		if (!cursor) break;
	}
	return all;
}

/**
 * Waits (bounded) until the workflow has at least `expected` executions, all finished, then waits `settleMs` more
 * and reads them again so that executions that should not exist have had time to appear.
 */
export async function settledExecutions(client, workflowId, expected, { timeoutMs = 30000, settleMs = 1500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let executions = [];
	for (;;) {
		executions = await listExecutions(client, workflowId);
		const finished = executions.filter((execution) => FINAL.has(execution.status));
		if (finished.length >= expected && finished.length === executions.length) break;
		if (Date.now() > deadline) break;
		await sleep(300);
	}
	await sleep(settleMs);
	return await listExecutions(client, workflowId);
}

/**
 * Waits (bounded) until `started` executions of the workflow have finished, as a platform's retry minutes later
 * would find them. n8n's public API leaves running executions out of its list, so a listed one has finished, and
 * n8n saves static data before it marks an execution finished. The node records an event id in the execution, so
 * a redelivery is only recognised after this.
 */
export async function executionsFinished(client, workflowId, started, { timeoutMs = 20000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const executions = await listExecutions(client, workflowId);
		if (executions.filter((execution) => FINAL.has(execution.status)).length >= started) return;
		await sleep(200);
	}
	throw new Error(`fewer than ${started} executions of workflow ${workflowId} finished within ${timeoutMs} ms`);
}

/** The first item the trigger node emitted in an execution (its output json), or undefined. */
export function triggerItem(execution, triggerName) {
	return execution?.data?.resultData?.runData?.[triggerName]?.[0]?.data?.main?.[0]?.[0]?.json;
}

/** Whether the execution also ran the NoOp node (the trigger's item went on through the workflow). */
export function reachedNoOp(execution) {
	return Array.isArray(execution?.data?.resultData?.runData?.['No Operation, do nothing']);
}
