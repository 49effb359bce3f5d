// What remembering more events costs: consecutive blocks of N distinct deliveries into each workflow, from an empty
// processed-items store to past its capacity, with req/s, settled/s and the time of n8n's store per call, per block.
import { judge, marks, sendPhase } from './measure.mjs';
import { storeCalls } from './storeTimes.mjs';

export async function runRemembered({ cluster, contenders, options, nextTag, storeTiming, log }) {
	const rows = [];
	for (let block = 0; block < options.remembered; block++) {
		for (const contender of contenders) {
			const sends = Array.from({ length: options.deliveries }, () => ({ contender, event: contender.newEvent(nextTag()) }));
			const mark = (await marks(cluster, [contender])).get(contender);
			const startedMs = Date.now();
			const phase = await sendPhase(cluster, sends, { concurrency: options.concurrency });
			// the hook writes its lines every 200 ms
			await new Promise((resolve) => setTimeout(resolve, 400));
			const store = storeCalls(storeTiming.dir, contender.workflow.id, startedMs, Date.now());
			const verdict = await judge(cluster, contender, mark, phase.answers);
			const row = {
				block: block + 1,
				rememberedBefore: block * options.deliveries,
				key: contender.key,
				label: contender.label,
				rps: sends.length / phase.seconds,
				settledRps: sends.length / phase.settledSeconds,
				store,
				lost: verdict.lost,
				duplicated: verdict.duplicated,
				notAcked: verdict.notAcked,
			};
			rows.push(row);
			log(
				`block ${row.block}/${options.remembered} ${contender.label}: ${row.rps.toFixed(1)} req/s, settled ${row.settledRps.toFixed(1)}/s, ` +
					`${store.calls} store calls (${store.items} items), ${store.perCall.mean?.toFixed(1) ?? '-'} ms per call, ${store.entries} entries; lost ${row.lost}, duplicated ${row.duplicated}`,
			);
		}
	}
	return rows;
}
