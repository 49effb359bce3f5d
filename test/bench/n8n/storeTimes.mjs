// The time n8n's processed-items store takes per call, read from what storeTiming.cjs wrote in every n8n process.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { percentile } from './load.mjs';

const HOOK = fileURLToPath(new URL('./storeTiming.cjs', import.meta.url));

/**
 * Turns the hook on for the n8n processes started after this call: N8N_NODE_ARGS gets `--require <hook>` (kept beside
 * what it already holds), and `env` is what every process needs besides (the folder the hook writes to).
 */
export function enableStoreTiming(tmp) {
	const dir = path.join(tmp, 'store-timing');
	mkdirSync(dir, { recursive: true });
	process.env.N8N_NODE_ARGS = [process.env.N8N_NODE_ARGS ?? '', '--require', HOOK].join(' ').trim();
	return { dir, env: { BENCH_STORE_TIMING_DIR: dir } };
}

/**
 * The calls made for one workflow between two moments (ms since epoch), over every process:
 * {calls, items, perCall: {mean, p50, p99, max} ms from read to write, readMean ms, entries (largest record seen)}.
 * The hook flushes every 200 ms: read after the executions settled.
 */
export function storeCalls(dir, workflowId, fromMs, toMs) {
	const rows = [];
	for (const name of readdirSync(dir)) {
		for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
			const [end, workflow, ms, readMs, items, entries] = line.split(' ');
			if (workflow !== String(workflowId)) continue;
			const at = Number(end);
			if (at < fromMs || at > toMs) continue;
			rows.push({ ms: Number(ms), readMs: Number(readMs), items: Number(items), entries: Number(entries) });
		}
	}
	return summarize(rows);
}

/** One line per workflow over the whole run: how long the store's calls took from read to write. */
export function storeCallsLine(dir, contender, overMs) {
	const all = storeCalls(dir, contender.workflow.id, 0, Infinity);
	if (all.calls === 0) return `${contender.label}: no store calls`;
	const over = all.times.filter((ms) => ms > overMs).length;
	return (
		`${contender.label}: ${all.calls} store calls, ${all.items} items; ms from read to write p50 ${all.perCall.p50.toFixed(1)}, ` +
		`p99 ${all.perCall.p99.toFixed(1)}, max ${all.perCall.max.toFixed(1)}; ${over} calls (${((100 * over) / all.calls).toFixed(2)} %) longer than ${overMs} ms`
	);
}

function summarize(rows) {
	const times = rows.map((row) => row.ms);
	const sum = (values) => values.reduce((total, value) => total + value, 0);
	return {
		calls: rows.length,
		times,
		items: sum(rows.map((row) => row.items)),
		perCall: {
			mean: rows.length ? sum(times) / rows.length : undefined,
			p50: percentile(times, 50),
			p99: percentile(times, 99),
			max: rows.length ? Math.max(...times) : undefined,
		},
		readMean: rows.length ? sum(rows.map((row) => row.readMs)) / rows.length : undefined,
		entries: rows.length ? Math.max(...rows.map((row) => row.entries).filter(Number.isFinite), 0) : 0,
	};
}
