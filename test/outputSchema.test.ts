import type { IDataObject } from 'n8n-workflow';

import { outputSchemaOf, type JsonSchema } from '../nodes/common/outputSchema';
import { nodeTypes, platforms } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import type { PlatformSpec } from './platforms/types';

/** The JSON type of a value as JSON Schema names it (`integer` counts as `number`). */
function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * Where `value` does not fit `schema`, in the keywords n8n's editor reads (`type`, `properties`, `items`) and
 * `required`: each path with what the schema says and what the item holds. Empty when it fits.
 */
function misfits(schema: JsonSchema, value: unknown, path = 'item'): string[] {
	const types = schema.type === undefined ? [] : [schema.type].flat().map((type) => (type === 'integer' ? 'number' : type));
	if (types.length > 0 && !types.includes(jsonType(value))) return [`${path}: schema says ${types.join('|')}, item has ${jsonType(value)}`];
	const found: string[] = [];
	if (jsonType(value) === 'object') {
		const record = value as Record<string, unknown>;
		for (const name of schema.required ?? []) if (!(name in record)) found.push(`${path}.${name}: required, missing`);
		for (const [name, property] of Object.entries(schema.properties ?? {})) {
			if (name in record) found.push(...misfits(property, record[name], `${path}.${name}`));
		}
	}
	if (Array.isArray(value) && schema.items !== undefined) {
		value.forEach((element, index) => found.push(...misfits(schema.items!, element, `${path}[${index}]`)));
	}
	return found;
}

describe.each(specs)('$name Trigger output schema', (spec: PlatformSpec) => {
	const platform = platforms.get(spec.nodeName);
	const schema = platform === undefined ? undefined : outputSchemaOf(platform);
	const events = Object.keys(spec.fixtures);
	let counter = 0;

	/** The item the trigger emits for a fixture event, with every optional envelope key switched on. */
	async function itemFor(event: string): Promise<IDataObject> {
		const test = new WebhookHarness(nodeTypes.get(spec.nodeName)!, spec.credential(secret), {
			...spec.baseParameters,
			deliveryOptions: { includeRawBody: true, includeHeaders: true },
		});
		const body = JSON.stringify(spec.fixtures[event]);
		const proof = spec.sign(body, secret, { id: `msg_schema_${++counter}`, date: new Date() });
		const answer = await test.deliver({ body, headers: { 'content-type': 'application/json', ...proof.headers }, query: proof.query });
		expect(answer).toMatchObject({ status: 200, started: true });
		return answer.items[0];
	}
	const secret = spec.newSecret();

	it("comes from the platform its node's folder defines, as a non-empty object n8n's editor accepts as a preview", () => {
		expect(platform?.id).toBe(spec.platformId);
		expect(schema).toMatchObject({ type: 'object', properties: expect.any(Object) });
		expect(Object.keys(schema!.properties!).length).toBeGreaterThan(0);
	});

	it.each(events)('fits the item the trigger emits for %s, key by key and type by type', async (event) => {
		const item = await itemFor(event);
		expect(item.validationIssues).toEqual([]);
		expect(Object.keys(item).filter((key) => !(key in schema!.properties!))).toEqual([]);
		expect(misfits(schema!, item)).toEqual([]);
	});

	it('offers no top-level field that none of the documented events carries', async () => {
		const carried = new Set<string>();
		for (const event of events) for (const key of Object.keys(await itemFor(event))) carried.add(key);
		expect(Object.keys(schema!.properties!).filter((key) => !carried.has(key))).toEqual([]);
	});
});

describe('the schema checker of this suite', () => {
	it('reports a wrong type, a missing required key and a wrong element', () => {
		const schema: JsonSchema = {
			type: 'object',
			required: ['a', 'b'],
			properties: { a: { type: ['string', 'null'] }, list: { type: 'array', items: { type: 'number' } } },
		};
		expect(misfits(schema, { a: 1, list: [1, 'x'] })).toEqual([
			'item.b: required, missing',
			'item.a: schema says string|null, item has number',
			'item.list[1]: schema says number, item has string',
		]);
		expect(misfits(schema, { a: null, b: 0, list: [] })).toEqual([]);
	});
});
