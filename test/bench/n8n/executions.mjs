// Reading what n8n ran, through its public API: the executions of a workflow started after a watermark, which events
// reached the NoOp node, and whether everything has finished (n8n lists no execution of the workflows as new or
// running; in queue mode also: Bull holds no job any more, so what n8n still lists as running is dangling).
import { listExecutions, waitFor } from '../../e2e/lib/harness.mjs';
import { NOOP_NODE } from './contenders.mjs';

const PAGE = 250; // the public API's largest page

/** The highest execution id of the workflow so far (0 if none): what a phase's own executions come after. */
export async function watermark(client, workflowId) {
	const answer = await client.api('GET', `/executions?workflowId=${workflowId}&limit=1`);
	return Number(answer.data[0]?.id ?? 0);
}

/** Every execution of the workflow with an id above `afterId`, with its data (newest first, paged, bounded). */
export async function executionsAfter(client, workflowId, afterId, { maxPages = 400 } = {}) {
	const found = [];
	let cursor;
	for (let page = 0; page < maxPages; page++) {
		const query = new URLSearchParams({ workflowId: String(workflowId), includeData: 'true', limit: String(PAGE) });
		if (cursor) query.set('cursor', cursor);
		const answer = await client.api('GET', `/executions?${query}`);
		const newer = answer.data.filter((execution) => Number(execution.id) > afterId);
		found.push(...newer);
		cursor = answer.nextCursor;
		if (!cursor || newer.length < answer.data.length) return found;
	}
	throw new Error(`more than ${maxPages * PAGE} executions of workflow ${workflowId} after ${afterId}`);
}

/** The item the NoOp node passed on in this execution, or undefined if it did not run. */
export function noOpItem(execution) {
	const runs = execution?.data?.resultData?.runData?.[NOOP_NODE];
	return Array.isArray(runs) ? runs[0]?.data?.main?.[0]?.[0]?.json : undefined;
}

/** Executions by status, how many reached NoOp, and per event (marker) how many executions brought it there. */
export function tally(executions, contender) {
	const statuses = {};
	const reached = new Map();
	let passedOn = 0;
	for (const execution of executions) {
		statuses[execution.status] = (statuses[execution.status] ?? 0) + 1;
		const item = noOpItem(execution);
		if (item === undefined) continue;
		if (execution.status === 'success') passedOn++;
		const marker = contender.markerOfItem(item);
		reached.set(marker, (reached.get(marker) ?? 0) + 1);
	}
	return { total: executions.length, statuses, reached, passedOn };
}

/**
 * Waits until n8n lists none of these workflows' executions as new or running. With `pendingJobs` (queue mode) it
 * also ends once Bull holds no job: a worker killed mid-job leaves its executions "running" until n8n's queue
 * recovery runs (at main's start, then every 180 minutes: scaling.service.js), and those are returned as dangling.
 */
export async function settled(client, workflowIds, { timeoutMs, pendingJobs } = {}) {
	const unfinished = async () => {
		let count = 0;
		for (const id of workflowIds) {
			// `new` before `running`: an execution that starts between the two reads is still counted once.
			count += (await listExecutions(client, id, 'new')).length + (await listExecutions(client, id, 'running')).length;
		}
		return count;
	};
	const state = await waitFor(
		async () => {
			const count = await unfinished();
			return { count, jobs: count > 0 && pendingJobs ? await pendingJobs() : undefined };
		},
		({ count, jobs }) => count === 0 || jobs === 0,
		{ timeoutMs, intervalMs: 500, what: 'executions still new or running' },
	);
	return { dangling: state.count };
}
