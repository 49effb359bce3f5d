import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { testUrlToken } from '../common/n8n/credentialTests';
import { noRegistration } from '../common/n8n/noRegistration';
import {
	deliveryOptionsParameter,
	EVENTS_SUBTITLE,
	eventsParameter,
	getWebhookDescription,
	rawBodyParameter,
	webhookDescription,
} from '../common/n8n/nodeParameters';
import { TRIGGER_VERSIONS } from '../common/n8n/nodeVersion';
import { recordDelivery } from '../common/n8n/recordDelivery';
import { runWebhook } from '../common/n8n/runWebhook';
import { secretsFromCredential } from '../common/n8n/secrets';
import { polyaxon } from './polyaxon.platform';

export class PolyaxonTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Polyaxon Trigger',
		name: 'polyaxonTrigger',
		icon: { light: 'file:polyaxon.svg', dark: 'file:polyaxon.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#polyaxon',
		description: 'Starts the workflow when a Polyaxon experiment, job, group or build succeeds, fails, stops or is done',
		defaults: { name: 'Polyaxon Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'polyaxonApi', required: true, testedBy: 'polyaxonUrlToken' }],
		webhooks: [webhookDescription, getWebhookDescription],
		properties: [
			{
				displayName:
					'Polyaxon has no webhook API and does not sign its calls. In Polyaxon, add a connection of kind webhook whose URL is the Production URL above followed by ?token= and the URL Token of the credential, e.g. https://n8n.example.com/webhook/…/webhook?token=YOUR_TOKEN. POST (JSON) and GET (query parameters) both work. The <a href="https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#polyaxon" target="_blank">setup guide</a> has the full connection snippet.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: open Webhook URLs above before you click Test this trigger (it cannot be opened while n8n listens) and point a Polyaxon webhook connection at the Test URL followed by ?token=YOUR_TOKEN. Then run an operation with a hook on that connection. A refused call is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(polyaxon),
			deliveryOptionsParameter(polyaxon),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { polyaxonUrlToken: testUrlToken } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, polyaxon, 'polyaxonApi', (_context, credential) =>
			secretsFromCredential(credential, 'urlToken', 'previousUrlToken'),
		);
	}
}
