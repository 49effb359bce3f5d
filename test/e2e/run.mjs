#!/usr/bin/env node
// `npm run test:e2e`: this package in a real n8n (the pinned runtime), installed as a community package, driven over
// HTTP on 127.0.0.1 only. Prints `ok   <case>` / `FAIL <case>: <why>` per case, progress as `# …` lines, and ends
// with `N passed, N failed` (exit 1 if any failed).
//
// Every platform spec in test/platforms/ runs the shared suite (lib/platformSuite.mjs); a platform with cases of its
// own adds test/e2e/platforms/<id>.mjs (what it may export: lib/extras.mjs). A failing case fails alone: the others
// still run.
//
// The editor cases (editor.mjs) drive n8n's editor in Debian's chromium; a missing chromium fails them, saying so.
//
// The 1.x editor cases (editor1x.mjs) run last, in an n8n 1.x of their own (scripts/runtime-1.x/, installed once like
// the 2.x runtime): there a trigger's output schema shows in the next node before any event.
//
// Environment: E2E_PLATFORMS=mythicdot,datasaur runs only those specs (`editor` names the editor cases, `recipes` the
// example pipelines of recipes.mjs, `restart` the restart case, `queue` the queue-mode suite, `editor-1x` the n8n 1.x
// editor cases; E2E_PICTURES=1 also writes their README picture); E2E_KEEP=1 keeps the
// temp folder (user folders + n8n logs) on every path; E2E_TIMEOUT_SECONDS (default 1200) bounds the run after the
// runtime is installed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { buildAndPack, findFreePort, installPackage, N8nClient, PACKAGE_NAME, startN8n, waitUntilReady } from '../../scripts/lib/n8n.mjs';
import { ensureRuntime, REPO_ROOT, RUNTIME_1X } from '../../scripts/lib/runtime.mjs';
import { runEditorSuite } from './editor.mjs';
import { runEditor1xSuite } from './editor1x.mjs';
import { runRecipeSuite } from './recipes.mjs';
import { platformExtras } from './lib/extras.mjs';
import { Results, waitFor } from './lib/harness.mjs';
import { runPlatformSuite } from './lib/platformSuite.mjs';
import { runQueueSuite } from './lib/queueSuite.mjs';
import { runRestartSuite } from './lib/restartSuite.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
const log = (line) => console.log(`# ${line}`);
const results = new Results();
const startedAt = Date.now();
let n8n;
let n8n1x;
let client;
let cluster;
let tmp;
let finishing;
const login = { email: 'e2e@example.com', password: 'E2e-password-1' };

/** The node types package.json declares, by the name in their built description (what n8n registers). */
function declaredNodeTypes() {
	const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	return packageJson.n8n.nodes.flatMap((file) =>
		Object.values(require(path.join(REPO_ROOT, file)))
			.filter((value) => typeof value === 'function')
			.map((Type) => new Type().description.name),
	);
}

async function main() {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	log(`temp folder ${tmp}`);
	const only = process.env.E2E_PLATFORMS?.split(',').map((name) => name.trim()).filter(Boolean);
	const runtime = await ensureRuntime({ log });
	const runtime1x = !only || only.includes('editor-1x') ? await ensureRuntime({ log, spec: RUNTIME_1X }) : undefined;
	const watchdogSeconds = Number(process.env.E2E_TIMEOUT_SECONDS ?? 1200);
	setTimeout(() => finish(`the suite ran longer than ${watchdogSeconds} s`), watchdogSeconds * 1000).unref();

	const userFolder = path.join(tmp, 'user');
	const tarball = await results.check('setup: package built, packed and installed into <user folder>/.n8n/nodes', async () => {
		const packed = await buildAndPack({ destination: tmp, log });
		await installPackage({ userFolder, tarball: packed, log });
		return packed;
	});
	if (!tarball) return;

	// A 2.x part that could not start leaves the 1.x editor cases to run and report.
	if (!only || only.some((name) => name !== 'editor-1x')) await run2x({ runtime, userFolder, only, tarball });

	if (runtime1x) {
		log(`--- editor on n8n ${runtime1x.n8nVersion}`);
		if (n8n) {
			// The 2.x n8n is done: stopped first, so the 1.x one has the machine.
			await noExecutionRunning(client).catch((error) => log(`before stopping n8n: ${error.message}`));
			await n8n.stop();
			n8n = undefined;
		}
		const t = Date.now();
		await guarded('editor-1x: suite ran to the end', () =>
			runEditor1xSuite({ results, log }, { runtime: runtime1x, tmp, tarball }, (started) => {
				n8n1x = started;
			}),
		);
		n8n1x = undefined;
		log(`editor on n8n ${runtime1x.n8nVersion} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}
}

/** Everything that runs in the pinned n8n 2.x: the platform specs, recipes, editor, restart and queue mode. */
async function run2x({ runtime, userFolder, only, tarball }) {
	const port = await findFreePort();
	let brokerPort = await findFreePort();
	while (brokerPort === port) brokerPort = await findFreePort();
	const start = () => startN8n({ runtime, userFolder, port, brokerPort, logFile: path.join(tmp, 'n8n.log') });
	n8n = start();
	log(`n8n ${n8n.baseUrl} (task broker ${brokerPort}), log ${n8n.logFile}`);
	const t0 = Date.now();
	const up = await results.check('setup: n8n starts and answers /healthz and /rest/settings', async () => {
		await waitUntilReady(n8n, { log });
		log(`n8n ready in ${Math.round((Date.now() - t0) / 1000)} s`);
		return true;
	});
	if (!up) return;

	client = new N8nClient(n8n.baseUrl);
	const authed = await results.check('setup: owner account and an API key with every scope', async () => {
		await client.setupOwner({ ...login, firstName: 'E2E', lastName: 'Owner' });
		await client.createApiKey('e2e');
		return true;
	});
	if (!authed) return;

	const nodeTypes = declaredNodeTypes();
	await results.check(`setup: n8n loaded the ${nodeTypes.length} nodes package.json declares (${nodeTypes.join(', ')})`, async () => {
		// n8n answers with the descriptions, whose `name` is the bare node name
		const missingIn = (answer) => {
			const found = (answer.json?.data ?? []).map((type) => type.name);
			return nodeTypes.filter((name) => !found.includes(name) && !found.includes(`${PACKAGE_NAME}.${name}`));
		};
		// Asked until n8n answers with every node: on a machine at a load average of 15 a first request was seen to
		// break off ("fetch failed") although n8n had loaded them all. A node n8n did not load fails after the bound.
		await waitFor(
			() => client.rest('POST', '/node-types', { nodeInfos: nodeTypes.map((name) => ({ name: `${PACKAGE_NAME}.${name}`, version: 1 })) }),
			(answer) => answer.status === 200 && missingIn(answer).length === 0,
			{ timeoutMs: 60000, intervalMs: 1000, what: `n8n did not list every node (POST /rest/node-types, missing unless said otherwise: ${nodeTypes.join(', ')})` },
		);
	});

	for (const spec of specs.filter((candidate) => !only || only.includes(candidate.id))) {
		const extras = await platformExtras(spec);
		const ctx = { client, results, log, n8n };
		const t = Date.now();
		log(`--- ${spec.name}`);
		await guarded(`${spec.id}: shared suite ran to the end`, () => runPlatformSuite(ctx, spec, extras.extraCases));
		if (extras.run) await guarded(`${spec.id}: own suite ran to the end`, () => extras.run(ctx, spec));
		log(`${spec.name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}
	if (!only || only.includes('recipes')) {
		const t = Date.now();
		log('--- recipes');
		await guarded('recipes: suite ran to the end', () => runRecipeSuite({ client, results, log }));
		log(`recipes took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}
	if (!only || only.includes('editor')) {
		const t = Date.now();
		log('--- editor');
		await guarded('editor: suite ran to the end', () => runEditorSuite({ client, results, log, n8n, login }));
		log(`editor took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}

	const restartSpec = specs.find((candidate) => candidate.id === 'mythicdot');
	if (restartSpec && (!only || only.includes('restart'))) {
		log('--- restart');
		const restart = async () => {
			await noExecutionRunning(client);
			await n8n.stop();
			n8n = start();
			await waitUntilReady(n8n, { log });
		};
		await guarded('restart: suite ran to the end', () => runRestartSuite({ client, results, log, n8n }, restartSpec, restart));
	}

	if (!only || only.includes('queue')) {
		log('--- queue mode');
		// The regular-mode n8n is done: stopped first, so the queue-mode processes have the machine.
		await noExecutionRunning(client).catch((error) => log(`before stopping n8n: ${error.message}`));
		await n8n.stop();
		n8n = undefined;
		const t = Date.now();
		await guarded('queue mode: suite ran to the end', () =>
			runQueueSuite({ results, log }, { runtime, tmp, tarball, specs }, (started) => {
				cluster = started;
			}),
		);
		await disposeCluster();
		log(`queue mode took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}
}

/** Stops the queue-mode processes, drops their database and removes their Redis keys. Runs once. */
async function disposeCluster() {
	const disposing = cluster;
	cluster = undefined;
	if (!disposing) return;
	const notes = await disposing.dispose().catch((error) => [`queue-mode clean-up failed: ${error.message}`]);
	for (const note of notes) log(note);
}

/** A suite that throws past its own cases is one failure; the next suites still run. */
async function guarded(name, fn) {
	try {
		await fn();
	} catch (error) {
		results.record(name, [error.stack ?? error.message]);
	}
}

/** Resolves once n8n reports no execution new or running, on any workflow. */
async function noExecutionRunning(api) {
	const unfinished = async (status) => (await api.api('GET', `/executions?status=${status}&limit=1`)).data.length;
	await waitFor(async () => (await unfinished('running')) + (await unfinished('new')), (count) => count === 0, {
		timeoutMs: 30000,
		what: 'executions still running',
	});
}

function removeTemp() {
	if (tmp && !process.env.E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
}

/** Stops n8n, prints the log tail on failure, removes the temp folder, the summary line last, and exits. Runs once. */
function finish(fatal) {
	finishing ??= (async () => {
		if (fatal) results.record('suite', [fatal]);
		await disposeCluster();
		await n8n1x?.stop().catch(() => {});
		if (n8n) {
			// n8n's shutdown waits for running executions and crashes loudly after its grace period: let them end first.
			if (client?.apiKey && !fatal) await noExecutionRunning(client).catch((error) => log(`before stopping n8n: ${error.message}`));
			await n8n.stop().catch(() => {});
		}
		const failed = results.failed > 0;
		if (failed && n8n) {
			// without the stack traces of n8n's calls to api.n8n.io, which the closed network makes fail
			const noise = /^\s+at |api\.n8n\.io|Strapi API|A system task run failed|^\s*$/;
			const lines = n8n.logTail(400).split('\n').filter((line) => !noise.test(line));
			log(`last lines of ${n8n.logFile} (network noise left out):`);
			for (const line of lines.slice(-60)) log(`  ${line}`);
		}
		removeTemp();
		if (tmp && process.env.E2E_KEEP) log(`kept ${tmp}`);
		log(`${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
		console.log(`${results.passed} passed, ${results.failed} failed`);
		process.exit(failed ? 1 : 0);
	})();
	return finishing;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => finish(`interrupted by ${signal}`));
// Last resort on any exit path (an uncaught error, a second Ctrl-C): nothing of the run stays behind.
process.on('exit', () => {
	n8n?.killNow();
	n8n1x?.killNow();
	cluster?.killNow();
	removeTemp();
});

main().then(
	() => finish(),
	(error) => finish(error.stack ?? error.message),
);
