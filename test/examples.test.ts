import type { IDataObject } from 'n8n-workflow';

import { nodeTypes } from './helpers/packageTypes';
import { exampleWorkflows } from './helpers/repoFiles';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import packageJson from '../package.json';

interface ExampleNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: IDataObject;
}

interface Example {
	name: string;
	nodes: ExampleNode[];
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

const examples = exampleWorkflows() as Array<{ file: string; workflow: Example }>;

// n8n 2.40.7 shows no schema preview for trigger nodes, so the pinned sample event is what gives the next node its
// fields before the first real delivery. It must be exactly what the trigger emits for that event.
describe.each(examples)('example $file', ({ workflow }) => {
	const trigger = workflow.nodes.find((node) => node.webhookId !== undefined)!;
	const nodeName = trigger.type.replace(`${packageJson.name}.`, '');
	const spec = specs.find((candidate) => candidate.nodeName === nodeName)!;

	it('pins one sample item on its trigger, the item the trigger emits for that event (receivedAt aside)', async () => {
		expect(spec).toBeDefined();
		const pinned = workflow.pinData?.[trigger.name];
		expect(pinned).toHaveLength(1);
		const item = pinned![0].json;
		const secret = spec.newSecret();
		const test = new WebhookHarness(nodeTypes.get(nodeName)!, spec.credential(secret), { ...trigger.parameters, ...spec.baseParameters });
		const body = JSON.stringify(item.payload);
		// Svix sends the event id in a header: the pinned id is that header.
		const proof = spec.sign(body, secret, { id: item.eventId as string, date: new Date() });
		const answer = await test.deliver({ body, headers: { 'content-type': 'application/json', ...proof.headers }, query: proof.query });
		expect(answer.items).toHaveLength(1); // the example's Events option selects the pinned event
		expect({ ...item, receivedAt: undefined }).toEqual({ ...answer.items[0], receivedAt: undefined });
		expect(Date.parse(item.receivedAt as string)).toBeGreaterThanOrEqual(Date.parse(item.occurredAt as string));
	});

	it("speaks n8n 2.x's words: Publish, not Activate", () => {
		expect(JSON.stringify(workflow)).not.toMatch(/\bactivat/i);
	});
});
