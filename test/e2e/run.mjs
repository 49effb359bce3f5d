#!/usr/bin/env node
// `npm run test:e2e`: this package in a real n8n (the pinned runtime), installed as a community package, driven over
// HTTP on 127.0.0.1 only. Prints `ok   <case>` / `FAIL <case>: <why>` per case, progress as `# …` lines, and ends
// with `N passed, N failed` (exit 1 if any failed). Each platform is a file in platforms/ exporting {name, run(ctx)}.
//
// Environment: E2E_PLATFORMS=mythicdot,datasaur runs only those files; E2E_KEEP=1 keeps the temp folder (user
// folder + n8n.log); E2E_TIMEOUT_SECONDS (default 900) bounds the run after the runtime is installed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildAndPack, findFreePort, installPackage, N8nClient, PACKAGE_NAME, startN8n, waitUntilReady } from '../../scripts/lib/n8n.mjs';
import { ensureRuntime } from '../../scripts/lib/runtime.mjs';
import { Results } from './lib/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line) => console.log(`# ${line}`);
const results = new Results();
const startedAt = Date.now();
let n8n;
let tmp;
let finishing;

const NODE_TYPES = ['mythicDotTrigger', 'segmentsAiTrigger', 'datasaurTrigger', 'segmindTrigger', 'polyaxonTrigger'];

async function main() {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	log(`temp folder ${tmp}`);
	const runtime = await ensureRuntime({ log });
	const watchdogSeconds = Number(process.env.E2E_TIMEOUT_SECONDS ?? 900);
	setTimeout(() => finish(`the suite ran longer than ${watchdogSeconds} s`), watchdogSeconds * 1000).unref();

	const userFolder = path.join(tmp, 'user');
	const ready = await results.check('setup: package built, packed and installed into <user folder>/.n8n/nodes', async () => {
		const tarball = await buildAndPack({ destination: tmp, log });
		await installPackage({ userFolder, tarball, log });
		return true;
	});
	if (!ready) return;

	const port = await findFreePort();
	let brokerPort = await findFreePort();
	while (brokerPort === port) brokerPort = await findFreePort();
	n8n = startN8n({ runtime, userFolder, port, brokerPort, logFile: path.join(tmp, 'n8n.log') });
	log(`n8n ${n8n.baseUrl} (task broker ${brokerPort}), log ${n8n.logFile}`);
	const t0 = Date.now();
	const up = await results.check('setup: n8n starts and answers /healthz and /rest/settings', async () => {
		await waitUntilReady(n8n, { log });
		log(`n8n ready in ${Math.round((Date.now() - t0) / 1000)} s`);
		return true;
	});
	if (!up) return;

	const client = new N8nClient(n8n.baseUrl);
	const authed = await results.check('setup: owner account and an API key with every scope', async () => {
		await client.setupOwner({ email: 'e2e@example.com', password: 'E2e-password-1', firstName: 'E2E', lastName: 'Owner' });
		await client.createApiKey('e2e');
		return true;
	});
	if (!authed) return;

	await results.check(`setup: n8n loaded ${NODE_TYPES.map((name) => `${PACKAGE_NAME}.${name}`).join(', ')}`, async () => {
		const answer = await client.rest('POST', '/node-types', {
			nodeInfos: NODE_TYPES.map((name) => ({ name: `${PACKAGE_NAME}.${name}`, version: 1 })),
		});
		// n8n answers with the descriptions, whose `name` is the bare node name
		const found = (answer.json?.data ?? []).map((type) => type.name);
		const missing = NODE_TYPES.filter((name) => !found.includes(name) && !found.includes(`${PACKAGE_NAME}.${name}`));
		if (answer.status !== 200 || missing.length > 0) {
			throw new Error(`POST /rest/node-types -> ${answer.status}, missing ${missing.join(', ') || '-'}`);
		}
	});

	const only = process.env.E2E_PLATFORMS?.split(',').map((name) => name.trim()).filter(Boolean);
	const files = readdirSync(path.join(here, 'platforms'))
		.filter((file) => file.endsWith('.mjs'))
		.filter((file) => !only || only.includes(path.basename(file, '.mjs')))
		.sort();
	for (const file of files) {
		const platform = (await import(pathToFileURL(path.join(here, 'platforms', file)).href)).default;
		const t = Date.now();
		log(`--- ${platform.name} (${file})`);
		try {
			await platform.run({ client, results, log, n8n });
		} catch (error) {
			results.record(`${path.basename(file, '.mjs')}: suite ran to the end`, [error.stack ?? error.message]);
		}
		log(`${platform.name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}
}

/** Stops n8n, prints the log tail on failure, the summary line last, and exits. Runs once. */
function finish(fatal) {
	finishing ??= (async () => {
		if (fatal) results.record('suite', [fatal]);
		if (n8n) await n8n.stop().catch(() => {});
		const failed = results.failed > 0;
		if (failed && n8n) {
			// without the stack traces of n8n's calls to api.n8n.io, which the closed network makes fail
			const noise = /^\s+at |api\.n8n\.io|Strapi API|A system task run failed|^\s*$/;
			const lines = n8n.logTail(400).split('\n').filter((line) => !noise.test(line));
			log(`last lines of ${n8n.logFile} (network noise left out):`);
			for (const line of lines.slice(-60)) log(`  ${line}`);
		}
		if (tmp && !failed && !process.env.E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
		else if (tmp) log(`kept ${tmp}`);
		log(`${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
		console.log(`${results.passed} passed, ${results.failed} failed`);
		process.exit(failed ? 1 : 0);
	})();
	return finishing;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => finish(`interrupted by ${signal}`));
process.on('exit', () => n8n?.killNow());

main().then(
	() => finish(),
	(error) => finish(error.stack ?? error.message),
);
