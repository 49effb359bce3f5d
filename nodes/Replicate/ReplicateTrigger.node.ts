import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { noRegistration } from '../common/n8n/noRegistration';
import {
	deliveryOptionsParameter,
	EVENTS_SUBTITLE,
	eventsParameter,
	rawBodyParameter,
	webhookDescription,
} from '../common/n8n/nodeParameters';
import { recordDelivery } from '../common/n8n/recordDelivery';
import { TRIGGER_VERSIONS } from '../common/n8n/nodeVersion';
import { runWebhook } from '../common/n8n/runWebhook';
import { COMPLETED_GROUPS, replicate } from './replicate.platform';
import { testReplicateCredential } from './replicateCredentialTest';
import { REPLICATE_CREDENTIAL, replicateSecrets } from './replicateSecret';

export class ReplicateTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Replicate Trigger',
		name: 'replicateTrigger',
		icon: { light: 'file:replicate.svg', dark: 'file:replicate.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#replicate',
		description: 'Starts the workflow when a Replicate prediction or training starts, produces output or finishes',
		defaults: { name: 'Replicate Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'replicateApi', required: true, testedBy: 'replicateCredential' }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName:
					'Replicate has no list of webhooks: each prediction or training names its own. Add the Production URL above to the JSON body when you create one (POST https://api.replicate.com/v1/predictions, or …/models/{owner}/{model}/versions/{version}/trainings), with n8n\'s HTTP Request node or any client: "webhook": "<Production URL>", "webhook_events_filter": ["completed"] (or any of "start", "output", "logs", "completed"). Deliveries are checked with your account\'s webhook signing secret, which the credential reads with your API token.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: open Webhook URLs above before you click Test this trigger (it cannot be opened while n8n listens), then create a prediction with the Test URL as its "webhook" (a small public model finishes in seconds). A refused event is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(replicate, COMPLETED_GROUPS),
			deliveryOptionsParameter(replicate),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { replicateCredential: testReplicateCredential } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, replicate, REPLICATE_CREDENTIAL, replicateSecrets);
	}
}
