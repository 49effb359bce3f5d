// The node and credential types package.json declares (the list n8n loads), instantiated from their TypeScript
// sources. For jest only: its ts-jest transform compiles the sources these requires reach.
'use strict';

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

module.exports = { nodeTypes, credentialTypes };
