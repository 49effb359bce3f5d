// Plain-text tables of the results, for a terminal and for pasting into an issue.
import { BASELINES } from './throughput.mjs';

function table(header, rows) {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
	const line = (cells) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (value, digits = 1) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

/** Baselines whose settled (end-to-end) ratio is shown too: n8n's bare Webhook and its GitHub Trigger. */
const SETTLED_BASELINES = ['webhook', 'github'];

export function throughputTable(results) {
	const baselines = BASELINES.filter(({ key }) => results.some((result) => result.ratios[key] !== undefined));
	const settledBaselines = baselines.filter(({ key }) => SETTLED_BASELINES.includes(key));
	const timed = results.some((result) => result.store !== undefined);
	const header = [
		'workflow', 'req/s (median)', 'min–max', 'p50 ms', 'p99 ms', 'settled/s', 'deliveries', 'not 2xx', 'executions', 'not success',
		'reached NoOp', 'lost', 'duplicated', 'isolates/req', 'expr/req',
		...(timed ? ['store calls', 'store ms/call'] : []),
		...baselines.map(({ title }) => title),
		...settledBaselines.map(({ title }) => `${title} settled`),
	];
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
		fixed(result.perDelivery.isolates, 2),
		fixed(result.perDelivery.expressions, 2),
		...(timed ? [result.store?.calls ?? 0, fixed(result.store?.meanMs)] : []),
		...baselines.map(({ key }) => ratio(result.ratios[key])),
		...settledBaselines.map(({ key }) => ratio(result.settledRatios[key])),
	]);
	return table(header, rows);
}

const ratio = (value) => (value === undefined ? '-' : `${fixed(value, 2)}x`);

/**
 * Under the table: what "isolates/req" and "expr/req" count, per n8n command where there are several (queue mode),
 * and which expressions were evaluated, per workflow.
 */
export function counterLegend(results) {
	const lines = [
		'isolates/req, expr/req: expression isolates n8n built and expressions it evaluated per delivery, in every n8n process ' +
			'(counted by test/bench/n8n/countExpressions.cjs, loaded with --require through N8N_NODE_ARGS); settled: end to end, until every execution finished',
	];
	for (const result of results) {
		const commands = Object.entries(result.perDeliveryByCommand).filter(([, counts]) => counts.isolates > 0 || counts.expressions > 0);
		const where = commands.length > 1 ? `; ${commands.map(([command, counts]) => `n8n ${command}: ${fixed(counts.isolates, 2)} isolates, ${fixed(counts.expressions, 2)} expressions`).join('; ')}` : '';
		const which = Object.entries(result.byExpression)
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.map(([text, count]) => `${text} ×${count}`);
		if (which.length > 0 || where !== '') lines.push(`  ${result.label}: ${which.join(', ') || 'no expression'}${where}`);
	}
	return lines;
}

/** ok when every event n8n acknowledged reached NoOp exactly once and a redelivery pass started nothing that did. */
export function scenarioVerdict(row) {
	const once = row.lost === 0 && row.duplicated === 0 && row.reachedOfAcked === row.expectedNoOp;
	const quietSecondPass = row.secondPassNoOp === undefined || row.secondPassNoOp === 0;
	const allAcked = row.scenario === 'e' || row.notAcked === 0;
	return once && quietSecondPass && allAcked ? 'ok' : 'FAIL';
}

export function scenarioTable(rows) {
	const header = ['scenario', 'workflow', 'deliveries', 'retried 503', 'not 2xx', 'NoOp expected', 'NoOp measured', 'executions', 'empty', 'not success', '2nd pass NoOp', '2nd pass executions', 'lost', 'duplicated', 'verdict'];
	const body = rows.map((row) => [
		row.scenario,
		row.target,
		row.deliveries,
		row.retried,
		row.notAcked,
		row.expectedNoOp,
		row.reachedOfAcked,
		row.executions,
		row.empty,
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

/** Per block and workflow: req/s, settled/s, and n8n's store per call (from the read's start to the write's end). */
export function rememberedTable(rows) {
	const header = ['block', 'remembered before', 'workflow', 'req/s', 'settled/s', 'store calls', 'items/call', 'ms/call mean', 'p50', 'p99', 'max', 'read ms', 'entries', 'lost', 'duplicated'];
	const body = rows.map((row) => [
		row.block,
		row.rememberedBefore,
		row.label,
		fixed(row.rps),
		fixed(row.settledRps),
		row.store.calls,
		row.store.calls ? fixed(row.store.items / row.store.calls) : '-',
		fixed(row.store.perCall.mean),
		fixed(row.store.perCall.p50),
		fixed(row.store.perCall.p99),
		fixed(row.store.perCall.max),
		fixed(row.store.readMean),
		row.store.entries,
		row.lost,
		row.duplicated,
	]);
	const keys = [...new Set(rows.map((row) => row.key))];
	const ratios = keys.map((key) => {
		const mine = rows.filter((row) => row.key === key);
		const first = mine[0];
		const last = mine[mine.length - 1];
		return `${first.label}: last block / first: req/s ${fixed(last.rps / first.rps, 2)}x, settled/s ${fixed(last.settledRps / first.settledRps, 2)}x, ms per store call ${fixed(last.store.perCall.mean / first.store.perCall.mean, 2)}x`;
	});
	return [table(header, body), ...ratios].join('\n');
}
