// The recipes of examples/ as the real-n8n suite uses them: imported through the public API like `npm start` does,
// with every URL of their Settings node pointed at a loopback sink (the sink path is the setting's name), and the
// platform's credential attached wherever a node asks for that credential type.
import { randomUUID } from 'node:crypto';

import { exampleWorkflows, importable, withCredential } from '../../../scripts/lib/examples.mjs';

/** The example whose trigger is the spec's node. */
export function recipeFor(spec) {
	const found = exampleWorkflows().find(({ workflow }) => workflow.nodes.some((node) => node.type.endsWith(`.${spec.nodeName}`)));
	if (!found) throw new Error(`no example in examples/ uses ${spec.nodeName}`);
	return found.workflow;
}

/** The workflow with each http(s) URL of its Settings node replaced by `<sink>/<setting name>`. */
export function pointSettingsAt(workflow, sinkUrl) {
	const copy = structuredClone(workflow);
	const settings = copy.nodes.find((node) => node.name === 'Settings');
	for (const assignment of settings.parameters.assignments.assignments) {
		if (/^https?:\/\//.test(String(assignment.value))) assignment.value = `${sinkUrl}/${assignment.name}`;
	}
	return copy;
}

/**
 * Imports the spec's recipe into n8n, Settings pointed at the sink, `credential` (if given) on every node that takes
 * its type, a fresh webhookId (so a recipe imported twice never shares a URL). Returns {id, url, triggerName, workflow}.
 */
export async function importRecipe(client, spec, { sinkUrl, credential, name }) {
	const recipe = pointSettingsAt(recipeFor(spec), sinkUrl);
	const workflow = credential ? withCredential(recipe, spec.credentialType, credential) : recipe;
	const trigger = workflow.nodes.find((node) => node.webhookId !== undefined);
	trigger.webhookId = randomUUID();
	const created = await client.api('POST', '/workflows', { ...importable(workflow), name: name ?? `${workflow.name} (e2e)` });
	return { id: created.id, url: `${client.baseUrl}/webhook/${trigger.webhookId}/webhook`, triggerName: trigger.name, workflow };
}
