#!/usr/bin/env node
// `npm start`: this package in a real n8n on http://localhost:5678 (PORT or N8N_PORT to change), installed the way
// users install it (community package in <user folder>/.n8n/nodes), with an owner account and one unpublished example
// workflow per trigger (its pinned sample event included). The user folder persists in .n8n-dev/ (N8N_DEV_USER_FOLDER to change). Ctrl-C stops n8n.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	assertPortFree,
	buildAndPack,
	findFreePort,
	installPackage,
	N8nClient,
	startN8n,
	waitUntilReady,
} from './lib/n8n.mjs';
import { exampleWorkflows, importable } from './lib/examples.mjs';
import { ensureRuntime, REPO_ROOT } from './lib/runtime.mjs';

const log = (line) => console.log(`[start] ${line}`);
const port = Number(process.env.N8N_PORT || process.env.PORT || 5678);
const userFolder = path.resolve(process.env.N8N_DEV_USER_FOLDER || path.join(REPO_ROOT, '.n8n-dev'));
const loginFile = path.join(userFolder, 'login.json');
let n8n;
let stopping = false;

async function main() {
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
	await assertPortFree(port);

	const runtime = await ensureRuntime({ log });
	const tarball = await buildAndPack({ destination: userFolder, log });
	await installPackage({ userFolder, tarball, log });
	rmSync(tarball, { force: true });

	await assertPortFree(port); // again: the install may have taken minutes
	const brokerPort = await findFreePort();
	const logFile = path.join(userFolder, 'n8n.log');
	rmSync(logFile, { force: true });
	log(`Starting n8n on http://localhost:${port}/ (user folder ${userFolder}; log also in ${logFile})`);
	n8n = startN8n({ runtime, userFolder, port, brokerPort, logFile, echo: true });
	n8n.exit.then(({ code, signal }) => {
		if (stopping) return;
		log(`n8n exited on its own (${signal ?? `code ${code}`}); see ${logFile}`);
		process.exit(code || 1);
	});
	await waitUntilReady(n8n, { log, timeoutMs: 240000 });

	const client = new N8nClient(n8n.baseUrl);
	const login = await ownerLogin(client);
	const imported = login ? await importExamples(client, login) : [];
	const version = JSON.parse(readFileSync(path.join(runtime.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	banner(version, login, imported);
}

/** Creates the owner on first start (credentials saved in the user folder) or logs in with the saved ones. */
async function ownerLogin(client) {
	let saved = existsSync(loginFile) ? JSON.parse(readFileSync(loginFile, 'utf8')) : undefined;
	if (await client.needsOwner()) {
		saved = {
			email: 'dev@n8n-nodes-ml-webhooks.local',
			password: `Dev-${randomBytes(9).toString('base64url')}-9`,
		};
		await client.setupOwner({ ...saved, firstName: 'Dev', lastName: 'Owner' });
		writeFileSync(loginFile, JSON.stringify(saved, null, 2), { mode: 0o600 });
		log(`Created the owner account ${saved.email}`);
		return saved;
	}
	if (!saved) {
		log(`The owner exists but ${loginFile} does not: log in with your own account; examples not imported.`);
		return undefined;
	}
	try {
		await client.login(saved);
		return saved;
	} catch (error) {
		log(`Could not log in with ${loginFile} (${error.message}); examples not imported.`);
		return undefined;
	}
}

/** Imports examples/*.json as unpublished workflows, each only once (matched by name), with their pinned sample events. */
async function importExamples(client, login) {
	try {
		client.apiKey = login.apiKey ?? '';
		if (!client.apiKey || !(await apiKeyWorks(client))) {
			login.apiKey = await client.createApiKey(`npm start ${new Date().toISOString()}`);
			writeFileSync(loginFile, JSON.stringify(login, null, 2), { mode: 0o600 });
		}
		const lines = [];
		for (const { workflow } of exampleWorkflows()) {
			const existing = await client.api('GET', `/workflows?${new URLSearchParams({ name: workflow.name })}`);
			const trigger = workflow.nodes.find((node) => node.webhookId);
			const url = `http://localhost:${port}/webhook/${trigger.webhookId}/webhook`;
			if ((existing.data ?? []).some((found) => found.name === workflow.name)) {
				lines.push(`${workflow.name} (already there) -> ${url}`);
				continue;
			}
			await client.api('POST', '/workflows', importable(workflow));
			lines.push(`${workflow.name} (imported) -> ${url}`);
		}
		return lines;
	} catch (error) {
		log(`Importing the examples failed: ${error.message}`);
		return [];
	}
}

async function apiKeyWorks(client) {
	try {
		await client.api('GET', '/workflows?limit=1');
		return true;
	} catch {
		return false;
	}
}

function banner(version, login, examples) {
	const rule = '='.repeat(78);
	const lines = [
		rule,
		` n8n ${version} is running with n8n-nodes-ml-webhooks (built from ${REPO_ROOT})`,
		'',
		`   Editor:    http://localhost:${port}/`,
		...(login
			? [`   Email:     ${login.email}`, `   Password:  ${login.password}`, `              (saved in ${loginFile})`]
			: ['   Login:     your existing owner account']),
		'',
		...(examples.length > 0
			? [
					' Example workflows (unpublished; "Execute workflow" runs one with its pinned sample event, publishing one opens',
					' its production URL):',
					...examples.map((line) => `   ${line}`),
					'',
				]
			: []),
		' Ctrl-C stops n8n. Rebuilds need a restart: npm start again.',
		rule,
	];
	console.log(`\n${lines.join('\n')}\n`);
}

async function shutdown(signal) {
	if (stopping) {
		log('Stopping at once.');
		n8n?.killNow();
		process.exit(130);
	}
	stopping = true;
	if (!n8n) process.exit(130);
	log(`${signal}: stopping n8n (Ctrl-C again to kill it) …`);
	await n8n.stop();
	log('n8n stopped.');
	process.exit(0);
}

process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('exit', () => n8n?.killNow());

main().catch(async (error) => {
	console.error(`[start] ${error.message}`);
	if (n8n) {
		stopping = true;
		await n8n.stop();
	}
	process.exit(1);
});
