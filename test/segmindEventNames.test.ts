import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { credentialTypes, nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import sdk from './fixtures/segmind.sdk.json';
import { specs } from './platforms';

// No authentic Segmind delivery is dropped for how it names its event. Segmind publishes the names, not the body; the
// only body it shows (segmind-python tests/conftest.py) names the category it registers, "event_type": "PIXELFLOW".
const spec = specs.find((candidate) => candidate.id === 'segmind')!;
const node = nodeTypes.get(spec.nodeName)!;
const token = spec.newSecret();
const PIXELFLOW = ['NODE_RUN', 'GRAPH_RUN'];
const FINE_TUNE = Object.keys(spec.fixtures).filter((event) => !PIXELFLOW.includes(event));
const EVENTS = [...FINE_TUNE, ...PIXELFLOW];

function harness(events: string[]) {
	const parameters: IDataObject = { registration: 'manual', events, deliveryOptions: { deduplicate: false } };
	return new WebhookHarness(node, { apiKey: '', baseUrl: 'http://127.0.0.1:9', webhookToken: token }, parameters, {
		credentialType: credentialTypes.get(spec.credentialType),
	});
}

async function deliver(events: string[], payload: unknown) {
	return await harness(events).deliver({ body: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, query: { token } });
}

/** The webhook bodies segmind-python's tests show (tests/conftest.py, `webhook_event_samples`), as written there. */
const sdkPixelflow = sdk.pixelflow_completed;

describe('Segmind Trigger, a body that names only its category or a status', () => {
	it("passes the SDK's PIXELFLOW body to a selection of GRAPH_RUN alone, as event PIXELFLOW, saying why", async () => {
		const answer = await deliver(['GRAPH_RUN'], sdkPixelflow);
		expect(answer.started).toBe(true);
		expect(answer.items[0]).toMatchObject({
			event: 'PIXELFLOW',
			category: 'PIXELFLOW',
			workflowId: 'wf_text_to_infographic',
			outputUrls: ['https://cdn.segmind.com/workflows/infographic_123.png'],
			summary: 'Segmind sent a Pixelflow event (PIXELFLOW) for workflow wf_text_to_infographic (COMPLETED) with 1 output URL.',
		});
		expect(answer.items[0].validationIssues).toEqual([
			"event: 'PIXELFLOW' is not an event this node knows; it is passed on as sent",
			'event: the body names only the category PIXELFLOW, not whether a node or the whole workflow ran, so it passes any selection with a Pixelflow event',
		]);
		expect((await deliver(['NODE_RUN', 'GRAPH_RUN'], sdkPixelflow)).started).toBe(true);
		expect((await deliver(['AVAILABLE'], sdkPixelflow)).body).toEqual({ received: true, ignored: 'event_not_selected' });
	});

	it('infers NODE_RUN from a node id or name, and still passes it to a selection of GRAPH_RUN alone', async () => {
		const nodeRun = { ...sdkPixelflow, data: { ...sdkPixelflow.data, node_id: 'node-7', node_name: 'Upscale' } };
		const item = (await deliver(['GRAPH_RUN'], nodeRun)).items[0];
		expect(item).toMatchObject({ event: 'NODE_RUN', nodeId: 'node-7', summary: 'Pixelflow node Upscale ran (COMPLETED) with 1 output URL.' });
		expect(item.validationIssues).toEqual([
			'event: the body names only the category PIXELFLOW; NODE_RUN is inferred from its node id or name, so it passes any selection with a Pixelflow event',
		]);
	});

	it('infers the fine-tuning stage from the status, under a fine-tuning category or none, in any spelling', async () => {
		const categorised = { event_type: 'FINETUNE', event_id: 'e-1', data: { finetune_id: 'ft-1', status: 'TRAINING_COMPLETED', trained_model_url: 'https://m.example.com/lora' } };
		const item = (await deliver(['AVAILABLE'], categorised)).items[0];
		expect(item).toMatchObject({ event: 'TRAINING_COMPLETED', trainedModelUrl: 'https://m.example.com/lora' });
		expect(item.validationIssues).toEqual([
			'event: the body names only the category FINETUNE; TRAINING_COMPLETED is inferred from its status, so it passes any selection with a fine-tuning event',
		]);
		const statusOnly = (await deliver(['DEPLOYING'], { event_id: 'e-2', status: 'Training Completed' })).items[0];
		expect(statusOnly).toMatchObject({ event: 'TRAINING_COMPLETED' });
		expect(statusOnly.validationIssues).toEqual([expect.stringContaining('the body names no event; TRAINING_COMPLETED is inferred from its status')]);
		expect((await deliver(['GRAPH_RUN'], categorised)).body).toEqual({ received: true, ignored: 'event_not_selected' });
	});

	it('passes a fine-tuning category with a status that is no stage as the category, to any fine-tuning selection', async () => {
		const item = (await deliver(['AVAILABLE'], { event_type: 'fine_tune', event_id: 'e-3', data: { finetune_id: 'ft-2', status: 'FAILED' } })).items[0];
		expect(item).toMatchObject({ event: 'fine_tune', category: 'FINETUNE', fineTuneId: 'ft-2', summary: 'Fine-tuning job ft-2: Segmind sent fine_tune (FAILED).' });
	});

	it('reads a known name nested in data or in an event object exactly: another selection ignores it', async () => {
		expect((await deliver(['GRAPH_RUN'], { event_id: 'e-4', data: { event: 'node_run' } })).body).toEqual({ received: true, ignored: 'event_not_selected' });
		const nested = await deliver(['NODE_RUN'], { event_id: 'e-5', event: { type: 'Node Run' } });
		expect(nested.items[0]).toMatchObject({ event: 'NODE_RUN', validationIssues: [] });
	});

	it('passes a category this node does not know (the SDK shows GENERATION) to every selection', async () => {
		const item = (await deliver(['GRAPH_RUN'], sdk.generation_completed)).items[0];
		expect(item).toMatchObject({ event: 'GENERATION', summary: 'Segmind sent GENERATION.' });
		expect(item.validationIssues).toContain('event: neither the event nor its category is one this node knows, so it passes every selection');
	});
});

// ---- the property: over body shapes x selections, `ignored: event_not_selected` exactly when the event (or, for a
// body that cannot name it, its category) is known and nothing of it is selected ----

const spell = (name: string) =>
	fc.constantFrom(name, name.toLowerCase(), name.replace(/_/g, ' '), name.toLowerCase().replace(/_/g, '-'));
const nameKey = fc.constantFrom('event', 'event_name', 'eventName', 'event_type', 'eventType', 'type');
const place = fc.constantFrom('top', 'data', 'event');
const pixelflowCategory = fc.constantFrom('PIXELFLOW', 'pixelflow', 'Pixelflows');
const fineTuneCategory = fc.constantFrom('FINETUNE', 'FINE_TUNE', 'fine-tuning', 'Finetune');
const unknownName = fc.constantFrom('GENERATION', 'MODEL_INFERENCE', 'ARCHIVED_MODEL', 'training');
const status = fc.constantFrom('COMPLETED', 'FAILED', 'processing', ...FINE_TUNE);

function put(target: Record<string, unknown>, where: string, key: string, value: unknown): Record<string, unknown> {
	if (where === 'top') return { ...target, [key]: value };
	const inner = (target[where] ?? {}) as Record<string, unknown>;
	return { ...target, [where]: { ...inner, [key]: value } };
}

/** A body and what its event is: a known name, a known category only (the events it may be), or nothing known. */
type Shape = { body: Record<string, unknown>; named?: string; category?: string[] };

const shapes: fc.Arbitrary<Shape> = fc.oneof(
	// a known name anywhere, in any spelling, beside its category or not
	fc.record({ event: fc.constantFrom(...EVENTS), key: nameKey, where: place, withCategory: fc.boolean() }).chain(({ event, key, where, withCategory }) =>
		spell(event).map((written) => {
			const body = put({ event_id: 'e', data: { request_id: 'r' } }, where, key, written);
			const category = PIXELFLOW.includes(event) ? 'PIXELFLOW' : 'FINETUNE';
			return { body: withCategory && key !== 'event_type' ? { ...body, event_type: category } : body, named: event };
		}),
	),
	// the SDK's fixture shape: the Pixelflow category, a status, maybe a node
	fc.record({ category: pixelflowCategory, status, node: fc.boolean() }).map(({ category, status, node }) => ({
		body: { event_type: category, event_id: 'e', data: { request_id: 'r', workflow_id: 'w', status, ...(node ? { node_id: 'n' } : {}), output: {} } },
		category: PIXELFLOW,
	})),
	// a fine-tuning category and a status, a stage or not
	fc.record({ category: fineTuneCategory, key: nameKey, where: place, status }).map(({ category, key, where, status }) => ({
		body: put({ event_id: 'e', data: { finetune_id: 'ft', status } }, where, key, category),
		category: FINE_TUNE,
	})),
	// only a status that spells a fine-tuning stage
	fc.record({ stage: fc.constantFrom(...FINE_TUNE), nested: fc.boolean() }).chain(({ stage, nested }) =>
		spell(stage).map((written) => ({ body: nested ? { data: { status: written } } : { status: written }, category: FINE_TUNE })),
	),
	// nothing known: an unknown category or name, or no name at all
	fc.record({ name: fc.option(unknownName, { nil: undefined }), key: nameKey, status: fc.constantFrom('COMPLETED', 'FAILED') }).map(({ name, key, status }) => ({
		body: name === undefined ? { data: { status } } : { [key]: name, data: { status } },
	})),
);

const selections: fc.Arbitrary<string[]> = fc.oneof(fc.subarray(EVENTS), fc.constant<string[]>(['*']));

describe('Segmind Trigger, property: an event is ignored only when it is known and not selected', () => {
	it('holds for every body shape the node accepts and every selection', async () => {
		await fc.assert(
			fc.asyncProperty(shapes, selections, async (shape, selected) => {
				const everything = selected.length === 0 || selected.includes('*');
				const possible = shape.named === undefined ? shape.category : [shape.named];
				const notSelected = !everything && possible !== undefined && !possible.some((event) => selected.includes(event));
				const answer = await deliver(selected, shape.body);
				expect(answer.status).toBe(200);
				if (notSelected) {
					expect(answer.body).toEqual({ received: true, ignored: 'event_not_selected' });
				} else {
					expect(answer.started).toBe(true);
					const item = answer.items[0];
					if (shape.named !== undefined) expect(item.event).toBe(shape.named);
					// Anything not named exactly says why it got through.
					else expect((item.validationIssues as string[]).length).toBeGreaterThan(0);
				}
			}),
			{ numRuns: 400 },
		);
	});
});
