// The recipes (examples/*.workflow.json) doing their job in a real n8n: each is imported as `npm start` imports it,
// its Settings URLs pointed at a loopback sink standing in for Slack, the model API, the registry and the training
// API (test/support/httpSink.js), published, and sent signed deliveries; each case asserts what reached the sink —
// the message names the model, the run, the reason — and that nothing else did. Failure branches included.
// The cases are the specs' (`recipe.cases` in test/platforms/<id>.js); a platform whose recipe needs a stand-in for
// its API runs them from its own `recipe()` (test/e2e/platforms/<id>.mjs, see lib/extras.mjs).
import { createRequire } from 'node:module';

import { activate, createCredential, deactivate, deliver } from './lib/harness.mjs';
import { platformExtras } from './lib/extras.mjs';
import * as judgments from './lib/recipeCases.mjs';
import { importRecipe } from './lib/recipes.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../platforms/index.js');
const { startHttpSink } = require('../support/httpSink.js');

/** @param ctx {client, results, log} */
export async function runRecipeSuite(ctx) {
	const sink = await startHttpSink();
	const tools = { ...judgments, publishSigned };
	try {
		for (const spec of specs) {
			const t = Date.now();
			const extras = await platformExtras(spec);
			const run = extras.recipe ?? runSpecRecipe;
			await run({ ...ctx, sink }, spec, tools).catch((error) => ctx.results.record(`recipes: ${spec.name} ran to the end`, [error.stack ?? error.message]));
			ctx.log(`recipe ${spec.id} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
		}
	} finally {
		await sink.close();
	}
}

/** The spec's declared cases against its recipe, published with the spec's credential. */
async function runSpecRecipe(ctx, spec) {
	if (spec.recipe.cases.length === 0) {
		ctx.results.record(`recipes: ${spec.name} has cases`, ['test/platforms/' + spec.id + '.js declares no recipe.cases and no recipe() of its own']);
		return;
	}
	// A platform whose node reads its API (OpenAI) gets its stand-in, and the credential points there.
	const api = await spec.startApi?.();
	try {
		const { workflow, send } = await publishSigned(ctx, spec, api?.credential);
		await judgments.runDeclaredCases(ctx, spec, workflow, send);
		await deactivate(ctx.client, workflow);
	} finally {
		await api?.close();
	}
}

/**
 * Imports and publishes a recipe with a fresh credential (the spec's, plus `credentialData`); returns the workflow
 * and a `send(payload, id)` delivering a payload signed as the platform signs it.
 */
async function publishSigned(ctx, platform, credentialData = {}) {
	const secret = platform.newSecret();
	const credential = await createCredential(ctx.client, { name: `${platform.name} recipe e2e`, type: platform.credentialType, data: { ...platform.credential(secret), ...credentialData } });
	const workflow = await importRecipe(ctx.client, platform, { sinkUrl: ctx.sink.baseUrl, credential });
	await activate(ctx.client, workflow);
	const send = async (payload, id) => {
		const body = JSON.stringify(payload);
		const proof = platform.sign(body, secret, { id, date: new Date() });
		const query = new URLSearchParams(proof.query).toString();
		const answer = await deliver(query === '' ? workflow.url : `${workflow.url}?${query}`, body, proof.headers);
		return [answer.status];
	};
	return { workflow, send };
}
