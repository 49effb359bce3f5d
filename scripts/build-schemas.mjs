#!/usr/bin/env node
// The second step of `npm run build`, after `n8n-node build`: writes each trigger's output schema beside its built
// node, one file per version its description declares (dist/nodes/<Folder>/__schema__/v<x.y.z>.json, see
// lib/outputSchemas.mjs). n8n 1.x's editor shows its fields in the next node's input before any event arrived.
// `n8n-node build` would only copy hand-written `__schema__` files; these are generated from the zod schemas and the
// envelope the items come from (nodes/common/outputSchema.ts), so they cannot drift from what the triggers emit.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { platformOf, schemaTargets } from './lib/outputSchemas.mjs';
import { REPO_ROOT } from './lib/runtime.mjs';

const require = createRequire(import.meta.url);
const { outputSchemaOf } = require(path.join(REPO_ROOT, 'dist', 'nodes', 'common', 'outputSchema.js'));

const written = [];
for (const target of schemaTargets()) {
	const schema = `${JSON.stringify(outputSchemaOf(platformOf(target.nodeDir)), null, '\t')}\n`;
	rmSync(path.join(REPO_ROOT, target.schemaDir), { recursive: true, force: true });
	mkdirSync(path.join(REPO_ROOT, target.schemaDir), { recursive: true });
	for (const file of target.files) {
		writeFileSync(path.join(REPO_ROOT, file), schema);
		written.push(path.posix.relative('dist/nodes', file));
	}
}
console.log(`Output schemas: ${written.join(', ')}`);
