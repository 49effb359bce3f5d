// n8n 1.x's editor, where a trigger's output schema is a preview (the pinned 1.x runtime, scripts/runtime-1.x/): the
// same tarball installed into a 1.x instance of its own, and for every platform spec a fresh workflow (its trigger
// followed by a No Operation node, never run) whose second node's input panel offers the trigger's typed fields
// before any event. n8n 1.x serves `<node dir>/__schema__/v1.0.0.json` (written by scripts/build-schemas.mjs) at
// `/schemas/<node>/1.0.0.json`; its editor asks for it when the previous node has no data (VirtualSchema,
// getSchemaPreview), and has no trigger check there (2.x refuses previews for triggers). Loopback only.
//
// With E2E_PICTURES=1 the MythicDot.AI panel is also written to docs/images/schema-preview-1x.png for the README.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { launchBrowser, openEditor } from '../../scripts/lib/editor.mjs';
import { schemaTargets } from '../../scripts/lib/outputSchemas.mjs';
import { findFreePort, installPackage, N8nClient, PACKAGE_NAME, request, startN8n, waitUntilReady } from '../../scripts/lib/n8n.mjs';
import { REPO_ROOT } from '../../scripts/lib/runtime.mjs';
import { createTriggerWorkflow } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
/** A 1.x editor's first load under a machine busy with other suites takes a while: bounds, not expectations. */
const PAGE_TIMEOUT_MS = 180000;
const login = { email: 'e2e-1x@example.com', password: 'E2e-password-1x' };

/** The schema the build wrote for a node at version 1 (what the tarball carries), parsed. */
function builtSchema(spec) {
	const target = schemaTargets().find((candidate) => candidate.names.includes(spec.nodeName));
	return JSON.parse(readFileSync(path.join(REPO_ROOT, target.schemaDir, 'v1.0.0.json'), 'utf8'));
}

/**
 * @param ctx {results, log}
 * @param setup {runtime: the 1.x runtime's paths, tmp, tarball}
 * @param onStarted called with the n8n handle once started, so the runner can stop it on any exit path
 */
export async function runEditor1xSuite({ results, log }, { runtime, tmp, tarball }, onStarted) {
	const name = (text) => `editor-1x: ${text}`;
	const userFolder = path.join(tmp, 'user-1x');
	let n8n;
	let browser;
	try {
		const client = await results.check(name(`n8n ${runtime.n8nVersion} starts with the package installed, owner and API key set up`), async () => {
			await installPackage({ userFolder, tarball, log });
			const port = await findFreePort();
			let brokerPort = await findFreePort();
			while (brokerPort === port) brokerPort = await findFreePort();
			n8n = startN8n({ runtime, userFolder, port, brokerPort, logFile: path.join(tmp, 'n8n-1x.log') });
			onStarted(n8n);
			await waitUntilReady(n8n, { log, timeoutMs: PAGE_TIMEOUT_MS * 2 }); // migrations on a busy machine
			const started = new N8nClient(n8n.baseUrl);
			await started.setupOwner({ ...login, firstName: 'E2E', lastName: 'Owner' });
			await started.createApiKey('e2e-1x');
			return started;
		});
		if (!client) return;

		const workflows = new Map();
		await results.check(name('n8n serves every trigger\'s built output schema at /schemas/<node>/1.0.0.json'), async () => {
			for (const spec of specs) {
				const url = `${n8n.baseUrl}/schemas/${PACKAGE_NAME}.${spec.nodeName}/1.0.0.json`;
				const answer = await request(url, { timeoutMs: 60000 }).catch((error) => {
					throw new Error(`GET ${url}: ${error.cause?.code ?? error.message}`);
				});
				if (answer.status !== 200 || JSON.stringify(answer.json) !== JSON.stringify(builtSchema(spec))) {
					throw new Error(`${spec.nodeName}: ${answer.status} ${answer.text.slice(0, 200)}`);
				}
				// n8n 1.x adds domain-restriction fields to credential types with `authenticate` (load-nodes-and-credentials.js,
				// injectDomainRestrictionFields) and its public API then requires `allowedDomains`: saved as the editor saves it.
				const saved = await client.rest('POST', '/credentials', { name: `${spec.name} 1.x`, type: spec.credentialType, data: spec.credential(spec.newSecret()) });
				if (saved.status !== 200) throw new Error(`POST /rest/credentials (${spec.credentialType}) -> ${saved.status} ${saved.text.slice(0, 300)}`);
				const credential = { id: saved.json.data.id, name: saved.json.data.name };
				const workflow = await createTriggerWorkflow(client, {
					name: `editor 1.x: ${spec.name} fields before the first event`,
					nodeName: spec.nodeName,
					displayName: spec.displayName,
					credentialType: spec.credentialType,
					credential,
					parameters: { ...spec.baseParameters, events: ['*'], deliveryOptions: {} },
				});
				workflows.set(spec.id, workflow);
			}
		});
		if (workflows.size !== specs.length) return;

		browser = await launchBrowser();
		const page = await openEditor(browser, n8n.baseUrl, login, { timeoutMs: PAGE_TIMEOUT_MS });
		for (const spec of specs) {
			// The fields of the first documented event: the envelope's, then its typed fields, in the schema's order.
			const [firstEvent] = Object.keys(spec.fixtures);
			const fields = ['platform', 'event', 'eventId', 'summary', ...Object.keys(spec.expected[firstEvent]).filter((key) => !['occurredAt', 'summary'].includes(key))];
			await results.check(name(`${spec.name}: a fresh workflow's next node offers ${fields.length} fields of the trigger before any event`), async () => {
				const workflow = workflows.get(spec.id);
				if (spec.id === 'mythicdot') await page.setViewportSize({ width: 1440, height: 900 });
				else await page.setViewportSize({ width: 1440, height: 2000 }); // the schema list renders only what is in view
				await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
				await page.getByTestId('canvas-node').filter({ hasText: 'No Operation' }).first().dblclick();
				const ndv = page.getByTestId('ndv');
				await ndv.getByText('Usually outputs the following fields').waitFor();
				await ndv.getByText(spec.displayName, { exact: true }).first().waitFor();
				await ndv.getByText('Preview', { exact: true }).first().waitFor();
				const missing = [];
				for (const field of fields) {
					if ((await ndv.getByText(field, { exact: true }).count()) === 0) missing.push(field);
				}
				if (missing.length > 0) throw new Error(`the input panel does not offer ${missing.join(', ')}`);
				const executions = await client.api('GET', `/executions?workflowId=${workflow.id}`);
				if (executions.data.length !== 0) throw new Error(`the workflow ran ${executions.data.length} time(s): the fields must come from the schema`);
				if (spec.id === 'mythicdot') {
					await page.screenshot({ path: path.join(tmp, 'schema-preview-1x.png') });
					if (process.env.E2E_PICTURES === '1') {
						await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'images', 'schema-preview-1x.png') });
						log('editor-1x: docs/images/schema-preview-1x.png written');
					}
				}
				await page.keyboard.press('Escape');
			});
		}
	} finally {
		await browser?.close().catch(() => {});
		await n8n?.stop().catch(() => {});
	}
}
