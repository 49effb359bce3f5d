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
const spec = (id) => specs.find((candidate) => candidate.id === id);

const ROUNDS = 7;
const SIZES = [
	{ label: '1 KiB', bytes: 1024, deliveries: 4000 },
	{ label: '64 KiB', bytes: 64 * 1024, deliveries: 400 },
];

const hexSecret = spec('mythicdot').newSecret();
const svixSecret = spec('segmentsai').newSecret();

/** Headers of a delivery signed as the platform signs it (the spec's signer, the one the test suites use). */
const signer = (id, secret) => (body, index) => {
	const { headers } = spec(id).sign(body, secret, { id: `msg_bench_${index}` });
	// lower-case, as Node hands headers to n8n
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
};

const platforms = [
	{
		name: 'MythicDot.AI',
		Node: load('dist/nodes/MythicDot/MythicDotTrigger.node.js').MythicDotTrigger,
		secret: hexSecret,
		payload: spec('mythicdot').fixtures['batch.completed'],
		withId: (payload, index) => ({ ...payload, id: `evt_bench_${index}` }),
		sign: signer('mythicdot', hexSecret),
		floorKey: hexSecret,
	},
	{
		name: 'Segments.ai',
		Node: load('dist/nodes/SegmentsAi/SegmentsAiTrigger.node.js').SegmentsAiTrigger,
		secret: svixSecret,
		payload: spec('segmentsai').fixtures['sample.created'],
		withId: (payload) => payload,
		sign: signer('segmentsai', svixSecret),
		floorKey: Buffer.from(svixSecret.slice(6), 'base64'),
	},
	{
		name: 'Datasaur',
		Node: load('dist/nodes/Datasaur/DatasaurTrigger.node.js').DatasaurTrigger,
		secret: hexSecret,
		payload: spec('datasaur').fixtures['PROJECT_COMPLETED'],
		// Datasaur sends no id: the body hash is the key, so unique bodies make unique events.
		withId: (payload, index) => ({ ...payload, data: { ...payload.data, timestamp: new Date(1e12 + index).toISOString() } }),
		sign: signer('datasaur', hexSecret),
		floorKey: hexSecret,
	},
	replicate('Replicate', spec('replicate').credential(svixSecret)),
	// The secret read with an API token: fetched once (the first warm-up delivery), then known in memory.
	replicate('Replicate/tok', { method: 'apiToken', apiToken: `r8_bench_${Date.now()}`, baseUrl: 'http://127.0.0.1:9/v1' }, { key: svixSecret }),
];

/** Replicate's trigger with a pasted secret, or with an API token whose secret request answers `secretAnswer`. */
function replicate(name, credential, secretAnswer) {
	const { ReplicateTrigger } = load('dist/nodes/Replicate/ReplicateTrigger.node.js');
	const payload = spec('replicate').fixtures['prediction.succeeded'];
	const floorKey = Buffer.from(svixSecret.slice(6), 'base64');
	return { name, Node: ReplicateTrigger, credential, secretAnswer, payload, withId: (event) => event, sign: signer('replicate', svixSecret), floorKey };
}

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
		return { rawBody: Buffer.from(body), headers: { 'content-type': 'application/json', ...platform.sign(body, index) } };
	});
}

/**
 * One IWebhookFunctions-shaped context per run whose current delivery is swapped in, so that building the context
 * (n8n's work, not the node's) is not counted as handler time.
 */
function contextFor(platform, staticData, workflow, node) {
	const response = { status() { return this; }, json() { return this; } };
	const credential = platform.credential ?? { signingSecret: platform.secret, previousSigningSecret: '' };
	const deliveryOptions = {};
	const events = ['*'];
	const context = {
		request: undefined,
		getRequestObject: () => context.request,
		getResponseObject: () => response,
		getHeaderData: () => context.request.headers,
		getQueryData: () => context.request.query,
		getCredentials: async () => credential,
		getNodeParameter: (name, fallback) => (name === 'events' ? events : name === 'deliveryOptions' ? deliveryOptions : fallback),
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => workflow,
		// A production delivery (the Test URL's mode `manual` skips de-duplication).
		getMode: () => 'webhook',
		logger: { warn() {}, debug() {} },
		helpers: {
			// Only a platform that reads its secret from an API asks; counted, so a fetch per delivery would show.
			async httpRequestWithAuthentication() {
				platform.secretRequests = (platform.secretRequests ?? 0) + 1;
				return platform.secretAnswer;
			},
		},
	};
	return context;
}

/**
 * The node's execute(), which n8n runs first in the execution a delivery starts: it records the event id in n8n's
 * processed-items store. The store here is an in-memory Set: the database queries n8n makes for it are n8n's cost,
 * not the handler's (`npm run bench:n8n` measures them in a real n8n).
 */
function executeContextFor(staticData, workflow, node) {
	const deliveryOptions = {};
	const processed = new Set();
	const context = {
		items: undefined,
		getInputData: () => context.items,
		getNodeParameter: (name, _index, fallback) => (name === 'deliveryOptions' ? deliveryOptions : fallback),
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => workflow,
		getMode: () => 'webhook',
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
	const executeContext = executeContextFor(staticData, workflow, triggerNode);
	const started = process.hrtime.bigint();
	for (const delivery of deliveries) {
		webhookContext.request = { rawBody: delivery.rawBody, headers: delivery.headers, query: {} };
		const result = await node.webhook.call(webhookContext);
		if (result.workflowData === undefined) throw new Error(`${platform.name}: a bench delivery was not emitted`);
		executeContext.items = result.workflowData[0];
		await node.execute.call(executeContext);
	}
	return Number(process.hrtime.bigint() - started) / deliveries.length;
}

async function timeFloor(platform, deliveries) {
	const started = process.hrtime.bigint();
	for (const delivery of deliveries) {
		createHmac('sha256', platform.floorKey).update(delivery.rawBody).digest();
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
		await timeFloor(platform, deliveries.slice(0, 200));
		for (let round = 0; round < ROUNDS; round++) {
			floor.push(await timeFloor(platform, deliveries));
			handler.push(await timeHandler(platform, deliveries));
		}
		const ratio = median(handler) / median(floor);
		const target = size.bytes <= 1024 ? 1.5 : 1.2;
		if ((platform.secretRequests ?? 0) > 1) throw new Error(`${platform.name}: the secret was fetched ${platform.secretRequests} times`);
		console.log(
			`${platform.name.padEnd(14)} ${size.label.padEnd(7)} ${micro(median(handler))}  ${micro(median(floor))}  ${ratio.toFixed(2).padStart(5)}x  ≤${target}x ${ratio <= target ? 'met' : 'MISSED'}`,
		);
	}
}
