// Driving n8n's editor as a user does, in Debian's chromium through playwright-core: log in, search the node creator,
// open a node's panel, test a trigger, run a workflow. Used by the editor cases of `npm run test:e2e` and by
// `npm run screenshots`. Every wait is on something the page or n8n shows, bounded only to stop a hung run.
import { accessSync, constants } from 'node:fs';

import { chromium, selectors } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Only there to stop a hung run: on a 2-core machine shared with other real-n8n suites (load average about 20) the
// editor took more than 30 s to load a workflow page.
const TIMEOUT_MS = 90000;

/** n8n's editor marks its elements with data-test-id. */
selectors.setTestIdAttribute('data-test-id');

/** Debian's chromium, headless; a missing one is an error that says how to install it, never a skipped test. */
export async function launchBrowser() {
	try {
		accessSync(CHROMIUM, constants.X_OK);
	} catch {
		throw new Error(
			`No chromium at ${CHROMIUM}: the editor tests and screenshots drive Debian's chromium. ` +
				'Install it with `apt-get install chromium` (or point CHROMIUM_PATH at a Chromium or Chrome binary).',
		);
	}
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
}

/** A logged-in editor page on `baseUrl`; `timeoutMs` bounds each wait on the page. */
export async function openEditor(browser, baseUrl, { email, password }, { timeoutMs = TIMEOUT_MS } = {}) {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(timeoutMs);
	page.setDefaultNavigationTimeout(timeoutMs);
	// n8n 1.x's editor page never fires `load` here (closed network); the fields below are what the user waits for.
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	// n8n 1.x's sign-in labels point at ids its inputs do not carry: the inputs' names find them in both majors.
	await page.getByLabel(/email/i).or(page.locator('input[name="emailOrLdapLoginId"]')).first().fill(email);
	await page.getByLabel(/password/i).or(page.locator('input[name="password"]')).first().fill(password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	return page;
}

/**
 * Opens the node creator on an empty workflow and searches; resolves to the names it lists once every `expected` name
 * is among them, or after `timeoutMs` (the caller judges the list).
 */
export async function searchNodeCreator(page, baseUrl, query, expected = [], timeoutMs = 10000) {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(query);
	const items = page.getByTestId('node-creator-item-name');
	try {
		for (const name of expected) await items.getByText(name, { exact: true }).first().waitFor({ timeout: timeoutMs });
	} catch {
		// judged by the caller, on the list as it stands
	}
	return await items.allInnerTexts();
}

/** Opens a saved workflow and the panel (NDV) of its trigger. */
export async function openTriggerPanel(page, baseUrl, workflowId) {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await page.getByTestId('canvas-trigger-node').first().dblclick();
	await page.getByTestId('ndv').waitFor();
	return page.getByTestId('ndv');
}

/**
 * Clicks "Test this trigger" in an open panel and resolves once n8n has registered the Test URL: the editor's run
 * request has been answered (n8n answers it after the node's webhook methods ran, test-webhooks.js needsWebhook).
 */
export async function startListening(page, workflowId) {
	const [response] = await Promise.all([
		page.waitForResponse((answer) => answer.request().method() === 'POST' && answer.url().includes(`/rest/workflows/${workflowId}/run`)),
		page.getByRole('button', { name: /test this trigger/i }).first().click(),
	]);
	if (!response.ok()) throw new Error(`n8n did not start listening: ${response.status()} ${(await response.text()).slice(0, 300)}`);
	await page.getByText('Listening for test event').waitFor();
}

/** Clicks "Execute workflow" on the canvas and resolves once n8n reports the run finished (the button is back). */
export async function executeWorkflow(page) {
	const button = page.getByTestId('execute-workflow-button');
	await button.click();
	await page.getByText(/workflow executed successfully|problem in node/i).first().waitFor();
}
