// Per-delivery cost of each trigger's whole handler (webhook(), plus the execute() that records the event id for
// de-duplication) next to the floor every receiver pays: one HMAC-SHA256 over the body and one JSON.parse of it.
// Run with `npm run bench` (builds first).
// Deliveries are pre-signed and unique (so de-duplication does its real work), and signing is not timed.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ObservableObject } = require('n8n-workflow');
const root = new URL('../../', import.meta.url);
const load = (path) => require(new URL(path, root).pathname);
const { specs } = require('../platforms/index.js');
const packageJson = load('package.json');

const ROUNDS = 7;
const SIZES = [
	{ label: '1 KiB', bytes: 1024, deliveries: 4000 },
	{ label: '64 KiB', bytes: 64 * 1024, deliveries: 400 },
];
// The floor's HMAC key: its bytes do not change the cost.
const FLOOR_KEY = Buffer.alloc(32, 7);

/** The built node class package.json declares for a spec. */
function nodeClassOf(spec) {
	for (const file of packageJson.n8n.nodes) {
		const Type = Object.values(load(file)).find((value) => typeof value === 'function' && new value().description.name === spec.nodeName);
		if (Type) return Type;
	}
	throw new Error(`package.json declares no node ${spec.nodeName}`);
}

/**
 * Every platform spec: its first selection event's fixture, made unique per delivery the spec's way (so
 * de-duplication does its real work), signed with the spec's signer (the one the test suites use).
 */
const platforms = specs.map((spec) => {
	const secret = spec.newSecret();
	return {
		name: spec.name,
		Node: nodeClassOf(spec),
		credential: spec.credential(secret),
		parameters: spec.baseParameters,
		payload: spec.fixtures[spec.selection[0]],
		withId: (payload, index) => spec.uniquePayload(payload, `bench_${index}`),
		sign: (body, index) => {
			const { headers, query } = spec.sign(body, secret, { id: `msg_bench_${index}`, date: new Date() });
			// lower-case, as Node hands headers to n8n
			return { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])), query };
		},
	};
});

/** Pads a payload to about `bytes` with a realistic extra field (platforms add fields; the schema keeps them). */
function padded(payload, bytes) {
	const base = JSON.stringify(payload).length;
	const filler = Math.max(0, bytes - base - 20);
	return { ...payload, metadata: { notes: 'x'.repeat(filler) } };
}

function makeDeliveries(platform, size) {
	const template = padded(platform.payload, size.bytes);
	return Array.from({ length: size.deliveries }, (_, index) => {
		const body = JSON.stringify(platform.withId(template, index));
		const { headers, query } = platform.sign(body, index);
		return { rawBody: Buffer.from(body), headers: { 'content-type': 'application/json', ...headers }, query };
	});
}

/**
 * One IWebhookFunctions-shaped context per run whose current delivery is swapped in, so that building the context
 * (n8n's work, not the node's) is not counted as handler time.
 */
function contextFor(platform, staticData, workflow, node) {
	const response = { status() { return this; }, json() { return this; } };
	const credential = platform.credential;
	const deliveryOptions = {};
	const events = ['*'];
	const parameter = (name, fallback) => (name === 'events' ? events : name === 'deliveryOptions' ? deliveryOptions : platform.parameters[name] ?? fallback);
	const context = {
		request: undefined,
		getRequestObject: () => context.request,
		getResponseObject: () => response,
		getHeaderData: () => context.request.headers,
		getQueryData: () => context.request.query,
		getCredentials: async () => credential,
		getNodeParameter: parameter,
		getMode: () => 'webhook',
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => workflow,
		logger: { warn() {}, debug() {} },
	};
	return context;
}

/**
 * The node's execute(), which n8n runs first in the execution a delivery starts: it records the event id in n8n's
 * processed-items store. The store here is an in-memory Set: the database queries n8n makes for it are n8n's cost,
 * not the handler's (`npm run bench:n8n` measures them in a real n8n).
 */
function executeContextFor(platform, staticData, workflow, node) {
	const deliveryOptions = {};
	const processed = new Set();
	const context = {
		items: undefined,
		getInputData: () => context.items,
		getNodeParameter: (name, _index, fallback) => (name === 'deliveryOptions' ? deliveryOptions : platform.parameters[name] ?? fallback),
		getCredentials: async () => platform.credential,
		getMode: () => 'webhook',
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => workflow,
		logger: { warn() {}, debug() {} },
		helpers: {
			async checkProcessedAndRecord(keys) {
				const output = { new: [], processed: [] };
				for (const key of keys) {
					if (processed.has(key)) output.processed.push(key);
					else {
						processed.add(key);
						output.new.push(key);
					}
				}
				return output;
			},
		},
	};
	return context;
}

let runCounter = 0;

async function timeHandler(platform, deliveries) {
	const node = new platform.Node();
	const staticData = ObservableObject.create({});
	// A workflow of its own per timed run: the node's in-process claims are kept per workflow and node.
	const workflow = { id: `bench-${++runCounter}`, name: 'bench', active: true };
	const triggerNode = { id: 'trigger', name: 'Trigger' };
	const webhookContext = contextFor(platform, staticData, workflow, triggerNode);
	const executeContext = executeContextFor(platform, staticData, workflow, triggerNode);
	const started = process.hrtime.bigint();
	for (const delivery of deliveries) {
		webhookContext.request = { method: 'POST', rawBody: delivery.rawBody, headers: delivery.headers, query: delivery.query };
		const result = await node.webhook.call(webhookContext);
		if (result.workflowData === undefined) throw new Error(`${platform.name}: a bench delivery was not emitted`);
		executeContext.items = result.workflowData[0];
		await node.execute.call(executeContext);
	}
	return Number(process.hrtime.bigint() - started) / deliveries.length;
}

async function timeFloor(deliveries) {
	const started = process.hrtime.bigint();
	for (const delivery of deliveries) {
		createHmac('sha256', FLOOR_KEY).update(delivery.rawBody).digest();
		JSON.parse(delivery.rawBody.toString('utf8'));
		await Promise.resolve();
	}
	return Number(process.hrtime.bigint() - started) / deliveries.length;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const micro = (ns) => `${(ns / 1000).toFixed(1).padStart(7)} µs`;

console.log(`node ${process.version}, ${ROUNDS} rounds, median per delivery\n`);
console.log('platform       size     handler      floor        ratio  target');
for (const platform of platforms) {
	for (const size of SIZES) {
		const deliveries = makeDeliveries(platform, size);
		const handler = [];
		const floor = [];
		await timeHandler(platform, deliveries.slice(0, 200)); // warm-up
		await timeFloor(deliveries.slice(0, 200));
		for (let round = 0; round < ROUNDS; round++) {
			floor.push(await timeFloor(deliveries));
			handler.push(await timeHandler(platform, deliveries));
		}
		const ratio = median(handler) / median(floor);
		const target = size.bytes <= 1024 ? 1.5 : 1.2;
		console.log(
			`${platform.name.padEnd(14)} ${size.label.padEnd(7)} ${micro(median(handler))}  ${micro(median(floor))}  ${ratio.toFixed(2).padStart(5)}x  ≤${target}x ${ratio <= target ? 'met' : 'MISSED'}`,
		);
	}
}
