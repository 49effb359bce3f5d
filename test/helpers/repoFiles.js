// Files of this repository the jest suites read: the README, the example workflows, the codex beside each node.
// Plain JavaScript: the strict n8n lint forbids node:fs and __dirname in .ts files, tests included.
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** The README's text. */
function readme() {
	return readFileSync(path.join(ROOT, 'README.md'), 'utf8');
}

/** examples/*.json, parsed, sorted by file name. */
function exampleWorkflows() {
	const dir = path.join(ROOT, 'examples');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }));
}

/** `dist/nodes/X/X.node.js` -> the codex source `nodes/X/X.node.json` the build copies beside it, parsed if it exists. */
function codexOf(distFile) {
	const source = distFile.replace(/^dist\//, '').replace(/\.js$/, '.json');
	const file = path.join(ROOT, source);
	return { source, codex: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
}

module.exports = { readme, exampleWorkflows, codexOf };
