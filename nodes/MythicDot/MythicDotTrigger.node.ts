import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { testHexHmacSecret } from '../common/n8n/credentialTests';
import { noRegistration } from '../common/n8n/noRegistration';
import {
	deliveryOptionsParameter,
	EVENTS_SUBTITLE,
	eventsParameter,
	rawBodyParameter,
	webhookDescription,
} from '../common/n8n/nodeParameters';
import { TRIGGER_VERSIONS } from '../common/n8n/nodeVersion';
import { recordDelivery } from '../common/n8n/recordDelivery';
import { runWebhook } from '../common/n8n/runWebhook';
import { mythicDot } from './mythicDot.platform';

export class MythicDotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MythicDot.AI Trigger',
		name: 'mythicDotTrigger',
		icon: { light: 'file:mythicdot.svg', dark: 'file:mythicdot.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#mythicdotai',
		description: 'Starts the workflow when a MythicDot.AI batch, fine-tuning job or usage alert sends an event',
		defaults: { name: 'MythicDot.AI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mythicDotApi', required: true, testedBy: 'mythicDotSigningSecret' }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName:
					'In MythicDot.AI open Dashboard → Settings → Webhooks, add the Production URL above as an endpoint and pick its events. Copy the signing secret it shows (whsec_…) into the credential. Publish this workflow before MythicDot.AI sends its first event.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: open Webhook URLs above before you click Test this trigger (it cannot be opened while n8n listens) and add the Test URL as an endpoint in MythicDot.AI, with its signing secret in the credential. Then resend a delivery from the endpoint\'s delivery logs, or start a batch or fine-tuning job. A refused event is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(mythicDot),
			deliveryOptionsParameter(mythicDot),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { mythicDotSigningSecret: testHexHmacSecret } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, mythicDot, 'mythicDotApi');
	}
}
