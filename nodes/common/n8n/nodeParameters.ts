import type { INodeProperties, INodePropertyOptions, IWebhookDescription } from 'n8n-workflow';

import { ANY_EVENT } from '../eventSelection';
import type { PlatformDefinition } from '../platform';
import { RAW_BODY_VERSIONS } from './nodeVersion';

/**
 * For workflows saved at version 1 only (see `TRIGGER_VERSIONS`): n8n parses a JSON body itself before a version-1
 * webhook node runs, and answers 422 on bad JSON, unless the node's `options.binaryData` is true. Setting it in a
 * hidden parameter leaves the raw bytes to the node, so it can authenticate first (401) and only then parse (400).
 * n8n reads it through an expression on every request; later versions do without it and verify `req.rawBody`.
 */
export const rawBodyParameter: INodeProperties = {
	displayName: 'Raw Body Handling',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
	displayOptions: { show: { '@version': RAW_BODY_VERSIONS } },
};

export const webhookDescription: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	// Without it n8n 2.x answers an emitted delivery with the literal text "firstEntryJson"; empty gives its
	// standard JSON acknowledgement, {"message": "Workflow was started"}.
	responseData: '',
	path: 'webhook',
};

/** The same URL answering GET as well, for platforms that may send the fields as query parameters (Polyaxon). */
export const getWebhookDescription: IWebhookDescription = { ...webhookDescription, httpMethod: 'GET' };

export interface DeliveryOptionsSwitches {
	deduplicate?: boolean;
	rememberedEvents?: number;
	includeRawBody?: boolean;
	includeHeaders?: boolean;
	toleranceSeconds?: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The node's subtitle on the canvas: the selected events, with the "*" of Any Event spelled out. */
export const EVENTS_SUBTITLE = `={{ $parameter["events"].includes("${ANY_EVENT}") ? "Any event" : $parameter["events"].join(", ") }}`;

/** Event ids kept in n8n's processed-items store per trigger node. Platforms resend for hours to days (Svix for
 * about a day and a half); 5,000 covers that at well over a hundred events an hour. */
export const DEFAULT_REMEMBERED_EVENTS = 5000;

/** Every call of n8n's store reads and rewrites the node's whole list (two entries per event, 24 characters each,
 * n8n `deduplication/deduplication-helper.js`, `handleHashedItems`): about 1 MB per call at 20,000, where a busy
 * n8n's database starts to queue its own execution writes behind it. */
export const MAX_REMEMBERED_EVENTS = 20_000;

/** The Events Remembered of a node, within its bounds (a workflow saved by hand or by API may hold any number). */
export function rememberedEvents(options: DeliveryOptionsSwitches): number {
	return Math.min(MAX_REMEMBERED_EVENTS, Math.max(100, options.rememberedEvents ?? DEFAULT_REMEMBERED_EVENTS));
}

/**
 * The Events multi-select: "any event" by default, so events the platform adds later are not lost. `groups` are
 * options that select several events at once (Replicate's "completed"); the platform's `selectionNamesOf` maps an
 * event to the groups that select it.
 */
export function eventsParameter(platform: PlatformDefinition, groups: INodePropertyOptions[] = []): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ANY_EVENT],
		description: `The ${platform.displayName} events that start the workflow. Other events are answered with 200 and start nothing.`,
		options: [
			{
				name: 'Any Event',
				value: ANY_EVENT,
				description: 'Every event, including ones the platform adds after this node was released',
			},
			...groups,
			...platform.events.map((event) => ({
				name: event.displayName,
				value: event.name,
				description: event.description,
			})),
		],
	};
}

/** The Options collection shared by every trigger; the timestamp tolerance only where the signature is timed. */
export function deliveryOptionsParameter(
	platform: PlatformDefinition,
	platformOptions: INodeProperties[] = [],
): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Ignore Redeliveries',
			name: 'deduplicate',
			type: 'boolean',
			default: true,
			description:
				"Whether to pass each event on only once. Platforms retry and resend deliveries; copies of an event are answered 200 without running the workflow (503, retry later, while n8n is still storing the first one's execution). Event IDs are remembered in n8n's database, like the Remove Duplicates node does.",
		},
		{
			displayName: 'Events Remembered',
			name: 'rememberedEvents',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: MAX_REMEMBERED_EVENTS },
			default: DEFAULT_REMEMBERED_EVENTS,
			description: `How many of the most recent event IDs are remembered to recognise a redelivery (at most ${MAX_REMEMBERED_EVENTS.toLocaleString('en-US')}: n8n reads and rewrites the whole list for every execution)`,
		},
		{
			displayName: 'Include Headers',
			name: 'includeHeaders',
			type: 'boolean',
			default: false,
			description: 'Whether to add the request headers to the item (signature headers are redacted)',
		},
		{
			displayName: 'Include Raw Body',
			name: 'includeRawBody',
			type: 'boolean',
			default: false,
			description: 'Whether to add the body exactly as received, as text, to the item',
		},
	];
	if (platform.signatureIsTimed === true) {
		options.push({
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TOLERANCE_SECONDS,
			description:
				'How far the signed timestamp may be from this server\'s clock, in either direction, before a delivery is refused as a replay',
		});
	}
	return {
		displayName: 'Options',
		name: 'deliveryOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options, ...platformOptions],
	};
}
