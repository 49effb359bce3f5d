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
import { datasaur } from './datasaur.platform';

export class DatasaurTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Datasaur Trigger',
		name: 'datasaurTrigger',
		icon: { light: 'file:datasaur.svg', dark: 'file:datasaur.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#datasaur',
		description: 'Starts the workflow when a Datasaur labeling project is created, completed or reviewed, or labels are about to change',
		defaults: { name: 'Datasaur Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'datasaurApi', required: true, testedBy: 'datasaurSigningSecret' }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName:
					'Datasaur registers webhooks through its support team: e-mail support@datasaur.ai the Production URL above and a signing secret you choose (a long random string), put the same secret in the credential, and publish this workflow. Datasaur signs every delivery with it.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: Datasaur sends to the one URL its support registered, so a live test needs the Test URL (Webhook URLs above; it cannot be opened while n8n listens) registered too. Otherwise pin a sample event on this node (the example workflows carry one) and run the workflow without Datasaur. A refused event is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(datasaur),
			deliveryOptionsParameter(datasaur),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { datasaurSigningSecret: testHexHmacSecret } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, datasaur, 'datasaurApi');
	}
}
