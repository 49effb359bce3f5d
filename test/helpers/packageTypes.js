// The node and credential types package.json declares (the list n8n loads), instantiated from their TypeScript
// sources. For jest only: its ts-jest transform compiles the sources these requires reach.
'use strict';

const { readdirSync } = require('node:fs');
const path = require('node:path');

const packageJson = require('../../package.json');

const ROOT = path.join(__dirname, '..', '..');

/** `dist/nodes/X/X.node.js` -> an instance of every class the matching source file exports. */
function instancesOf(distPaths) {
	return distPaths.flatMap((distPath) => {
		const source = path.join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, ''));
		return Object.values(require(source))
			.filter((value) => typeof value === 'function')
			.map((Type) => new Type());
	});
}

const nodeTypes = new Map(instancesOf(packageJson.n8n.nodes).map((node) => [node.description.name, node]));
const credentialTypes = new Map(instancesOf(packageJson.n8n.credentials).map((credential) => [credential.name, credential]));

/**
 * Node name -> the one platform definition its folder's `*.platform.ts` exports, as the build finds it for the
 * node's output schema (scripts/lib/outputSchemas.mjs, on the built files).
 */
const platforms = new Map(
	packageJson.n8n.nodes.map((distPath) => {
		const folder = path.join(ROOT, path.dirname(distPath.replace(/^dist\//, '')));
		const found = readdirSync(folder)
			.filter((file) => file.endsWith('.platform.ts'))
			.flatMap((file) => Object.values(require(path.join(folder, file))))
			.filter((value) => typeof value === 'object' && value !== null && Array.isArray(value.events) && typeof value.signature === 'function');
		const [node] = instancesOf([distPath]);
		return [node.description.name, found.length === 1 ? found[0] : undefined];
	}),
);

module.exports = { nodeTypes, credentialTypes, platforms };
