import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { claimsFor } from '../deduplication/claims';
import { eventKey } from '../deduplication/eventKey';
import { recordsFor, type RecordOutcome, type StoreCall } from '../deduplication/records';
import { rememberedEvents, type DeliveryOptionsSwitches } from './nodeParameters';
import { throwIfRefusedTestDelivery } from './testRefusal';

/**
 * `execute()` of every trigger: n8n runs it first in the execution a delivery starts, with the item `webhook()`
 * emitted, in whichever process runs executions (the main process, or a queue-mode worker).
 *
 * It records the event in n8n's processed-items store, which every process of the instance sees and which outlives
 * restarts, and, where other processes write the same records (queue-mode workers), confirms the record
 * (deduplication/records.ts). An event another execution took (a copy that reached
 * another n8n process, or a redelivery after a restart) is not passed on, so the rest of the workflow runs once per
 * event.
 */
export async function recordDelivery(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	throwIfRefusedTestDelivery(context, items);
	const paired = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
	const options = context.getNodeParameter('deliveryOptions', 0, {}) as DeliveryOptionsSwitches;
	// Test executions (the Test URL) are not remembered: the same event may come again for real.
	if (!(options.deduplicate ?? true) || context.getMode() === 'manual') return [paired];

	const node = context.getNode();
	const records = recordsFor(context.getWorkflow().id, node.id);
	const claims = claimsFor(context.getWorkflow().id, node.id);
	const remembered = rememberedEvents(options);
	const call: StoreCall = async (keys, withMarkers) => {
		// With markers, two entries per event: its key and the marker of the execution that took it.
		const maxEntries = (withMarkers ? 2 : 1) * remembered;
		const result = await context.helpers.checkProcessedAndRecord(keys, 'node', { mode: 'entries', maxEntries });
		return new Set(result.processed.map(String));
	};
	const executionId = context.getExecutionId();
	const passed = await Promise.all(
		paired.map(async (item) => {
			const { platform, eventId, receivedAt } = item.json;
			if (typeof platform !== 'string' || typeof eventId !== 'string') return true;
			const key = eventKey(platform, eventId);
			// This process's webhook() claimed the event for this very delivery and this process runs its execution:
			// n8n's regular mode, where no other process writes this node's records (deduplication/records.ts).
			const soleWriter = typeof receivedAt === 'string' && claims.markRunHere(key, Date.parse(receivedAt));
			// A failing store passes the event on: running it twice is better than losing it.
			const outcome = await records.record(key, `${key}:${executionId}`, call, soleWriter).catch((error: Error) => error);
			return passOn(context, eventId, outcome);
		}),
	);
	return [paired.filter((_item, index) => passed[index])];
}

function passOn(context: IExecuteFunctions, eventId: string, outcome: RecordOutcome | Error): boolean {
	const name = context.getNode().name;
	if (outcome instanceof Error) {
		context.logger.warn(`${name}: could not record the event for de-duplication: ${outcome.message}`);
		return true;
	}
	if (outcome === 'taken') {
		context.logger.debug(`${name}: event ${eventId} was already taken by another execution; not passed on`);
		return false;
	}
	if (outcome === 'unconfirmed') {
		context.logger.warn(`${name}: event ${eventId} recorded, but another n8n process kept overwriting the record; passed on`);
	}
	return true;
}
