// Plain-text tables of the results, for a terminal and for pasting into an issue.
import { BASELINES } from './throughput.mjs';

function table(header, rows) {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
	const line = (cells) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (value, digits = 1) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

export function throughputTable(results) {
	const baselines = BASELINES.filter(({ key }) => results.some((result) => result.ratios[key] !== undefined));
	const header = ['workflow', 'req/s (median)', 'min–max', 'p50 ms', 'p99 ms', 'settled/s', 'deliveries', 'not 2xx', 'executions', 'not success', 'reached NoOp', 'lost', 'duplicated', ...baselines.map(({ title }) => title)];
	const rows = results.map((result) => [
		result.label,
		fixed(result.medianRps),
		`${fixed(Math.min(...result.rps))}–${fixed(Math.max(...result.rps))}`,
		fixed(result.p50, 0),
		fixed(result.p99, 0),
		fixed(result.medianSettledRps),
		result.deliveries,
		result.notAcked,
		result.executions,
		result.unsuccessful,
		result.reachedNoOp,
		result.lost,
		result.duplicated,
		...baselines.map(({ key }) => (result.ratios[key] === undefined ? '-' : `${fixed(result.ratios[key], 2)}x`)),
	]);
	return table(header, rows);
}

/** ok when every event n8n acknowledged reached NoOp exactly once and a redelivery pass started nothing that did. */
export function scenarioVerdict(row) {
	const once = row.lost === 0 && row.duplicated === 0 && row.reachedOfAcked === row.expectedNoOp;
	const quietSecondPass = row.secondPassNoOp === undefined || row.secondPassNoOp === 0;
	const allAcked = row.scenario === 'e' || row.notAcked === 0;
	return once && quietSecondPass && allAcked ? 'ok' : 'FAIL';
}

export function scenarioTable(rows) {
	const header = ['scenario', 'workflow', 'deliveries', 'not 2xx', 'NoOp expected', 'NoOp measured', 'executions', 'not success', '2nd pass NoOp', '2nd pass executions', 'lost', 'duplicated', 'verdict'];
	const body = rows.map((row) => [
		row.scenario,
		row.target,
		row.deliveries,
		row.notAcked,
		row.expectedNoOp,
		row.reachedOfAcked,
		row.executions,
		row.unsuccessful,
		row.secondPassNoOp ?? '-',
		row.secondPassExecutions ?? '-',
		row.lost,
		row.duplicated,
		scenarioVerdict(row),
	]);
	const crashes = rows
		.filter((row) => row.scenario === 'e')
		.map(
			(row) =>
				`e: ${row.target}: before the redelivery ${row.lostBeforeRedelivery} acknowledged events had not reached NoOp; ` +
				`${row.crashedExecutions} executions ended "crashed"; ${row.danglingAfterCrash} left "running" by n8n (all workflows); not 2xx: ${row.refusals || 'none'}`,
		);
	return [table(header, body), ...crashes].join('\n');
}
