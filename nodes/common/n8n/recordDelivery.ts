import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { claimsFor, nodeScope } from '../deduplication/claims';
import { eventKey } from '../deduplication/eventKey';
import { oneAtATime } from '../deduplication/serialize';
import { DEFAULT_REMEMBERED_EVENTS, type DeliveryOptionsSwitches } from './nodeParameters';
import { throwIfRefusedTestDelivery } from './testRefusal';

/**
 * `execute()` of every trigger: n8n runs it first in the execution a delivery starts, with the item `webhook()`
 * emitted, in whichever process runs executions (the main process, or a queue-mode worker).
 *
 * It records the event in n8n's database through the same processed-items store n8n's Remove Duplicates node uses,
 * which every process of the instance sees and which outlives restarts. An event that store already holds was taken
 * by another execution (a copy that reached another n8n process, or a redelivery after a restart): its item is not
 * passed on, so the rest of the workflow runs once per event. n8n's store reads, changes and writes back one record
 * per node, so the calls are made one at a time in this process (serialize.ts).
 */
export async function recordDelivery(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	throwIfRefusedTestDelivery(context, items);
	const paired = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
	const options = context.getNodeParameter('deliveryOptions', 0, {}) as DeliveryOptionsSwitches;
	// Test executions (the Test URL) are not remembered: the same event may come again for real.
	if (!(options.deduplicate ?? true) || context.getMode() === 'manual') return [paired];

	const node = context.getNode();
	const workflowId = context.getWorkflow().id;
	const claims = claimsFor(workflowId, node.id);
	const maxEntries = options.rememberedEvents ?? DEFAULT_REMEMBERED_EVENTS;
	const passed: INodeExecutionData[] = [];
	for (const item of paired) {
		const { platform, eventId } = item.json;
		if (typeof platform !== 'string' || typeof eventId !== 'string') {
			passed.push(item);
			continue;
		}
		const key = eventKey(platform, eventId);
		const takenElsewhere = await recordedBefore(context, nodeScope(workflowId, node.id), key, maxEntries);
		const takenHere = claims.markDone(key);
		if (takenElsewhere || takenHere) {
			context.logger.debug(`${node.name}: event ${eventId} was already taken by another execution; not passed on`);
		} else {
			passed.push(item);
		}
	}
	return [passed];
}

/** Whether n8n's processed-items store already held the event; records it either way. A failing store passes the
 * event on: running it twice is better than losing it. */
async function recordedBefore(context: IExecuteFunctions, scope: string, key: string, maxEntries: number): Promise<boolean> {
	try {
		const result = await oneAtATime(scope, async () =>
			await context.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries', maxEntries }),
		);
		return result.processed.length > 0;
	} catch (error) {
		context.logger.warn(`${context.getNode().name}: could not record the event for de-duplication: ${(error as Error).message}`);
		return false;
	}
}
