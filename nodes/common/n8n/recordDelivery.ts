import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { deliveryKey, rememberDelivery } from '../deduplication';
import type { DeliveryOptionsSwitches } from './nodeParameters';
import { throwIfRefusedTestDelivery } from './testRefusal';

/**
 * `execute()` of every trigger. n8n runs it first in the execution a delivery starts, with the item `webhook()`
 * emitted as input, and persists the static data it changes when the execution ends (regular and queue mode
 * alike). It records the event id so a redelivery is answered without an execution, and passes the item on as is.
 */
export async function recordDelivery(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	throwIfRefusedTestDelivery(context, items);
	const options = context.getNodeParameter('deliveryOptions', 0, {}) as DeliveryOptionsSwitches;
	if (options.deduplicate ?? true) {
		const staticData = context.getWorkflowStaticData('node');
		const now = Date.now();
		for (const { json } of items) {
			if (typeof json.platform === 'string' && typeof json.eventId === 'string') {
				rememberDelivery(staticData, deliveryKey(json.platform, json.eventId), now);
			}
		}
	}
	return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
}
