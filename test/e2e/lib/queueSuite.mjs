// The package in n8n's queue mode: PostgreSQL (a database of the run's own, created and dropped here) and Redis (a
// key prefix of the run's own), one `n8n start` (main: the editor, the API, publication), two `n8n webhook` processes
// that receive the deliveries and one `n8n worker` that runs the executions — what a scaled n8n runs.
// It checks a signed trigger through the shared cases, Segmind's registration, one event whose copies reach both
// webhook processes, and redeliveries after the whole instance restarted.
import path from 'node:path';

import { startCluster } from '../../../scripts/lib/cluster.mjs';
import { runName } from '../../../scripts/lib/queueInfra.mjs';
import { run as runSegmindRegistration } from '../platforms/segmind.mjs';
import {
	deliver,
	publishSpecWorkflow,
	executionsSettled,
	listExecutions,
	reachedNoOp,
	receiversOf,
} from './harness.mjs';
import { runPlatformSuite } from './platformSuite.mjs';
import { runRestartSuite } from './restartSuite.mjs';

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
		name: runName(),
		log,
	});
	onCluster(cluster);
	const up = await results.check(name('PostgreSQL database and Redis prefix of its own; main, 2 webhook processes and a worker start'), async () => {
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

	await results.check(name('copies of one event reaching both webhook processes at once -> the event passed on once'), async () => {
		const secret = mythicDot.newSecret();
		const workflow = await publishSpecWorkflow(client, mythicDot, {
			name: 'queue e2e: copies across webhook processes',
			data: mythicDot.credential(secret),
			parameters: { events: ['*'], deliveryOptions: {} },
		});
		const body = JSON.stringify(mythicDot.uniquePayload(mythicDot.fixtures['batch.completed'], `queue_copies_${Date.now()}`));
		const { headers } = mythicDot.sign(body, secret);
		const send = (base) => deliver(`${base}${workflow.path}`, body, headers);
		// Three copies to each webhook process, all at once.
		const answers = await Promise.all(receiversOf(client).flatMap((base) => [send(base), send(base), send(base)]));
		if (answers.some((answer) => answer.status !== 200)) throw new Error(`answers ${answers.map((answer) => answer.status).join(' ')}`);
		await executionsSettled(client, workflow.id);
		const first = await listExecutions(client, workflow.id);
		const passed = first.filter(reachedNoOp).length;
		if (passed !== 1) throw new Error(`${passed} executions passed the event on (of ${first.length} started)`);
		if (first.length > receiversOf(client).length) throw new Error(`${first.length} executions started for 2 processes`);
		// Later, the same event again at both processes: n8n's store recognises it wherever it arrives.
		await Promise.all(receiversOf(client).map(send));
		await executionsSettled(client, workflow.id);
		const again = (await listExecutions(client, workflow.id)).filter(reachedNoOp).length;
		if (again !== 1) throw new Error(`a later redelivery was passed on again (${again - 1} times)`);
		log(`queue mode: 6 copies started ${first.length} executions, 1 passed the event on`);
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
