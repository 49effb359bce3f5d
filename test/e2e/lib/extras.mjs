// What a platform adds to the real-n8n suites beyond its spec: test/e2e/platforms/<id>.mjs, where it exists, may
// export `extraCases(tools)` (more cases in the shared plan), `run(ctx, spec)` (cases with workflows of their own),
// `recipe(ctx, spec, tools)` (its recipe's cases, where they need a stand-in for its API) and
// `editorCases(ctx, page, spec)` (editor cases of its own). The shared suites find them here, never by name.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The spec's extension module, or `{}` when the platform has none. */
export async function platformExtras(spec) {
	const file = path.join(here, '..', 'platforms', `${spec.id}.mjs`);
	return existsSync(file) ? await import(pathToFileURL(file).href) : {};
}
