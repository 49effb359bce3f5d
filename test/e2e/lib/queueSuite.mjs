// The package in n8n's queue mode: PostgreSQL (a database of the run's own, created and dropped here) and Redis (a
// key prefix of the run's own), one `n8n start` (main: the editor, the API, publication), two `n8n webhook` processes
// that receive the deliveries and two `n8n worker` processes that run the executions — what a scaled n8n runs.
// It checks a signed trigger through the shared cases, Segmind's registration, a burst of copies spread over both
// webhook processes (and so over both workers), and redeliveries after the whole instance restarted.
import path from 'node:path';

import { startCluster } from '../../../scripts/lib/cluster.mjs';
import { runName } from '../../../scripts/lib/queueInfra.mjs';
import { run as runSegmindRegistration } from '../platforms/segmind.mjs';
import {
	deliverRetrying,
	publishSpecWorkflow,
	executionsSettled,
	listExecutions,
	reachedNoOp,
	receiversFind,
	receiversOf,
	triggerItem,
} from './harness.mjs';
import { runPlatformSuite } from './platformSuite.mjs';
import { runRestartSuite } from './restartSuite.mjs';

const BURST_EVENTS = 50;
const BURST_COPIES = 3;
const BURST_CONCURRENCY = 20;

/**
 * @param ctx {results, log}
 * @param setup {runtime, tmp, tarball, specs}
 * @returns the cluster, for the caller to dispose on every path
 */
export async function runQueueSuite({ results, log }, { runtime, tmp, tarball, specs }, onCluster) {
	const name = (text) => `queue mode: ${text}`;
	const cluster = await startCluster({
		runtime,
		tmp: path.join(tmp, 'queue'),
		tarball,
		queue: true,
		webhooks: 2,
		workers: 2,
		name: runName(),
		log,
	});
	onCluster(cluster);
	const up = await results.check(name('PostgreSQL database and Redis prefix of its own; main, 2 webhook processes and 2 workers start'), async () => {
		await cluster.setUp();
		log(cluster.describe());
		return true;
	});
	if (!up) return;
	const client = cluster.client;
	client.receivers = cluster.bases;
	const ctx = { client, results, log };
	const spec = (id) => specs.find((candidate) => candidate.id === id);

	const mythicDot = spec('mythicdot');
	await runPlatformSuite({ ...ctx, results: prefixed(results, 'queue mode, ') }, mythicDot);
	await runSegmindRegistration({ ...ctx, results: prefixed(results, 'queue mode, ') }, spec('segmind'), { publicationErrors: false });

	await results.check(name(`${BURST_EVENTS} events x ${BURST_COPIES} copies, shuffled, at c=${BURST_CONCURRENCY} over both webhook processes -> each event passed on once`), async () => {
		const secret = mythicDot.newSecret();
		const workflow = await publishSpecWorkflow(client, mythicDot, {
			name: 'queue e2e: a burst of copies over two webhook processes and two workers',
			data: mythicDot.credential(secret),
			parameters: { events: ['*'], deliveryOptions: {} },
		});
		await receiversFind(client, workflow);
		const run = Date.now();
		const events = Array.from({ length: BURST_EVENTS }, (_, index) => {
			const body = JSON.stringify(mythicDot.uniquePayload(mythicDot.fixtures['batch.completed'], `queue_burst_${run}_${index}`));
			return { body, headers: mythicDot.sign(body, secret).headers, marker: markerOf(body) };
		});
		const bases = receiversOf(client);
		// Copy i goes to webhook process i % 2, as a load balancer spreads them; 503s are retried as platforms do.
		const sends = shuffle(events.flatMap((event) => Array.from({ length: BURST_COPIES }, () => event)));
		const answers = await inLanes(sends, BURST_CONCURRENCY, (event, index) => deliverRetrying(`${bases[index % bases.length]}${workflow.path}`, event.body, event.headers));
		const slowest = Math.max(...answers.map((answer) => answer.ms));
		log(`queue mode: burst answered in at most ${(slowest / 1000).toFixed(1)} s`);
		const bad = answers.filter((answer) => answer.status !== 200);
		if (bad.length > 0) throw new Error(`${bad.length} copies not answered 200 in the end: ${[...new Set(bad.map((answer) => `${answer.status} ${answer.error ?? ''}`))].join(', ')}`);
		await executionsSettled(client, workflow.id, { timeoutMs: 300000 });
		const executions = await listExecutions(client, workflow.id);
		const passed = countByEvent(executions.filter(reachedNoOp), workflow.triggerName);
		const wrong = events.filter((event) => passed.get(event.marker) !== 1);
		if (wrong.length > 0) throw new Error(`${wrong.length} events not passed on exactly once (${wrong.map((event) => passed.get(event.marker) ?? 0).join(' ')})`);
		const retried = answers.reduce((total, answer) => total + answer.retries, 0);
		log(`queue mode: ${sends.length} copies (${retried} retries after 503) started ${executions.length} executions: ${BURST_EVENTS} passed the event on, ${executions.length - BURST_EVENTS} stopped at the trigger`);

		// Later, every event again at the webhook process that did not get copy 0: n8n's store recognises them.
		const again = await inLanes(events, BURST_CONCURRENCY, (event, index) => deliverRetrying(`${bases[(index + 1) % bases.length]}${workflow.path}`, event.body, event.headers));
		if (again.some((answer) => answer.status !== 200)) throw new Error(`redeliveries answered ${again.map((answer) => answer.status).join(' ')}`);
		await executionsSettled(client, workflow.id, { timeoutMs: 300000 });
		const later = (await listExecutions(client, workflow.id)).filter(reachedNoOp).length;
		if (later !== BURST_EVENTS) throw new Error(`a later redelivery was passed on again (${later - BURST_EVENTS} times)`);
	});

	const restart = async () => {
		await cluster.stop();
		await cluster.start();
	};
	await runRestartSuite({ ...ctx, results: prefixed(results, 'queue mode, ') }, mythicDot, restart);
}

/** The same results, with every case name prefixed (the shared suites name cases by platform). */
function prefixed(results, prefix) {
	return {
		record: (caseName, problems) => results.record(`${prefix}${caseName}`, problems),
		check: (caseName, fn) => results.check(`${prefix}${caseName}`, fn),
	};
}

/** The event (its payload, as the trigger emitted it) of each execution, counted. */
function countByEvent(executions, triggerName) {
	const counts = new Map();
	for (const execution of executions) {
		const marker = JSON.stringify(triggerItem(execution, triggerName)?.payload);
		counts.set(marker, (counts.get(marker) ?? 0) + 1);
	}
	return counts;
}

const markerOf = (body) => JSON.stringify(JSON.parse(body));

function shuffle(list) {
	for (let index = list.length - 1; index > 0; index--) {
		const other = Math.floor(Math.random() * (index + 1));
		[list[index], list[other]] = [list[other], list[index]];
	}
	return list;
}

/** fn(item, index) for every item, at most `concurrency` at once; the results in item order. */
async function inLanes(items, concurrency, fn) {
	const results = new Array(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
	return results;
}
