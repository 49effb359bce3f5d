// The workflows the benchmark deploys side by side, each `<start> -> ... -> No Operation`: this package's five
// triggers with Ignore Redeliveries on and off, and what n8n itself offers for the same job: its Webhook node bare,
// with Header Auth, followed by Remove Duplicates, and two of its triggers that verify an HMAC as ours do (GitHub,
// whose secret comes from its registration, and Slack, whose secret comes from its credential).
// One more runs a trigger saved at node version 1 (mythicdot-v1), for which n8n evaluates an expression per request.
// Each contender deploys its workflow, makes distinct events, signs a delivery of one the way its platform would,
// and finds the event again in the item the NoOp node received.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { defaultVersionOf, PACKAGE_NAME } from '../../../scripts/lib/n8n.mjs';
import { activate, createCredential } from '../../e2e/lib/harness.mjs';
import { UsageError } from './options.mjs';

const require = createRequire(import.meta.url);
const { specs } = require('../../platforms/index.js');
const { hexHmac, randomToken } = require('../../support/signing.js');

/** n8n's default name for the node; executions are judged on whether it ran. */
export const NOOP_NODE = 'No Operation, do nothing';

/**
 * The same settings on every workflow, so that saving executions costs each the same: every production execution
 * saved with its data (what "reached NoOp" is judged from), no progress saving, n8n's v1 execution order.
 */
const SETTINGS = {
	executionOrder: 'v1',
	saveDataSuccessExecution: 'all',
	saveDataErrorExecution: 'all',
	saveExecutionProgress: false,
	saveManualExecutions: false,
};

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'n8n-nodes-ml-webhooks-bench' };
const mythicdot = specs.find((spec) => spec.id === 'mythicdot');
const suffix = () => randomBytes(3).toString('hex');

/** `nodes` in order, each feeding the next, the last feeding NoOp; created through the public API and published. */
async function deployChain(client, name, nodes) {
	const chain = [...nodes, { name: NOOP_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }].map((node, index) => ({
		id: randomUUID(),
		position: [index * 240, 0],
		...node,
	}));
	const connections = Object.fromEntries(
		chain.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]),
	);
	const workflow = await client.api('POST', '/workflows', { name, nodes: chain, connections, settings: SETTINGS });
	await activate(client, workflow);
	return workflow;
}

async function credentialRef(client, { type, data }) {
	const created = await createCredential(client, { name: `bench ${type} ${suffix()}`, type, data });
	return { [type]: { id: created.id, name: created.name } };
}

/** An event to send: `marker` is how it is recognised in the item NoOp received (see markerOfItem). */
function event(tag, payload, marked = payload) {
	return { tag, payload, marker: JSON.stringify(marked) };
}

/** The event a contender's item carries, as sent: our triggers emit it as `payload`, n8n's Webhook node as `body`. */
const markerOfItem = (item) => JSON.stringify(item?.payload ?? item?.body);

/**
 * One of this package's triggers, driven by its test spec (test/platforms/<id>.js: how the platform signs), at the
 * node version a new workflow gets, or at `savedVersion` (a workflow saved with an earlier version).
 */
function ourTrigger(spec, deduplicate, savedVersion) {
	const secret = spec.newSecret();
	const webhookId = randomUUID();
	const path = `/webhook/${webhookId}/webhook`;
	const variant = savedVersion === undefined ? '' : `-v${savedVersion}`;
	return {
		key: `${spec.id}${deduplicate ? '' : '-nodedup'}${variant}`,
		group: savedVersion === undefined ? spec.id : `v${savedVersion}`,
		label: `${spec.displayName}${deduplicate ? '' : ' (Ignore Redeliveries off)'}${savedVersion === undefined ? '' : ` saved at v${savedVersion}`} -> NoOp`,
		ours: true,
		exactlyOnce: deduplicate,
		path,
		async deploy({ client, rememberedEvents }) {
			const credentials = await credentialRef(client, { type: spec.credentialType, data: spec.credential(secret) });
			const deliveryOptions = { deduplicate, ...(rememberedEvents ? { rememberedEvents } : {}) };
			const parameters = { ...spec.baseParameters, events: ['*'], deliveryOptions };
			const type = `${PACKAGE_NAME}.${spec.nodeName}`;
			this.workflow = await deployChain(client, `bench: ${this.label}`, [
				{ name: spec.displayName, type, typeVersion: savedVersion ?? defaultVersionOf(spec.nodeName), webhookId, parameters, credentials },
			]);
		},
		newEvent: (tag) => event(tag, spec.uniquePayload(spec.fixtures[spec.selection[0]], tag)),
		/** Signed now. Svix signs an id and a time: a redelivery keeps the event's id (`msg_<tag>`), with a new time. */
		delivery(ev) {
			const body = JSON.stringify(ev.payload);
			const proof = spec.sign(body, secret, { id: `msg_${ev.tag}`, date: new Date() });
			const query = new URLSearchParams(proof.query).toString();
			return { path: query === '' ? path : `${path}?${query}`, body, headers: { ...JSON_HEADERS, ...proof.headers } };
		},
		markerOfItem,
	};
}

/** The body n8n's Webhook node and GitHub Trigger receive: MythicDot's, the same bytes as our hex-HMAC trigger's. */
const mythicdotEvent = (tag) => event(tag, mythicdot.uniquePayload(mythicdot.fixtures['batch.completed'], tag));

/** One of n8n's own start nodes -> `after` -> NoOp. */
function n8nWorkflow({
	key,
	label,
	baseline,
	exactlyOnce = false,
	start,
	after = [],
	credential,
	sign = () => ({}),
	deployed,
	newEvent = mythicdotEvent,
	itemMarker = markerOfItem,
}) {
	const webhookId = randomUUID();
	const startNode = start(webhookId);
	// The Webhook node serves its own `path`; other triggers serve <webhookId>/<path of their description>.
	const path = startNode.type === 'n8n-nodes-base.webhook' ? `/webhook/${startNode.parameters.path}` : `/webhook/${webhookId}/webhook`;
	return {
		key,
		group: key,
		label,
		baseline,
		ours: false,
		exactlyOnce,
		path,
		async deploy(context) {
			const credentials = credential ? await credentialRef(context.client, credential(context)) : undefined;
			// --events-remembered: Remove Duplicates keeps that many values too (its History Size option)
			const sized = after.map((node) =>
				context.rememberedEvents && node.type === 'n8n-nodes-base.removeDuplicates'
					? { ...node, parameters: { ...node.parameters, options: { historySize: context.rememberedEvents } } }
					: node,
			);
			this.workflow = await deployChain(context.client, `bench: ${label}`, [{ ...startNode, ...(credentials ? { credentials } : {}) }, ...sized]);
			await deployed?.call(this, context, webhookId);
		},
		newEvent,
		delivery(ev) {
			const body = JSON.stringify(ev.payload);
			return { path, body, headers: { ...JSON_HEADERS, ...sign.call(this, body, ev) } };
		},
		markerOfItem: itemMarker,
	};
}

/** A Slack Events API delivery of a message; the Slack Trigger emits its `event` object, which marks it. */
function slackEvent(tag) {
	const now = Math.floor(Date.now() / 1000);
	const message = {
		type: 'message',
		client_msg_id: tag,
		channel: 'C0BENCH01',
		channel_type: 'channel',
		user: 'U0BENCH01',
		text: 'Batch batch_abc123 completed: 998 of 1000 requests completed, 2 failed.',
		ts: `${now}.000100`,
		event_ts: `${now}.000100`,
	};
	const payload = { token: 'bench', team_id: 'T0BENCH01', api_app_id: 'A0BENCH01', type: 'event_callback', event_id: `Ev${tag}`, event_time: now, event: message };
	return event(tag, payload, message);
}

const webhookNode = (webhookId, parameters = {}) => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2.1,
	webhookId,
	parameters: { httpMethod: 'POST', path: webhookId, responseMode: 'onReceived', options: {}, ...parameters },
});

function n8nContenders() {
	const headerAuth = { name: 'X-Bench-Auth', value: randomToken(32) };
	const slackSecret = randomBytes(16).toString('hex');
	return [
		n8nWorkflow({ key: 'webhook', label: 'Webhook -> NoOp', baseline: 'webhook', start: (id) => webhookNode(id) }),
		n8nWorkflow({
			key: 'webhook-headerauth',
			label: 'Webhook (Header Auth) -> NoOp',
			baseline: 'headerAuth',
			start: (id) => webhookNode(id, { authentication: 'headerAuth' }),
			credential: () => ({ type: 'httpHeaderAuth', data: headerAuth }),
			sign: () => ({ [headerAuth.name]: headerAuth.value }),
		}),
		n8nWorkflow({
			key: 'webhook-removedups',
			label: 'Webhook -> Remove Duplicates -> NoOp',
			baseline: 'removeDuplicates',
			exactlyOnce: true,
			start: (id) => webhookNode(id),
			// What a user builds for de-duplication today: n8n's database-backed history of seen values.
			after: [
				{
					name: 'Remove Duplicates',
					type: 'n8n-nodes-base.removeDuplicates',
					typeVersion: 2,
					parameters: {
						operation: 'removeItemsSeenInPreviousExecutions',
						logic: 'removeItemsWithAlreadySeenKeyValues',
						dedupeValue: '={{ $json.body.id }}',
						options: {},
					},
				},
			],
		}),
		n8nWorkflow({
			key: 'github',
			label: 'GitHub Trigger (signed) -> NoOp',
			baseline: 'github',
			start: (webhookId) => ({
				name: 'Github Trigger',
				type: 'n8n-nodes-base.githubTrigger',
				typeVersion: 1,
				webhookId,
				parameters: {
					authentication: 'accessToken',
					owner: { __rl: true, mode: 'name', value: 'bench' },
					repository: { __rl: true, mode: 'name', value: 'models' },
					events: ['workflow_run'],
					options: {},
				},
			}),
			// "Github Server" is the credential's GitHub Enterprise setting: registration goes to the loopback stand-in.
			credential: ({ githubApi }) => ({ type: 'githubApi', data: { server: githubApi.url, user: 'bench', accessToken: githubApi.accessToken } }),
			/** create() generated the secret and sent it to the GitHub stand-in: GitHub signs with it. */
			async deployed({ githubApi }, webhookId) {
				this.secret = githubApi.secretFor(webhookId);
				if (!this.secret) throw new Error('the GitHub Trigger registered no hook with a secret at the GitHub stand-in');
			},
			sign(body, ev) {
				return { 'x-github-event': 'workflow_run', 'x-github-delivery': ev.tag, 'x-hub-signature-256': `sha256=${hexHmac(this.secret, body)}` };
			},
		}),
		n8nWorkflow({
			key: 'slack',
			label: 'Slack Trigger (signed) -> NoOp',
			baseline: 'slack',
			// Like ours: no registration, the signing secret read from its credential for every request, a timed HMAC.
			start: (webhookId) => ({
				name: 'Slack Trigger',
				type: 'n8n-nodes-base.slackTrigger',
				typeVersion: 1,
				webhookId,
				parameters: { authentication: 'accessToken', trigger: ['any_event'], watchWorkspace: true, options: {} },
			}),
			credential: () => ({ type: 'slackApi', data: { accessToken: `xoxb-${randomToken(24)}`, signatureSecret: slackSecret } }),
			newEvent: slackEvent,
			itemMarker: (item) => JSON.stringify(item),
			/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret, in hex. */
			sign(body) {
				const timestamp = String(Math.floor(Date.now() / 1000));
				return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${hexHmac(slackSecret, `v0:${timestamp}:${body}`)}` };
			},
		}),
	];
}

/** Every contender, n8n's own first; `only` keeps those whose key or platform id it names. */
export function contenders(only) {
	const all = [...n8nContenders(), ...specs.flatMap((spec) => [ourTrigger(spec, true), ourTrigger(spec, false)]), ourTrigger(mythicdot, true, 1)];
	const unknown = (only ?? []).filter((name) => !all.some((contender) => contender.key === name || contender.group === name));
	if (unknown.length > 0) throw new UsageError(`--only: unknown ${unknown.join(', ')}; known: ${all.map((contender) => contender.key).join(', ')}`);
	return only ? all.filter((contender) => only.includes(contender.key) || only.includes(contender.group)) : all;
}
