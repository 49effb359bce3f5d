// The example workflows in examples/, as `npm start` imports them (and the real-n8n suite checks them).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './runtime.mjs';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Every examples/*.json, sorted by file name: [{file, workflow}]. */
export function exampleWorkflows() {
	return readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/** What n8n's public API takes to create a workflow; `pinData` lets "Execute workflow" run without the platform. */
export function importable({ name, nodes, connections, settings, pinData }) {
	return { name, nodes, connections, settings, ...(pinData === undefined ? {} : { pinData }) };
}

/**
 * A copy of the workflow with `credential` set on every node that takes its type: the trigger (the node with a
 * webhookId) and nodes that call the platform's API with it (HTTP Request's predefined credential type).
 */
export function withCredential(workflow, credentialType, credential) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.webhookId !== undefined || node.parameters?.nodeCredentialType === credentialType) {
			node.credentials = { [credentialType]: { id: credential.id, name: credential.name } };
		}
	}
	return copy;
}
