// The editor as an n8n user meets it, in Debian's chromium (scripts/lib/editor.mjs): the node creator finds the
// triggers by what they are for, the panel's Docs link leads to the README, a refused test delivery shows its reason
// in the panel, and an imported recipe runs its whole pipeline with its pinned sample event. Loopback only.
import { createRequire } from 'node:module';

import { executeWorkflow, launchBrowser, openEditor, openTriggerPanel, searchNodeCreator, startListening } from '../../scripts/lib/editor.mjs';
import { createCredential, createTriggerWorkflow, deliver, listExecutions, settledExecutions } from './lib/harness.mjs';
import { platformExtras } from './lib/extras.mjs';
import { judged } from './lib/recipeCases.mjs';
import { importRecipe } from './lib/recipes.mjs';
import { REPO_ROOT } from '../../scripts/lib/runtime.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
const { startHttpSink } = require('../support/httpSink.js');
/** The panel's words for a refusal, as built into dist/ (read when used: the suite builds dist/ in its setup). */
const rejectionMessage = (reason) => require(`${REPO_ROOT}/dist/nodes/common/rejectionMessages.js`).rejectionMessages[reason];
const packageJson = require(`${REPO_ROOT}/package.json`);

/** Each word the specs search by, with the names (as the node creator lists them) of the triggers that name it. */
function wordsToTriggers() {
	const words = [...new Set(specs.flatMap((spec) => spec.searchWords))];
	return words.map((word) => [word, specs.filter((spec) => spec.searchWords.includes(word)).map((spec) => spec.displayName.replace(/ Trigger$/, ''))]);
}

/** The node's description as built into dist/ (what n8n loads). */
function builtDescription(spec) {
	for (const file of packageJson.n8n.nodes) {
		for (const Type of Object.values(require(`${REPO_ROOT}/${file}`))) {
			const description = typeof Type === 'function' ? new Type().description : undefined;
			if (description?.name === spec.nodeName) return description;
		}
	}
	throw new Error(`package.json declares no node ${spec.nodeName}`);
}

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

		await results.check(name('the node creator finds each trigger by the words of its kind of platform (the specs\' searchWords)'), async () => {
			for (const [query, expected] of wordsToTriggers()) {
				const found = await searchNodeCreator(page, client.baseUrl, query, expected);
				if (!expected.every((node) => found.includes(node))) throw new Error(`"${query}" listed ${JSON.stringify(found)}, expected ${expected.join(' and ')}`);
			}
		});

		const spec = specs.find((candidate) => candidate.showcase !== undefined);
		const secret = spec.newSecret();
		const credential = await createCredential(client, { name: 'editor e2e', type: spec.credentialType, data: spec.credential(secret) });
		const workflow = await createTriggerWorkflow(client, {
			name: 'editor e2e: test a trigger',
			nodeName: spec.nodeName,
			displayName: spec.displayName,
			credentialType: spec.credentialType,
			credential,
			parameters: { ...spec.baseParameters, events: ['*'], deliveryOptions: {} },
		});
		const panel = await openTriggerPanel(page, client.baseUrl, workflow.id);

		await results.check(name("the panel's Docs link opens the platform's section of the README"), async () => {
			const href = await panel.getByRole('link', { name: /docs/i }).first().getAttribute('href');
			const documented = builtDescription(spec).documentationUrl;
			if (!/#[a-z0-9-]+$/.test(href ?? '') || href !== documented) throw new Error(`Docs links to ${href}, the node declares ${documented}`);
		});

		await results.check(name('a test delivery signed with a wrong secret is answered 401 and shows its reason in the panel'), async () => {
			await startListening(page, workflow.id);
			await panel.getByText(/To test:/).first().waitFor(); // the guidance stays visible while listening
			const body = JSON.stringify(spec.fixtures[spec.showcase.event]);
			const proof = spec.sign(body, spec.newSecret(), { id: 'msg_editor_wrong_secret', date: new Date() });
			const answer = await deliver(workflow.url.replace('/webhook/', '/webhook-test/'), body, proof.headers);
			if (answer.status !== 401) throw new Error(`the Test URL answered ${answer.status} ${answer.text.slice(0, 200)}`);
			// In the panel's output; n8n's toast repeats the first line.
			await panel.getByText(`Test delivery refused: ${spec.reasons.wrong}`).first().waitFor();
			await panel.getByText(rejectionMessage(spec.reasons.wrong)).first().waitFor();
			// The refusal ran as a test execution, failed at the trigger; nothing else ran.
			const [execution] = await settledExecutions(client, workflow.id);
			if (execution?.mode !== 'manual' || execution.status !== 'error') {
				throw new Error(`execution ${JSON.stringify({ mode: execution?.mode, status: execution?.status })}`);
			}
		});

		for (const pinnedSpec of specs.filter((candidate) => candidate.recipe.pinnedRun !== undefined)) {
			await results.check(name(`${pinnedSpec.name}'s recipe imported with its pinned sample event runs its whole pipeline through Execute workflow`), async () => {
				const sink = await startHttpSink();
				try {
					const imported = await importRecipe(client, pinnedSpec, { sinkUrl: sink.baseUrl, name: `${pinnedSpec.id} recipe (editor e2e)` });
					await page.goto(`${client.baseUrl}/workflow/${imported.id}`);
					await executeWorkflow(page);
					await settledExecutions(client, imported.id);
					const [execution] = await listExecutions(client, imported.id);
					const problems = judged(sink.requests, pinnedSpec.recipe.pinnedRun).filter(Boolean);
					if (execution?.status !== 'success' || problems.length > 0) {
						throw new Error(`execution ${execution?.status}; ${problems.join('; ')}`);
					}
				} finally {
					await sink.close();
				}
			});
		}

		for (const extraSpec of specs) {
			const extras = await platformExtras(extraSpec);
			if (extras.editorCases) await extras.editorCases(ctx, page, extraSpec);
		}
	} finally {
		await browser.close();
	}
}
