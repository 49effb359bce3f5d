// One measured phase against one or more workflows: send pre-signed deliveries, wait until n8n has run what they
// started, read those executions back, and judge per event whether it reached NoOp once, never (lost) or more
// than once (duplicated). Shared by the throughput benchmark and the exactly-once scenarios.
import { performance } from 'node:perf_hooks';

import { executionsAfter, settled, tally, watermark } from './executions.mjs';
import { isAck, sendAll } from './load.mjs';

/** How long to wait for a phase's executions to finish: n8n may still be running a queue of them. */
const settleTimeout = (deliveries) => Math.max(120000, deliveries * 400);

/** A 503 with Retry-After is sent again after that wait, as platforms retry, this many times at most. */
const RETRIES = 10;

/**
 * @param cluster from startCluster
 * @param sends [{contender, event}] in sending order; each is signed now, before the clock starts
 * @param concurrency requests in flight
 * @param onAnswer optional (answer, answeredSoFar) -> void, e.g. to crash n8n mid-run
 * @param beforeSettle optional async step between the last answer and the wait for executions (bring n8n back)
 * A delivery answered 503 with Retry-After (a copy that arrived while n8n was storing another copy's execution) is
 * signed and sent again once that wait is over, to the next receiver, as a platform retries; `retried` counts those.
 * @returns {seconds, settledSeconds, answers: [{...answer, contender, event}], retried, dangling}
 */
export async function sendPhase(cluster, sends, { concurrency, onAnswer, beforeSettle }) {
	const deliveries = sends.map(({ contender, event }) => contender.delivery(event));
	const started = performance.now();
	const { answers, seconds } = await sendAll(deliveries, { bases: cluster.bases, concurrency, onAnswer });
	let retried = 0;
	for (let pass = 0; pass < RETRIES; pass++) {
		const again = answers.map((answer, index) => (answer.status === 503 && answer.retryAfter ? index : -1)).filter((index) => index >= 0);
		if (again.length === 0) break;
		retried += again.length;
		await new Promise((resolve) => setTimeout(resolve, Math.max(...again.map((index) => answers[index].retryAfter)) * 1000));
		const rebased = [...cluster.bases.slice(1), cluster.bases[0]];
		const retry = await sendAll(again.map((index) => sends[index].contender.delivery(sends[index].event)), { bases: rebased, concurrency });
		again.forEach((index, position) => (answers[index] = { ...retry.answers[position], retries: (answers[index].retries ?? 0) + 1 }));
	}
	await beforeSettle?.();
	const workflowIds = [...new Set(sends.map(({ contender }) => contender.workflow.id))];
	const { dangling } = await settled(cluster.client, workflowIds, { timeoutMs: settleTimeout(sends.length), pendingJobs: cluster.pendingJobs });
	return {
		seconds,
		settledSeconds: (performance.now() - started) / 1000,
		retried,
		dangling,
		answers: answers.map((answer, index) => ({ ...answer, ...sends[index] })),
	};
}

/** Watermarks of the contenders' workflows: a phase's executions are those that come after. */
export async function marks(cluster, contenders) {
	return new Map(await Promise.all(contenders.map(async (contender) => [contender, await watermark(cluster.client, contender.workflow.id)])));
}

/**
 * What happened to the events sent to one contender since `mark`: executions by status, how many reached NoOp (of
 * all its events, and of those n8n answered 2xx), and per event: lost (answered 2xx at least once, never reached
 * NoOp), duplicated (reached NoOp more than once).
 */
export async function judge(cluster, contender, mark, answers) {
	const executions = await executionsAfter(cluster.client, contender.workflow.id, mark);
	const { total, statuses, reached, passedOn } = tally(executions, contender);
	const mine = answers.filter((answer) => answer.contender === contender);
	const events = new Map(mine.map((answer) => [answer.event.marker, answer.event]));
	const acked = new Set(mine.filter(isAck).map((answer) => answer.event.marker));
	let reachedNoOp = 0;
	let reachedOfAcked = 0;
	let lost = 0;
	let duplicated = 0;
	for (const marker of events.keys()) {
		const count = reached.get(marker) ?? 0;
		reachedNoOp += count;
		if (acked.has(marker)) reachedOfAcked += count;
		if (count === 0 && acked.has(marker)) lost++;
		if (count > 1) duplicated++;
	}
	const stray = [...reached.keys()].filter((marker) => !events.has(marker)).length;
	return {
		events: events.size,
		deliveries: mine.length,
		acked: acked.size,
		notAcked: mine.filter((answer) => !isAck(answer)).length,
		// deliveries answered 503 "retry later" and sent again
		retried: mine.filter((answer) => answer.retries > 0).length,
		refusals: summarizeRefusals(mine),
		executions: total,
		// executions that did not end in success (an error in a node, crashed, canceled, still running)
		unsuccessful: total - (statuses.success ?? 0),
		// executions that succeeded without passing anything to NoOp: they stopped at the de-duplicating step
		empty: (statuses.success ?? 0) - passedOn,
		statuses,
		reachedNoOp,
		reachedOfAcked,
		lost,
		duplicated,
		stray,
	};
}

/** "401 ×3, no answer (ECONNREFUSED) ×12": what the non-2xx answers were, for the report. */
function summarizeRefusals(answers) {
	const counts = new Map();
	for (const answer of answers.filter((candidate) => !isAck(candidate))) {
		const key = answer.status === 0 ? `no answer (${answer.error})` : `${answer.status}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts].map(([key, count]) => `${key} ×${count}`).join(', ');
}
