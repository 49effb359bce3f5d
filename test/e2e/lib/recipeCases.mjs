// One recipe case in a real n8n, and the judgments of what reached the loopback sink: the recipes suite runs a spec's
// declared cases (test/platforms/<id>.js `recipe.cases`) with these, and a platform's own `recipe()` gets them too.
import { executionsSettled, listExecutions, short } from './harness.mjs';

/**
 * One case: `send` delivers (and returns the HTTP statuses n8n answered); once the execution it started has
 * settled, `expect(calls)` judges what reached the sink meanwhile and returns problems. Exactly one new execution,
 * successful, is required: a failure branch is the workflow doing its job, not an error.
 */
export async function recipeCase({ client, results, sink }, workflow, name, send, expect) {
	await results.check(`recipes: ${name}`, async () => {
		const before = (await listExecutions(client, workflow.id)).length;
		const mark = sink.requests.length;
		const statuses = await send();
		if (statuses.some((status) => status !== 200)) throw new Error(`the delivery was answered ${statuses.join(', ')}`);
		await executionsSettled(client, workflow.id);
		const executions = await listExecutions(client, workflow.id);
		if (executions.length !== before + 1) throw new Error(`${executions.length - before} new executions, expected 1`);
		const latest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		if (latest.status !== 'success') throw new Error(`execution ${latest.id} ${latest.status}: ${short(latest.data?.resultData?.error?.message)}`);
		const problems = expect(sink.requests.slice(mark)).filter(Boolean);
		if (problems.length > 0) throw new Error(problems.join('; '));
	});
}

/** Problems unless the sink got exactly these paths, in any order. */
export function onlyCalled(calls, paths) {
	const got = calls.map((call) => call.path).sort();
	const want = [...paths].sort();
	return JSON.stringify(got) === JSON.stringify(want) ? undefined : `the sink got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

/** Problems unless the call to `path` carries every fragment in its Slack text (or JSON body). */
export function mentions(calls, path, fragments) {
	const call = calls.find((candidate) => candidate.path === path);
	if (!call) return undefined; // reported by onlyCalled
	const text = typeof call.body?.text === 'string' ? call.body.text : JSON.stringify(call.body);
	const missing = fragments.filter((fragment) => !text.includes(fragment));
	return missing.length === 0 ? undefined : `${path} got ${short(text, 300)}, without ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
}

/** Problems unless the JSON body sent to `path` has these fields. */
export function posted(calls, path, fields) {
	const call = calls.find((candidate) => candidate.path === path);
	if (!call) return undefined;
	const wrong = Object.entries(fields).filter(([field, value]) => JSON.stringify(call.body?.[field]) !== JSON.stringify(value));
	return wrong.length === 0 ? undefined : `${path} got ${short(call.body, 300)}; expected ${wrong.map(([f, v]) => `${f}=${JSON.stringify(v)}`).join(', ')}`;
}

/** Every problem of a declared case (or a pinned run) with what reached the sink. */
export function judged(calls, expected) {
	return [
		onlyCalled(calls, expected.calls),
		...Object.entries(expected.posted ?? {}).map(([path, fields]) => posted(calls, path, fields)),
		...Object.entries(expected.mentions ?? {}).map(([path, fragments]) => mentions(calls, path, fragments)),
	];
}

/**
 * Runs a spec's declared recipe cases against a published recipe: `send(payload, id)` delivers one, signed as the
 * platform signs. Case names are prefixed with the platform's name and each case's answers are set on the sink first.
 */
export async function runDeclaredCases(ctx, spec, workflow, send) {
	for (const declared of spec.recipe.cases) {
		for (const [path, [status, body]] of Object.entries(declared.respond ?? {})) ctx.sink.respond(path, status, body);
		const payload = declared.payload ? declared.payload(spec.fixtures, ctx.sink.baseUrl) : spec.fixtures[declared.event];
		await recipeCase(ctx, workflow, `${spec.name} ${declared.name}`, () => send(payload, declared.id), (calls) => judged(calls, declared));
	}
}
