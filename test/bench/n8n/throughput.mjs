// The throughput benchmark: in each round, N distinct deliveries at concurrency C to one workflow at a time, every
// workflow in turn (the order rotated each round), so that a machine getting busier or quieter hits all of them.
// Between workflows the run waits until n8n has finished what the previous one started, and counts it, and reads
// how many expressions n8n evaluated and isolates it built for that workflow's deliveries (counters.mjs).
import { difference, readCounters } from './counters.mjs';
import { isAck, percentile } from './load.mjs';
import { judge, marks, sendPhase } from './measure.mjs';
import { storeCalls } from './storeTimes.mjs';

/** The baselines every workflow is compared with, when they are part of the run. */
export const BASELINES = [
	{ key: 'webhook', title: '×Webhook' },
	{ key: 'headerAuth', title: '×HeaderAuth' },
	{ key: 'removeDuplicates', title: '×RemoveDups' },
	{ key: 'github', title: '×GitHub' },
	{ key: 'slack', title: '×Slack' },
];

export async function runThroughput({ cluster, contenders, options, nextTag, storeTiming, log }) {
	const rounds = contenders.map((contender) => ({ contender, rounds: [] }));
	for (let round = 0; round < options.rounds; round++) {
		const order = [...rounds.slice(round % rounds.length), ...rounds.slice(0, round % rounds.length)];
		for (const entry of order) {
			const { contender } = entry;
			const sends = Array.from({ length: options.deliveries }, () => ({ contender, event: contender.newEvent(nextTag()) }));
			const mark = (await marks(cluster, [contender])).get(contender);
			const countsBefore = await readCounters(options.countersDir, { processes: cluster.processes });
			const startedMs = Date.now();
			const phase = await sendPhase(cluster, sends, { concurrency: options.concurrency });
			const verdict = await judge(cluster, contender, mark, phase.answers);
			const counts = difference(await readCounters(options.countersDir, { processes: cluster.processes }), countsBefore);
			// (the store-timing hook writes its lines every 200 ms; judging took longer than that)
			const store = storeTiming ? storeCalls(storeTiming.dir, contender.workflow.id, startedMs, Date.now()) : undefined;
			const result = {
				counts,
				store,
				rps: sends.length / phase.seconds,
				settledRps: sends.length / phase.settledSeconds,
				latencies: phase.answers.filter(isAck).map((answer) => answer.ms),
				dangling: phase.dangling,
				...verdict,
			};
			entry.rounds.push(result);
			log(
				`round ${round + 1}/${options.rounds} ${contender.label}: ${result.rps.toFixed(1)} req/s, ${verdict.executions} executions, ` +
					`${verdict.reachedNoOp} reached NoOp, lost ${verdict.lost}, duplicated ${verdict.duplicated}` +
					(verdict.notAcked > 0 ? `, not 2xx: ${verdict.refusals}` : '') +
					`; per delivery ${(counts.total.isolates / sends.length).toFixed(2)} isolates built, ${(counts.total.expressions / sends.length).toFixed(2)} expressions`,
			);
		}
	}
	return summarize(rounds);
}

const sum2 = (values) => values.reduce((total, value) => total + value, 0);

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per workflow over the rounds; ratios are medians of per-round ratios (both measured in the same round). */
function summarize(entries) {
	const baselineOf = (key) => entries.find((entry) => entry.contender.baseline === key);
	return entries.map(({ contender, rounds }) => {
		const sum = (field) => rounds.reduce((total, round) => total + round[field], 0);
		const latencies = rounds.flatMap((round) => round.latencies);
		const ratios = {};
		const settledRatios = {};
		for (const { key } of BASELINES) {
			const baseline = baselineOf(key);
			if (baseline) ratios[key] = median(rounds.map((round, index) => round.rps / baseline.rounds[index].rps));
			if (baseline) settledRatios[key] = median(rounds.map((round, index) => round.settledRps / baseline.rounds[index].settledRps));
		}
		const deliveries = sum('deliveries');
		const perDelivery = (pick) => ({
			isolates: rounds.reduce((total, round) => total + (pick(round.counts)?.isolates ?? 0), 0) / deliveries,
			expressions: rounds.reduce((total, round) => total + (pick(round.counts)?.expressions ?? 0), 0) / deliveries,
		});
		const byExpression = {};
		for (const round of rounds) for (const [text, count] of Object.entries(round.counts.total.byExpression)) byExpression[text] = (byExpression[text] ?? 0) + count;
		return {
			key: contender.key,
			label: contender.label,
			rps: rounds.map((round) => round.rps),
			medianRps: median(rounds.map((round) => round.rps)),
			medianSettledRps: median(rounds.map((round) => round.settledRps)),
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			deliveries,
			perDelivery: perDelivery((counts) => counts.total),
			perDeliveryByCommand: Object.fromEntries(
				Object.keys(rounds[0].counts.byCommand).map((command) => [command, perDelivery((counts) => counts.byCommand[command])]),
			),
			byExpression,
			notAcked: sum('notAcked'),
			executions: sum('executions'),
			unsuccessful: sum('unsuccessful'),
			reachedNoOp: sum('reachedNoOp'),
			lost: sum('lost'),
			duplicated: sum('duplicated'),
			dangling: sum('dangling'),
			store: rounds[0].store && {
				calls: sum2(rounds.map((round) => round.store.calls)),
				meanMs: sum2(rounds.map((round) => (round.store.perCall.mean ?? 0) * round.store.calls)) / Math.max(1, sum2(rounds.map((round) => round.store.calls))),
			},
			ratios,
			settledRatios,
		};
	});
}
