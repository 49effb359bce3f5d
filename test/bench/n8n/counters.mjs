// What the counter hook (countExpressions.cjs) reports from every n8n process of the run: expressions evaluated and
// isolates built, summed per n8n command (start, webhook, worker). A reading waits until every process has written
// its counts after the moment asked for, so nothing that happened before that moment is missed.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { waitFor } from '../../../scripts/lib/n8n.mjs';

export const HOOK = fileURLToPath(new URL('./countExpressions.cjs', import.meta.url));

/** The environment and the Node option that load the hook into every n8n process, writing into `directory`. */
export function counterHook(directory) {
	mkdirSync(directory, { recursive: true });
	return { env: { BENCH_COUNTERS_DIR: directory }, nodeArg: `--require=${HOOK}` };
}

function readAll(directory) {
	return readdirSync(directory)
		.filter((name) => name.endsWith('.json'))
		.map((name) => {
			try {
				return JSON.parse(readFileSync(path.join(directory, name), 'utf8'));
			} catch {
				return undefined; // being replaced right now: read again
			}
		});
}

/**
 * Counts as of `after` (ms since the epoch): {total: {expressions, isolates, byExpression}, byCommand: {webhook: ...}}.
 * `processes` is how many n8n processes write counts; a process restarted mid-run starts from zero (scenario runs).
 */
export async function readCounters(directory, { after = Date.now(), processes }) {
	const files = await waitFor(
		async () => readAll(directory),
		(entries) => entries.length >= processes && entries.every((entry) => entry !== undefined && entry.flushedAt > after),
		{ timeoutMs: 60000, what: `expression counters of ${processes} n8n process(es) written after ${new Date(after).toISOString()}` },
	);
	const sum = (entries) => {
		const byExpression = {};
		for (const entry of entries) for (const [text, count] of Object.entries(entry.byExpression)) byExpression[text] = (byExpression[text] ?? 0) + count;
		return {
			expressions: entries.reduce((total, entry) => total + entry.expressions, 0),
			isolates: entries.reduce((total, entry) => total + entry.isolates, 0),
			byExpression,
		};
	};
	const commands = [...new Set(files.map((entry) => entry.command))];
	return { total: sum(files), byCommand: Object.fromEntries(commands.map((command) => [command, sum(files.filter((entry) => entry.command === command))])) };
}

/** later - earlier, per command and in total. */
export function difference(later, earlier) {
	const minus = (a, b = { expressions: 0, isolates: 0, byExpression: {} }) => ({
		expressions: a.expressions - b.expressions,
		isolates: a.isolates - b.isolates,
		byExpression: Object.fromEntries(
			Object.entries(a.byExpression)
				.map(([text, count]) => [text, count - (b.byExpression[text] ?? 0)])
				.filter(([, count]) => count > 0),
		),
	});
	return {
		total: minus(later.total, earlier.total),
		byCommand: Object.fromEntries(Object.entries(later.byCommand).map(([command, counts]) => [command, minus(counts, earlier.byCommand[command])])),
	};
}
