import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { testStandardWebhookSecret } from '../common/n8n/credentialTests';
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
import { segmentsAi } from './segmentsAi.platform';

export class SegmentsAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segments.ai Trigger',
		name: 'segmentsAiTrigger',
		icon: { light: 'file:segmentsai.svg', dark: 'file:segmentsai.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#segmentsai',
		description: 'Starts the workflow when Segments.ai reports a change to a dataset, sample, label, issue or release',
		defaults: { name: 'Segments.ai Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmentsAiApi', required: true, testedBy: 'segmentsAiSigningSecret' }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName:
					'On your Segments.ai account page (segments.ai/account) click Enable in the Webhooks section, then Manage webhooks → Add Endpoint: paste the Production URL above and pick its events. Copy the endpoint\'s Signing Secret (whsec_…) into the credential. Only events of datasets you own are sent.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: open Webhook URLs above before you click Test this trigger (it cannot be opened while n8n listens) and add the Test URL as an endpoint in the webhook portal, with that endpoint\'s Signing Secret in the credential. Then open the endpoint\'s Testing tab and send an example event. A refused event is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(segmentsAi),
			deliveryOptionsParameter(segmentsAi),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { segmentsAiSigningSecret: testStandardWebhookSecret } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, segmentsAi, 'segmentsAiApi');
	}
}
