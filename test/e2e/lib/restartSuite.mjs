// Redelivery de-duplication across an n8n restart, in a real n8n: events recorded before n8n stops are recognised
// after it starts again on the same database. The node remembers events in n8n's processed-items store (the one the
// Remove Duplicates node uses); its in-process claims are gone after the restart, so the store alone decides.
import { randomBytes } from 'node:crypto';

import { waitFor, publishSpecWorkflow, deliver, deliverRetrying, executionsSettled, listExecutions, reachedNoOp, triggerItem } from './harness.mjs';

const EVENTS = 20;

/**
 * @param ctx {client, results, log}
 * @param spec a PlatformSpec whose events carry their own id (the body changes per event)
 * @param restart () => Promise: stops n8n cleanly and starts it again on the same user folder and port
 */
export async function runRestartSuite(ctx, spec, restart) {
	const { client, results } = ctx;
	const name = (text) => `restart (${spec.id}): ${text}`;
	const secret = spec.newSecret();
	const event = spec.selection[0];
	const deliveries = Array.from({ length: EVENTS }, (_, index) => {
		const body = JSON.stringify(spec.uniquePayload(spec.fixtures[event], `restart_${randomBytes(4).toString('hex')}_${index}`));
		return { body, ...spec.sign(body, secret, { id: `msg_restart_${index}_${randomBytes(4).toString('hex')}` }) };
	});
	const send = async ({ body, headers, query }) => {
		const search = new URLSearchParams(query).toString();
		// As a platform sends: a busy n8n may take long to answer, and a 503 is sent again after its Retry-After.
		return (await deliverRetrying(search === '' ? workflow.url : `${workflow.url}?${search}`, body, headers)).status;
	};
	let workflow;
	const before = await results.check(name(`${EVENTS} events before the restart -> ${EVENTS} executions`), async () => {
		workflow = await publishSpecWorkflow(client, spec, {
			name: `${spec.id} e2e: restart`,
			data: spec.credential(secret),
			parameters: { ...spec.baseParameters, events: ['*'], deliveryOptions: {} },
		});
		const statuses = await Promise.all(deliveries.map(send));
		if (statuses.some((status) => status !== 200)) throw new Error(`answers ${statuses.join(' ')}`);
		await executionsSettled(client, workflow.id);
		const passed = (await listExecutions(client, workflow.id)).filter(reachedNoOp).length;
		if (passed !== EVENTS) throw new Error(`${passed} executions reached the NoOp node`);
		return true;
	});
	if (!before) return;

	await results.check(name('n8n stops cleanly, starts again on the same database and activates the workflow'), async () => {
		await restart();
		await waitFor(async () => (await deliver(workflow.url, '{}')).status, (status) => status === 401, {
			timeoutMs: 60000,
			what: 'the trigger answering again after the restart',
		});
	});

	await results.check(name(`the ${EVENTS} events redelivered after the restart -> answered 200, none passed on again`), async () => {
		const statuses = await Promise.all(deliveries.map(send));
		if (statuses.some((status) => status !== 200)) throw new Error(`answers ${statuses.join(' ')}`);
		await executionsSettled(client, workflow.id);
		const executions = await listExecutions(client, workflow.id);
		const passed = executions.filter(reachedNoOp);
		if (passed.length !== EVENTS) throw new Error(`${passed.length - EVENTS} redelivered events reached the NoOp node again`);
		// Executions the redeliveries started (the in-process claims were lost with the restart) end at the trigger.
		const stopped = executions.filter((execution) => !reachedNoOp(execution));
		const carried = stopped.filter((execution) => triggerItem(execution, workflow.triggerName) !== undefined);
		if (carried.length > 0) throw new Error(`${carried.length} executions after the restart still emitted an item`);
		ctx.log(`after the restart: ${stopped.length} redeliveries started an execution that stopped at the trigger`);
	});
}
