// Where each built trigger's output schema goes, for the build step that writes them (scripts/build-schemas.mjs) and
// the package check that finds them in the tarball (scripts/check-package.mjs). n8n serves
// `<node dir>/__schema__/v<x.y.z>.json` as `/schemas/<node>/<x.y.z>.json` (n8n `server.js` serveSchemas, n8n-core
// `nodes-loader/output-schema-resolver.js`).
//
// The node list is package.json's; each node's platform is the one PlatformDefinition its folder's *.platform.js
// exports, so a new platform folder gets its schema with nothing listed here.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_ROOT } from './runtime.mjs';

const require = createRequire(import.meta.url);

/** n8n's own padding of a node version into a schema name (1 -> 1.0.0, 1.1 -> 1.1.0; editor-ui schemaPreview.ts). */
export function schemaVersion(version) {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

function isPlatform(value) {
	return typeof value === 'object' && value !== null && typeof value.id === 'string' && Array.isArray(value.events) && typeof value.signature === 'function';
}

/** The one platform a built node folder defines. */
export function platformOf(nodeDir) {
	const found = readdirSync(nodeDir)
		.filter((file) => file.endsWith('.platform.js'))
		.flatMap((file) => Object.values(require(path.join(nodeDir, file))).filter(isPlatform));
	if (found.length !== 1) {
		throw new Error(`${path.relative(REPO_ROOT, nodeDir)} defines ${found.length} platforms in its *.platform.js files; expected one`);
	}
	return found[0];
}

/** Per built node package.json declares: its folder and the schema file of every version it declares (dist-relative). */
export function schemaTargets() {
	const packageJson = require(path.join(REPO_ROOT, 'package.json'));
	return packageJson.n8n.nodes.map((file) => {
		const exported = Object.values(require(path.join(REPO_ROOT, file))).filter((value) => typeof value === 'function');
		const versions = exported.flatMap((Type) => [new Type().description.version].flat()).map(schemaVersion);
		const schemaDir = path.posix.join(path.posix.dirname(file), '__schema__');
		return {
			nodeFile: file,
			nodeDir: path.join(REPO_ROOT, path.dirname(file)),
			names: exported.map((Type) => new Type().description.name),
			schemaDir,
			files: [...new Set(versions)].map((version) => path.posix.join(schemaDir, `v${version}.json`)),
		};
	});
}
