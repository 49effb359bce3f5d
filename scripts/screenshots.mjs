#!/usr/bin/env node
// `npm run screenshots`: the README's pictures of the real editor, taken again. Starts a throw-away n8n (the pinned
// runtime, this package installed as a community package, loopback only), drives its editor in Debian's chromium
// (scripts/lib/editor.mjs) and writes docs/images/*.png. Needs `apt-get install chromium`; the temp folder and n8n
// are removed on every path.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { launchBrowser, openEditor, openTriggerPanel, searchNodeCreator, startListening } from './lib/editor.mjs';
import { exampleWorkflows, importable, withCredential } from './lib/examples.mjs';
import { buildAndPack, findFreePort, installPackage, N8nClient, request, startN8n, waitUntilReady } from './lib/n8n.mjs';
import { ensureRuntime, REPO_ROOT } from './lib/runtime.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../test/platforms/index.js');
const OUT = path.join(REPO_ROOT, 'docs', 'images');
const log = (line) => console.log(`[screenshots] ${line}`);
const login = { email: 'screenshots@example.com', password: 'Screenshots-1' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshots-'));
let n8n;
let browser;

async function main() {
	const runtime = await ensureRuntime({ log });
	const userFolder = path.join(tmp, 'user');
	await installPackage({ userFolder, tarball: await buildAndPack({ destination: tmp, log }), log });
	const port = await findFreePort();
	let brokerPort = await findFreePort();
	while (brokerPort === port) brokerPort = await findFreePort();
	n8n = startN8n({ runtime, userFolder, port, brokerPort, logFile: path.join(tmp, 'n8n.log') });
	await waitUntilReady(n8n, { log });
	const client = new N8nClient(n8n.baseUrl);
	await client.setupOwner({ ...login, firstName: 'Ada', lastName: 'Owner' });
	await client.createApiKey('screenshots');
	mkdirSync(OUT, { recursive: true });
	const shot = async (page, name) => {
		await page.screenshot({ path: path.join(OUT, `${name}.png`) });
		log(`docs/images/${name}.png`);
	};

	// Every recipe with its trigger's credential filled in, as a user has it after import (Segmind's credential also
	// serves its smoke test). One canvas picture each; the Segments.ai one also for the panels below.
	const imported = {};
	for (const { file, workflow: example } of exampleWorkflows()) {
		const trigger = example.nodes.find((node) => node.webhookId);
		const spec = specs.find((candidate) => trigger.type.endsWith(`.${candidate.nodeName}`));
		const credential = await client.api('POST', '/credentials', { name: `${spec.name} account`, type: spec.credentialType, data: spec.credential(spec.newSecret()) });
		const created = await client.api('POST', '/workflows', importable(withCredential(example, spec.credentialType, credential)));
		imported[spec.id] = { id: created.id, file, trigger, spec };
	}
	const segments = imported.segmentsai;

	browser = await launchBrowser();
	const page = await openEditor(browser, n8n.baseUrl, login);

	await searchNodeCreator(page, n8n.baseUrl, 'fine-tuning', ['MythicDot.AI', 'Segmind', 'Replicate']);
	await shot(page, 'node-creator-fine-tuning');

	// Each recipe's whole canvas, as it opens (n8n fits the workflow into the view).
	for (const { id, file } of Object.values(imported)) {
		await page.goto(`${n8n.baseUrl}/workflow/${id}`);
		await page.getByTestId('canvas-node').filter({ hasText: 'Settings' }).first().waitFor();
		await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running')); // the canvas fades in
		await shot(page, `recipe-${file.replace('.workflow.json', '')}`);
	}

	// The next node's input: the pinned sample event, typed fields first, shown before anything runs.
	await page.goto(`${n8n.baseUrl}/workflow/${segments.id}`);
	await page.getByTestId('canvas-node').filter({ hasText: 'Settings' }).first().dblclick();
	await page.getByTestId('ndv').getByText('datasetOwner').first().waitFor();
	await shot(page, 'typed-item');

	// The trigger's panel with its pinned sample event; unpinned, a test delivery signed with another secret is
	// refused and shown with its reason.
	const panel = await openTriggerPanel(page, n8n.baseUrl, segments.id);
	await panel.getByText('Webhook URLs', { exact: true }).click();
	await shot(page, 'trigger-panel');
	await panel.getByText('Unpin', { exact: true }).first().click();
	await startListening(page, segments.id);
	const body = JSON.stringify(segments.spec.fixtures['dataset.created']);
	const proof = segments.spec.sign(body, segments.spec.newSecret(), { id: 'msg_screenshot', date: new Date() });
	const answer = await request(`${n8n.baseUrl}/webhook-test/${segments.trigger.webhookId}/webhook`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...proof.headers },
		body,
	});
	log(`wrong-secret test delivery answered ${answer.status}`);
	await panel.getByText('Test delivery refused: no_matching_signature').first().waitFor();
	await page.getByText(/^Problem in node/).first().waitFor(); // n8n's toast, in the picture whole
	await shot(page, 'test-delivery-refused');
}

async function cleanUp() {
	await browser?.close().catch(() => {});
	await n8n?.stop().catch(() => {});
	rmSync(tmp, { recursive: true, force: true });
}

// n8n runs in its own process group: it must not outlive this script, whatever ends it.
process.on('exit', () => n8n?.killNow());
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => cleanUp().then(() => process.exit(130)));
}

main().then(
	async () => {
		await cleanUp();
		log('done');
	},
	async (error) => {
		console.error(`[screenshots] ${error.stack ?? error.message}`);
		if (n8n) console.error(n8n.logTail(40));
		await cleanUp();
		process.exit(1);
	},
);
