import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { exampleWorkflows } from './helpers/repoFiles';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import packageJson from '../package.json';

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	webhookId?: string;
	parameters: IDataObject;
}

interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

interface Assignment {
	name: string;
	value: unknown;
}

const examples = exampleWorkflows() as Array<{ file: string; workflow: Example }>;

it('the recipes cover every trigger package.json declares, one recipe each', () => {
	const triggers = examples.map(({ workflow }) => workflow.nodes.find((node) => node.webhookId !== undefined)!.type.replace(`${packageJson.name}.`, ''));
	expect([...triggers].sort()).toEqual(specs.map((spec) => spec.nodeName).sort());
});

// The recipe cases the real-n8n suite runs (test/e2e/recipes.mjs) are the spec's data: they must send fixtures the
// spec has and expect calls only to URLs the recipe's Settings hold (the suite points each at `<sink>/<name>`).
describe.each(specs.filter((spec) => spec.recipe.cases.length > 0))('recipe cases of $id', (spec) => {
	const example = examples.find(({ workflow }) => workflow.nodes.some((node) => node.type === `${packageJson.name}.${spec.nodeName}`));
	const settings = example?.workflow.nodes.find((node) => node.name === 'Settings');
	const urls = ((settings?.parameters.assignments as IDataObject | undefined)?.assignments as Assignment[] | undefined ?? [])
		.filter((assignment) => /^https?:\/\//.test(String(assignment.value)))
		.map((assignment) => `/${assignment.name}`);

	it.each(spec.recipe.cases.map((declared) => [declared.name, declared]))('%s: a fixture the spec has, paths the Settings hold', (_name, declared) => {
		if (declared.payload === undefined) expect(Object.keys(spec.fixtures)).toContain(declared.event);
		const paths = [...declared.calls, ...Object.keys(declared.respond ?? {}), ...Object.keys(declared.posted ?? {}), ...Object.keys(declared.mentions ?? {})];
		expect(paths.filter((path) => !urls.some((url) => path === url || path.startsWith(`${url}/`)))).toEqual([]);
	});
});

// n8n 2.40.7 shows no schema preview for trigger nodes, so the pinned sample event is what gives the next node its
// fields before the first real delivery. It must be exactly what the trigger emits for that event.
describe.each(examples)('example $file', ({ workflow }) => {
	const trigger = workflow.nodes.find((node) => node.webhookId !== undefined)!;
	const nodeName = trigger.type.replace(`${packageJson.name}.`, '');
	const spec = specs.find((candidate) => candidate.nodeName === nodeName)!;

	it('uses the trigger at the version n8n gives a new node', () => {
		expect(trigger.typeVersion).toBe(nodeTypes.get(nodeName)!.description.defaultVersion);
	});

	it('pins one sample item on its trigger, the item the trigger emits for that event (receivedAt aside)', async () => {
		expect(spec).toBeDefined();
		const pinned = workflow.pinData?.[trigger.name];
		expect(pinned).toHaveLength(1);
		const item = pinned![0].json;
		const secret = spec.newSecret();
		// Where the node reads the platform's API (OpenAI), the pinned item holds what it read: from the stand-in here.
		const api = await spec.startApi?.();
		const credential = { ...spec.credential(secret), ...api?.credential };
		const test = new WebhookHarness(nodeTypes.get(nodeName)!, credential, { ...trigger.parameters, ...spec.baseParameters }, { credentialType: credentialTypes.get(spec.credentialType), typeVersion: trigger.typeVersion });
		const body = JSON.stringify(item.payload);
		// Svix sends the event id in a header: the pinned id is that header.
		const proof = spec.sign(body, secret, { id: item.eventId as string, date: new Date() });
		const answer = await test.deliver({ body, headers: { 'content-type': 'application/json', ...proof.headers }, query: proof.query }).finally(() => api?.close());
		expect(answer.items).toHaveLength(1); // the example's Events option selects the pinned event
		expect({ ...item, receivedAt: undefined }).toEqual({ ...answer.items[0], receivedAt: undefined });
		expect(Date.parse(item.receivedAt as string)).toBeGreaterThanOrEqual(Date.parse(item.occurredAt as string));
	});

	// A recipe is adopted by editing one node: everything a team changes (URLs, thresholds, targets) is in Settings.
	describe('as a recipe', () => {
		const settings = workflow.nodes.find((node) => node.name === 'Settings');
		const assignments = ((settings?.parameters.assignments as IDataObject | undefined)?.assignments ?? []) as Assignment[];
		const next = (name: string) => (workflow.connections[name]?.main ?? []).flat().map((link) => link.node);

		it('has a Settings node (n8n\'s Edit Fields) right after the trigger, passing the event on, and a sticky note saying to change it first', () => {
			expect(next(trigger.name)).toEqual(['Settings']);
			expect(settings?.type).toBe('n8n-nodes-base.set');
			expect(settings?.parameters.includeOtherFields).toBe(true);
			expect(assignments.length).toBeGreaterThan(0);
			const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes.some((note) => /Change the Settings node first/.test(String(note.parameters.content)))).toBe(true);
		});

		it('keeps every URL in Settings: no other node holds one', () => {
			const elsewhere = workflow.nodes
				.filter((node) => node !== settings && node.type !== 'n8n-nodes-base.stickyNote')
				.filter((node) => /https?:\/\//.test(JSON.stringify(node.parameters)))
				.map((node) => node.name);
			expect(elsewhere).toEqual([]);
		});

		it("reads from Settings only fields it has: a setting or a field of the trigger's item", () => {
			const known = new Set([...assignments.map((assignment) => assignment.name), ...Object.keys(workflow.pinData![trigger.name][0].json)]);
			const read = [...JSON.stringify(workflow.nodes).matchAll(/\$\('Settings'\)\.item\.json\.(\w+)/g)].map((match) => match[1]);
			expect(read.length).toBeGreaterThan(0);
			expect(read.filter((field) => !known.has(field))).toEqual([]);
		});

		it("routes only events its trigger selects, and every node it wires exists and is reached from the trigger", () => {
			const selected = trigger.parameters.events as string[];
			const routed = [...JSON.stringify(workflow.nodes).matchAll(/"leftValue":"=\{\{ \$json\.event \}\}","rightValue":"([^"]+)"/g)].map((match) => match[1]);
			expect(routed.filter((event) => !selected.includes(event) && !selected.includes('*'))).toEqual([]);
			const names = new Set(workflow.nodes.map((node) => node.name));
			const reached = new Set<string>();
			const visit = (name: string) => {
				if (reached.has(name)) return;
				reached.add(name);
				next(name).forEach(visit);
			};
			visit(trigger.name);
			expect([...reached].filter((name) => !names.has(name))).toEqual([]);
			const working = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name);
			expect(working.filter((name) => !reached.has(name))).toEqual([]);
		});

		it("uses n8n's own nodes besides its trigger", () => {
			const others = workflow.nodes.filter((node) => node !== trigger).map((node) => node.type);
			expect(others.filter((type) => !type.startsWith('n8n-nodes-base.'))).toEqual([]);
		});
	});

	it("speaks n8n 2.x's words: Publish, not Activate", () => {
		expect(JSON.stringify(workflow)).not.toMatch(/\bactivat/i);
	});
});
