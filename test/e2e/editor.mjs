// The editor as an n8n user meets it, in Debian's chromium (scripts/lib/editor.mjs): the node creator finds the
// triggers by what they are for, the panel's Docs link leads to the README, a refused test delivery shows its reason
// in the panel, and an imported recipe runs its whole pipeline with its pinned sample event. Loopback only.
import { createRequire } from 'node:module';

import { executeWorkflow, launchBrowser, openEditor, openTriggerPanel, searchNodeCreator, startListening } from '../../scripts/lib/editor.mjs';
import { activate, createCredential, createTriggerWorkflow, deactivate, deliver, differs, listExecutions, settledExecutions, waitFor } from './lib/harness.mjs';
import { importRecipe } from './lib/recipes.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
const { startHttpSink } = require('../support/httpSink.js');
const { startSegmindApi } = require('../support/segmindApiServer.js');

/** @param ctx {client, results, log, login: {email, password}} */
export async function runEditorSuite(ctx) {
	const { client, results, log } = ctx;
	const name = (text) => `editor: ${text}`;
	let browser;
	const ready = await results.check(name("Debian's chromium starts (playwright-core)"), async () => {
		browser = await launchBrowser();
		return true;
	});
	if (!ready) return;
	try {
		const page = await openEditor(browser, client.baseUrl, ctx.login);
		log('editor: logged in');

		await results.check(name('the node creator finds the fine-tuning triggers by "fine-tuning", the labeling ones by "labeling"'), async () => {
			for (const [query, expected] of [['fine-tuning', ['MythicDot.AI', 'Segmind', 'Replicate']], ['labeling', ['Segments.ai', 'Datasaur']]]) {
				const found = await searchNodeCreator(page, client.baseUrl, query, expected);
				if (!expected.every((node) => found.includes(node))) throw new Error(`"${query}" listed ${JSON.stringify(found)}, expected ${expected.join(' and ')}`);
			}
		});

		const spec = specs.find((candidate) => candidate.id === 'segmentsai');
		const secret = spec.newSecret();
		const credential = await createCredential(client, { name: 'editor e2e', type: spec.credentialType, data: spec.credential(secret) });
		const workflow = await createTriggerWorkflow(client, {
			name: 'editor e2e: test a trigger',
			nodeName: spec.nodeName,
			displayName: spec.displayName,
			credentialType: spec.credentialType,
			credential,
			parameters: { events: ['*'], deliveryOptions: {} },
		});
		const panel = await openTriggerPanel(page, client.baseUrl, workflow.id);

		await results.check(name("the panel's Docs link opens the platform's section of the README"), async () => {
			const href = await panel.getByRole('link', { name: /docs/i }).first().getAttribute('href');
			if (href !== 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#segmentsai') throw new Error(`Docs links to ${href}`);
		});

		await results.check(name('a test delivery signed with a wrong secret is answered 401 and shows its reason in the panel'), async () => {
			await startListening(page, workflow.id);
			await panel.getByText(/To test: open Webhook URLs/).waitFor(); // the guidance stays visible while listening
			const body = JSON.stringify(spec.fixtures['dataset.created']);
			const proof = spec.sign(body, spec.newSecret(), { id: 'msg_editor_wrong_secret', date: new Date() });
			const answer = await deliver(workflow.url.replace('/webhook/', '/webhook-test/'), body, proof.headers);
			if (answer.status !== 401) throw new Error(`the Test URL answered ${answer.status} ${answer.text.slice(0, 200)}`);
			// In the panel's output; n8n's toast repeats the first line.
			await panel.getByText('Test delivery refused: no_matching_signature').first().waitFor();
			await panel.getByText(/the signing secret in the credential is not the one this endpoint uses/).first().waitFor();
			// The refusal ran as a test execution, failed at the trigger; nothing else ran.
			const [execution] = await settledExecutions(client, workflow.id);
			if (execution?.mode !== 'manual' || execution.status !== 'error') {
				throw new Error(`execution ${JSON.stringify({ mode: execution?.mode, status: execution?.status })}`);
			}
		});

		await results.check(name('a recipe imported with its pinned sample event runs its whole pipeline through Execute workflow'), async () => {
			// Polyaxon's recipe pins a failed run: Execute workflow sends its alert, here to a loopback sink.
			const sink = await startHttpSink();
			try {
				const polyaxon = specs.find((candidate) => candidate.id === 'polyaxon');
				const imported = await importRecipe(client, polyaxon, { sinkUrl: sink.baseUrl, name: 'recipe (editor e2e)' });
				await page.goto(`${client.baseUrl}/workflow/${imported.id}`);
				await executeWorkflow(page);
				await settledExecutions(client, imported.id);
				const [execution] = await listExecutions(client, imported.id);
				const alert = sink.requests.find((call) => call.path === '/alertSlackWebhookUrl')?.body?.text ?? '';
				if (execution?.status !== 'success' || sink.requests.length !== 1 || !/mnist-job-10\* failed .*\nReason: PodFailed/s.test(alert)) {
					throw new Error(`execution ${execution?.status}, the sink got ${JSON.stringify(sink.requests.map((call) => [call.path, call.body]))?.slice(0, 300)}`);
				}
			} finally {
				await sink.close();
			}
		});

		await results.check(name('Segmind, Automatic: testing a published workflow registers the Test URL beside it, Stop Listening removes only that'), async () => {
			const segmind = specs.find((candidate) => candidate.id === 'segmind');
			const api = await startSegmindApi({ apiKey: 'SG_editor_e2e' });
			try {
				const key = await createCredential(client, { name: 'segmind editor e2e', type: segmind.credentialType, data: { apiKey: 'SG_editor_e2e', baseUrl: api.baseUrl, webhookToken: '' } });
				const published = await createTriggerWorkflow(client, {
					name: 'editor e2e: Segmind',
					nodeName: segmind.nodeName,
					displayName: segmind.displayName,
					credentialType: segmind.credentialType,
					credential: key,
					parameters: { registration: 'automatic', events: ['GRAPH_RUN'], deliveryOptions: {} },
				});
				const hookAt = (prefix) => [...api.webhooks.values()].find((hook) => hook.webhook_url.startsWith(`${prefix}?`));
				await activate(client, published, { until: () => hookAt(published.url) });
				const production = hookAt(published.url);
				const segmindPanel = await openTriggerPanel(page, client.baseUrl, published.id);
				await startListening(page, published.id);
				const testHook = hookAt(published.url.replace('/webhook/', '/webhook-test/'));
				if (testHook?.status !== 'active' || differs('categories', testHook.event_types, ['PIXELFLOW'])) {
					throw new Error(`the Test URL's registration at Segmind: ${JSON.stringify(testHook)}`);
				}
				await segmindPanel.getByRole('button', { name: /stop listening/i }).first().click();
				await waitFor(async () => testHook.status, (status) => status === 'inactive', { timeoutMs: 15000, what: 'the Test URL removed from Segmind' });
				if (production.status !== 'active' || api.webhooks.size !== 2) throw new Error(`Segmind holds ${JSON.stringify([...api.webhooks.values()])}`);
				await deactivate(client, published);
			} finally {
				await api.close();
			}
		});
	} finally {
		await browser.close();
	}
}
