// The exactly-once scenarios: what a platform's retries, bursts of copies, a restart and a crash of n8n do to the
// number of executions that reach NoOp, per workflow that promises "once per event". Each row holds what was
// expected (every event n8n acknowledged reaches NoOp exactly once) and what was measured.
import { isAck } from './load.mjs';
import { judge, marks, sendPhase } from './measure.mjs';

export const SCENARIOS = {
	a: 'N distinct deliveries at c=C, then all N redelivered',
	b: 'the same event 5 times at once (10 events, one after another)',
	c: '50 events × 3 copies, shuffled, at c=C',
	d: 'min(200, N) events, n8n stopped cleanly and started again on the same database, the same events redelivered',
	e: 'N events per workflow; SIGKILL mid-run (main; in queue mode the worker), restart, redeliver every event answered 2xx',
};

const SIMULTANEOUS_COPIES = 5;
const SIMULTANEOUS_TRIALS = 10;
const BURST_EVENTS = 50;
const BURST_COPIES = 3;
const RESTART_EVENTS = 200;

function shuffle(list) {
	for (let index = list.length - 1; index > 0; index--) {
		const other = Math.floor(Math.random() * (index + 1));
		[list[index], list[other]] = [list[other], list[index]];
	}
	return list;
}

const fresh = (contender, count, nextTag) => Array.from({ length: count }, () => ({ contender, event: contender.newEvent(nextTag()) }));

/** Every target's events interleaved (target 1 event 1, target 2 event 1, …): one stream into one n8n. */
function interleave(targets, count, nextTag) {
	const perTarget = targets.map((contender) => fresh(contender, count, nextTag));
	return Array.from({ length: count }, (_, index) => perTarget.map((sends) => sends[index])).flat();
}

/**
 * A row per target: the verdict over the whole scenario (from `first`), and, where there is a redelivery pass, what
 * that pass alone brought to NoOp (from `second`; expected 0).
 */
async function rows(cluster, scenario, targets, { first, second, answers, extra = () => ({}) }) {
	const result = [];
	for (const contender of targets) {
		const verdict = await judge(cluster, contender, first.get(contender), answers);
		const pass = second ? await judge(cluster, contender, second.get(contender), answers) : undefined;
		result.push({
			scenario,
			key: contender.key,
			ours: contender.ours,
			target: contender.label,
			expectedNoOp: verdict.acked,
			secondPassNoOp: pass?.reachedNoOp,
			secondPassExecutions: pass?.executions,
			...verdict,
			...(await extra(contender)),
		});
	}
	return result;
}

export async function runScenarios({ cluster, targets, options, which, nextTag, log }) {
	const all = [];
	const N = options.deliveries;
	const phase = (sends, extra = {}) => sendPhase(cluster, sends, { concurrency: options.concurrency, ...extra });
	const paths = targets.map((contender) => contender.path);
	const record = (list) => {
		for (const row of list) {
			log(`${row.scenario}: ${row.target}: NoOp ${row.reachedOfAcked} of ${row.expectedNoOp} expected, ${row.executions} executions (${row.empty} empty), ${row.retried} retried after 503, lost ${row.lost}, duplicated ${row.duplicated}`);
		}
		all.push(...list);
	};

	if (which.includes('a')) {
		for (const contender of targets) {
			const sends = fresh(contender, N, nextTag);
			const first = await marks(cluster, [contender]);
			const initial = await phase(sends);
			const second = await marks(cluster, [contender]);
			const redelivered = await phase(sends);
			record(await rows(cluster, 'a', [contender], { first, second, answers: [...initial.answers, ...redelivered.answers] }));
		}
	}

	if (which.includes('b')) {
		for (const contender of targets) {
			const first = await marks(cluster, [contender]);
			const answers = [];
			for (let trial = 0; trial < SIMULTANEOUS_TRIALS; trial++) {
				const event = contender.newEvent(nextTag());
				const copies = Array.from({ length: SIMULTANEOUS_COPIES }, () => ({ contender, event }));
				answers.push(...(await sendPhase(cluster, copies, { concurrency: SIMULTANEOUS_COPIES })).answers);
			}
			record(await rows(cluster, 'b', [contender], { first, answers }));
		}
	}

	if (which.includes('c')) {
		for (const contender of targets) {
			const events = Array.from({ length: BURST_EVENTS }, () => contender.newEvent(nextTag()));
			const sends = shuffle(events.flatMap((event) => Array.from({ length: BURST_COPIES }, () => ({ contender, event }))));
			const first = await marks(cluster, [contender]);
			record(await rows(cluster, 'c', [contender], { first, answers: (await phase(sends)).answers }));
		}
	}

	if (which.includes('d')) {
		const sends = interleave(targets, Math.min(RESTART_EVENTS, N), nextTag);
		const first = await marks(cluster, targets);
		const initial = await phase(sends);
		log('d: stopping n8n cleanly (its executions have finished), then starting it again on the same database');
		await cluster.stop();
		await cluster.start();
		await cluster.registered(paths);
		const second = await marks(cluster, targets);
		const redelivered = await phase(sends);
		record(await rows(cluster, 'd', targets, { first, second, answers: [...initial.answers, ...redelivered.answers] }));
	}

	if (which.includes('e')) {
		const sends = interleave(targets, N, nextTag);
		const first = await marks(cluster, targets);
		const half = Math.floor(sends.length / 2);
		let crashing;
		log(`e: ${sends.length} deliveries; SIGKILL of ${cluster.crashTarget} once ${half} are answered`);
		const during = await phase(sends, {
			onAnswer: (_answer, answered) => {
				if (answered >= half && !crashing) crashing = cluster.crash();
			},
			// n8n comes back before the wait for executions: the crashed process held some of them.
			beforeSettle: async () => {
				await crashing;
				await cluster.recover();
				await cluster.registered(paths);
			},
		});
		const beforeRedelivery = new Map();
		for (const contender of targets) beforeRedelivery.set(contender, await judge(cluster, contender, first.get(contender), during.answers));
		const second = await marks(cluster, targets);
		const redelivered = await phase(during.answers.filter(isAck).map(({ contender, event }) => ({ contender, event })));
		const answers = [...during.answers, ...redelivered.answers];
		record(
			await rows(cluster, 'e', targets, {
				first,
				second,
				answers,
				extra: (contender) => ({
					lostBeforeRedelivery: beforeRedelivery.get(contender).lost,
					crashedExecutions: beforeRedelivery.get(contender).statuses.crashed ?? 0,
					danglingAfterCrash: during.dangling,
				}),
			}),
		);
	}
	return all;
}
