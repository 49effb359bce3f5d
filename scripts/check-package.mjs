#!/usr/bin/env node
// `npm run check:package` (and prepublishOnly): what `npm pack` would publish, checked against what n8n loads. Run after
// `npm run build`. Fails, naming the file, when the tarball carries anything besides dist/ and npm's own three files
// (package.json, README.md, LICENSE), or lacks a node, credential, codex file or icon that package.json or a
// description points at, or a node's output schema for a version it declares (scripts/build-schemas.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { schemaTargets } from './lib/outputSchemas.mjs';
import { REPO_ROOT } from './lib/runtime.mjs';

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const NPM_OWN = new Set(['package.json', 'README.md', 'LICENSE']);

const [pack] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: REPO_ROOT, encoding: 'utf8' }),
);
const files = new Set(pack.files.map((file) => file.path));
const problems = [];

for (const file of files) {
	if (!file.startsWith('dist/') && !NPM_OWN.has(file)) problems.push(`${file} is packed but is not part of dist/`);
	if (/\.(test|spec)\.|tsbuildinfo$|^dist\/test\//.test(file)) problems.push(`${file} is packed but only serves development`);
}
for (const file of NPM_OWN) if (!files.has(file)) problems.push(`${file} is missing from the package`);

/** An icon `file:x.svg` (or {light, dark}) resolves next to the file that declares it. */
function iconFiles(declaringFile, icon) {
	const names = typeof icon === 'string' ? [icon] : Object.values(icon ?? {});
	return names
		.filter((name) => typeof name === 'string' && name.startsWith('file:'))
		.map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(declaringFile), name.slice('file:'.length))));
}

for (const [kind, list] of [['node', packageJson.n8n.nodes], ['credential', packageJson.n8n.credentials]]) {
	for (const file of list) {
		if (!files.has(file)) {
			problems.push(`${kind} ${file} (package.json) is not packed: run npm run build first`);
			continue;
		}
		const exported = Object.values(require(path.join(REPO_ROOT, file))).filter((value) => typeof value === 'function');
		for (const Type of exported) {
			const instance = new Type();
			const icon = kind === 'node' ? instance.description.icon : instance.icon;
			for (const iconFile of iconFiles(file, icon)) {
				if (!files.has(iconFile)) problems.push(`${iconFile}, the icon of ${file}, is not packed`);
			}
		}
		// n8n reads a node's codex (categories, search aliases, docs links) from <file>.json beside it.
		if (kind === 'node' && !files.has(`${file}on`)) problems.push(`${file}on, the codex of ${file}, is not packed`);
	}
}

// n8n's editor asks for /schemas/<node>/<x.y.z>.json, which n8n serves from <node dir>/__schema__/v<x.y.z>.json.
for (const target of schemaTargets()) {
	for (const file of target.files) {
		if (!files.has(file)) problems.push(`${file}, the output schema of ${target.nodeFile}, is not packed: run npm run build`);
	}
}

if (problems.length > 0) {
	console.error(`The package is not ready to publish:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
	process.exit(1);
}
console.log(`${pack.name}@${pack.version}: ${files.size} files, all under dist/ besides ${[...NPM_OWN].join(', ')}; every node, credential, codex file, icon and output schema is there.`);
