#!/usr/bin/env node
// `npm run bench:n8n`: this package's triggers next to n8n's own start nodes in one real n8n (the pinned runtime of
// `npm start`), installed as a community package, driven over loopback HTTP. Throughput by default; the exactly-once
// scenarios with --scenarios; queue mode with --queue. Options: test/bench/n8n/options.mjs, or --help.
// Every process, the temp folder, and in queue mode the database and Redis keys are removed on every path
// (--keep keeps the folder and the database). Progress lines start with `#`; the results are the tables at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildAndPack } from '../../../scripts/lib/n8n.mjs';
import { ensureRuntime } from '../../../scripts/lib/runtime.mjs';
import { startCluster } from '../../../scripts/lib/cluster.mjs';
import { contenders } from './contenders.mjs';
import { startGithubApi } from './githubApi.mjs';
import { parseOptions, USAGE, UsageError } from './options.mjs';
import { runName } from '../../../scripts/lib/queueInfra.mjs';
import { counterLegend, rememberedTable, scenarioTable, scenarioVerdict, throughputTable } from './report.mjs';
import { counterHook } from './counters.mjs';
import { runRemembered } from './remembered.mjs';
import { runScenarios, SCENARIOS } from './scenarios.mjs';
import { enableStoreTiming, storeCallsLine } from './storeTimes.mjs';
import { runThroughput } from './throughput.mjs';

const log = (line) => console.log(`# ${line}`);
const DEFAULT_SCENARIO_TARGETS = ['mythicdot', 'segmentsai', 'webhook-removedups'];
const DEFAULT_REMEMBERED_TARGETS = ['mythicdot', 'webhook-removedups'];
let options;
let tmp;
let cluster;
let githubApi;
let finishing;

async function main() {
	options = parseOptions(process.argv.slice(2));
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	let selected = contenders(options.only ?? (options.scenarios ? DEFAULT_SCENARIO_TARGETS : options.remembered ? DEFAULT_REMEMBERED_TARGETS : undefined));
	if (options.scenarios || options.remembered) selected = selected.filter((contender) => contender.exactlyOnce);
	if (selected.length === 0) throw new UsageError('no workflow to run: --only named none that promises once per event');

	tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const runtime = await ensureRuntime({ log });
	const version = JSON.parse(readFileSync(path.join(runtime.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	const tarball = await buildAndPack({ destination: tmp, log });

	githubApi = await startGithubApi({ accessToken: randomBytes(20).toString('hex') });
	const name = runName();
	// Every n8n process counts the expressions it evaluates and the isolates it builds (countExpressions.cjs).
	options.countersDir = path.join(tmp, 'counters');
	const hook = counterHook(options.countersDir);
	process.env.N8N_NODE_ARGS = [process.env.N8N_NODE_ARGS, hook.nodeArg].filter(Boolean).join(' ');
	const storeTiming = options.storeTiming ? enableStoreTiming(tmp) : undefined;
	cluster = await startCluster({
		runtime,
		tmp,
		tarball,
		queue: options.queue,
		webhooks: options.webhooks,
		workers: options.workers,
		engine: options.engine,
		lazyIsolates: options.lazyIsolates,
		name,
		env: { ...hook.env, ...storeTiming?.env },
		log,
	});
	log(`n8n ${version}: ${cluster.describe()}; temp folder ${tmp}`);
	await cluster.setUp();
	for (const contender of selected) await contender.deploy({ client: cluster.client, githubApi, rememberedEvents: options.eventsRemembered });
	await cluster.registered(selected.map((contender) => contender.path));

	const nonce = randomBytes(3).toString('hex');
	let counter = 0;
	const nextTag = () => `${nonce}${(counter++).toString(36).padStart(5, '0')}`;
	const setup = [
		`n8n ${version}, ${options.queue ? `queue mode (PostgreSQL database ${name}, Redis prefix ${name}, ${options.webhooks} webhook process(es), ${options.workers} worker(s))` : 'regular mode (SQLite)'}`,
		`${options.eventsRemembered ? `Events Remembered ${options.eventsRemembered}; ` : ''}expression engine ${options.engine ?? 'n8n default (vm)'}${options.lazyIsolates ? ', isolates taken lazily' : ''}; ${os.cpus().length} cores, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} at start`,
	];
	const started = Date.now();
	let report;
	let failed = false;
	if (options.scenarios) {
		log(`scenarios ${options.scenarios.join(', ')} for ${selected.map((contender) => contender.key).join(', ')}`);
		const rows = await runScenarios({ cluster, targets: selected, options, which: options.scenarios, nextTag, log });
		// n8n's own Remove Duplicates is measured for comparison; the exit code speaks for this package's triggers.
		failed = rows.some((row) => row.ours && scenarioVerdict(row) !== 'ok');
		report = { setup, table: scenarioTable(rows), legend: options.scenarios.map((id) => `${id}: ${SCENARIOS[id]}`), rows };
		// The confirmation of this package's records waits at least 200 ms: a call slower than that can still erase one.
		if (storeTiming) report.legend.push(...selected.map((contender) => storeCallsLine(storeTiming.dir, contender, 200)));
	} else if (options.remembered) {
		log(`${options.remembered} blocks × ${selected.length} workflows × ${options.deliveries} distinct deliveries at concurrency ${options.concurrency}, store timed`);
		const rows = await runRemembered({ cluster, contenders: selected, options, nextTag, storeTiming, log });
		report = { setup, table: rememberedTable(rows), legend: ['ms/call: one call of n8n\'s processed-items store, from its read to the end of its write, in any n8n process'], rows };
	} else {
		log(`${options.rounds} round(s) × ${selected.length} workflows × ${options.deliveries} deliveries at concurrency ${options.concurrency}`);
		const results = await runThroughput({ cluster, contenders: selected, options, nextTag, storeTiming, log });
		report = { setup, table: throughputTable(results), legend: counterLegend(results), results };
	}
	setup.push(
		`N=${options.deliveries}, C=${options.concurrency}${options.scenarios || options.remembered ? '' : `, ${options.rounds} round(s)`}; ` +
			`${((Date.now() - started) / 60000).toFixed(1)} min; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} at the end`,
	);
	console.log(`\n${report.setup.join('\n')}\n\n${report.table}\n${report.legend.join('\n')}`);
	if (options.json) writeFileSync(options.json, JSON.stringify({ options, ...report }, null, 2));
	return failed ? 1 : 0;
}

/** Stops every process, drops the database, removes the temp folder (unless --keep), exits. Runs once. */
function finish(code, fatal) {
	finishing ??= (async () => {
		if (fatal) {
			console.error(`bench:n8n failed: ${fatal}`);
			if (cluster) console.error(cluster.logTails());
		}
		try {
			for (const note of (await cluster?.dispose({ keepDatabase: options?.keep })) ?? []) log(note);
		} catch (error) {
			console.error(`cleaning up: ${error.message}`);
			code ||= 1;
		}
		await githubApi?.close();
		if (tmp && !options?.keep) rmSync(tmp, { recursive: true, force: true });
		else if (tmp) log(`kept ${tmp}`);
		process.exit(code);
	})();
	return finishing;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => finish(130, `interrupted by ${signal}`));
// Last resort on any other exit path: no n8n process outlives the run, no temp folder stays behind.
process.on('exit', () => {
	cluster?.killNow();
	if (tmp && !options?.keep) rmSync(tmp, { recursive: true, force: true });
});

main().then(
	(code) => finish(code),
	// a mistake in the command line is said in one message; anything else with its stack
	(error) => finish(error instanceof UsageError ? 2 : 1, error instanceof UsageError ? error.message : (error.stack ?? error.message)),
);
