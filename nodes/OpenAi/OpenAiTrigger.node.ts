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
import { FETCH_OBJECT_PARAMETER, fetchObjects } from '../common/n8n/fetchObjects';
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
import { openAi } from './openAi.platform';

const CREDENTIAL_TYPE = 'openAiWebhookApi';

export class OpenAiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OpenAI Trigger',
		name: 'openAiTrigger',
		icon: { light: 'file:openai.svg', dark: 'file:openai.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#openai',
		description:
			'Starts the workflow when an OpenAI fine-tuning job, batch, eval run or background response finishes, or a Realtime call comes in',
		defaults: { name: 'OpenAI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'openAiWebhookApi', required: true, testedBy: 'openAiSigningSecret' }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName:
					'In the OpenAI dashboard open your project\'s settings → Webhooks → Create: paste the Production URL above and pick its events. OpenAI shows the endpoint\'s signing secret (whsec_…) once: copy it into the credential.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'To test: open Webhook URLs above before you click Test this trigger (it cannot be opened while n8n listens) and create an endpoint for the Test URL, with its signing secret in the credential. Then, in the dashboard\'s Webhooks list, send a test event from that endpoint. A refused event is shown here with the reason. Publishing makes the Production URL receive events all the time; those executions appear under Executions.',
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			eventsParameter(openAi),
			{
				displayName: 'Fetch the Object',
				name: FETCH_OBJECT_PARAMETER,
				type: 'boolean',
				default: true,
				description:
					"Whether to read the fine-tuning job, batch, eval run or response the event names from OpenAI's API and put its fields on the item (the fine-tuned model, request counts, output text …). Needs an API key in the credential; happens in the execution, after OpenAI got its answer. A failed read keeps the event and names the reason in validationIssues.",
			},
			deliveryOptionsParameter(openAi),
			rawBodyParameter,
		],
	};

	methods = { credentialTest: { openAiSigningSecret: testStandardWebhookSecret } };

	webhookMethods = { default: noRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery), then reads its object. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const [passed] = await recordDelivery(this);
		return [await fetchObjects(this, openAi, CREDENTIAL_TYPE, passed)];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, openAi, CREDENTIAL_TYPE);
	}
}
