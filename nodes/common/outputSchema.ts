import { z } from 'zod/v4';

import { itemEnvelopeSchema } from './envelope';
import type { PlatformDefinition } from './platform';

/** The part of JSON Schema that zod writes here and n8n's editor reads. */
export interface JsonSchema {
	type?: string | string[];
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	[keyword: string]: unknown;
}

/**
 * The JSON Schema of the items a platform's trigger emits, from the zod schemas they come from: the envelope, every
 * event's typed fields (`fieldsSchema`) and every event's payload (`schema`, as sent). The build writes it beside the
 * node as `__schema__/v<version>.json`, which n8n serves to its editor (`/schemas/<node>/<version>.json`); n8n 1.x's
 * editor offers its fields to the next node before any event arrived.
 *
 * n8n's editor reads only `type`, `properties` and `items` (editor-ui `useDataSchema`, `getSchemaForJsonSchema`), and
 * only a top-level object with properties counts as a preview (`api/schemaPreview.ts`). So the events are merged into
 * one object and every `anyOf` into one schema whose `type` lists each alternative's type, `null` last: the result is
 * looser than any single event (a field of one event is optional in the others). It describes the items of documented
 * events; the item of an unknown or misshapen event carries the envelope and its payload as sent (validation.ts).
 */
export function outputSchemaOf(platform: PlatformDefinition): JsonSchema {
	const envelope = toJsonSchema(itemEnvelopeSchema, 'output');
	const fields = platform.events.map((event) => toJsonSchema(event.fieldsSchema, 'output'));
	const payloads = platform.events.map((event) => toJsonSchema(event.schema, 'input'));
	const { payload, rawBody, headers, validationIssues, ...head } = envelope.properties ?? {};
	const typedFields = unite(fields.map((object) => ({ ...object, type: 'object' }))).properties;
	return {
		type: 'object',
		description: `What ${platform.displayName} Trigger emits, one item per event`,
		properties: { ...head, ...typedFields, validationIssues, payload: { ...payload, ...unite(payloads) }, rawBody, headers },
		// The typed fields are on every item of a known event whose payload validated: not required, as the items of
		// other events carry only the envelope (validation.ts).
		required: envelope.required,
	};
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
	const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
	delete json.$schema;
	return flattenAnyOf(json);
}

/** One schema that every one of `schemas` satisfies, in the shapes n8n's editor reads. */
function unite(schemas: JsonSchema[]): JsonSchema {
	const distinct = schemas.filter(
		(schema, index) => schemas.findIndex((other) => JSON.stringify(other) === JSON.stringify(schema)) === index,
	);
	if (distinct.length <= 1) return distinct[0] ?? {};
	if (distinct.some((schema) => schema.type === undefined)) return {};
	const types = [...new Set(distinct.flatMap((schema) => typesOf(schema)))].sort(
		(a, b) => Number(a === 'null') - Number(b === 'null'),
	);
	const united: JsonSchema = { type: types.length === 1 ? types[0] : types };
	const objects = distinct.filter((schema) => typesOf(schema).includes('object') && schema.properties !== undefined);
	if (objects.length > 0) {
		const names = [...new Set(objects.flatMap((object) => Object.keys(object.properties ?? {})))];
		united.properties = Object.fromEntries(
			names.map((name) => [
				name,
				unite(objects.flatMap((object) => (object.properties?.[name] === undefined ? [] : [object.properties[name]]))),
			]),
		);
		const required = names.filter((name) => objects.every((object) => object.required?.includes(name)));
		if (required.length > 0) united.required = required;
	}
	const arrays = distinct.filter((schema) => typesOf(schema).includes('array') && typeof schema.items === 'object');
	if (arrays.length > 0) united.items = unite(arrays.flatMap((array) => (array.items === undefined ? [] : [array.items])));
	return united;
}

function typesOf(schema: JsonSchema): string[] {
	if (schema.type === undefined) return [];
	return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Every `anyOf` (zod's unions and `.nullable()`) turned into one schema, depth first. */
function flattenAnyOf(schema: JsonSchema): JsonSchema {
	const copy: JsonSchema = { ...schema };
	if (copy.properties !== undefined) {
		copy.properties = Object.fromEntries(
			Object.entries(copy.properties).map(([name, property]) => [name, flattenAnyOf(property)]),
		);
	}
	if (copy.items !== undefined) copy.items = flattenAnyOf(copy.items);
	if (copy.anyOf === undefined) return copy;
	const { anyOf, ...rest } = copy;
	return { ...rest, ...unite(anyOf.map(flattenAnyOf)) };
}
