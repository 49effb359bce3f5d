import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

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
import { DEFAULT_FINETUNE_CATEGORY, segmind } from './segmind.platform';
import { CONSOLE_URL, registeredToken, segmindRegistration, type SegmindRegistrationState } from './segmindRegistration';

export class SegmindTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segmind Trigger',
		name: 'segmindTrigger',
		icon: { light: 'file:segmind.svg', dark: 'file:segmind.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: EVENTS_SUBTITLE,
		documentationUrl: 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#segmind',
		description: 'Starts the workflow on Segmind fine-tuning progress and Pixelflow node and workflow runs',
		defaults: { name: 'Segmind Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmindApi', required: true }],
		webhooks: [webhookDescription],
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				default: 'automatic',
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description: 'Publishing the workflow registers its URL with Segmind through the API key; unpublishing removes it',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: "You paste the URL into Segmind's console yourself",
					},
				],
			},
			{
				displayName:
					'Publishing this workflow registers its Production URL with Segmind, with a fresh secret token in it, for the categories your events need; unpublishing removes it. Test this trigger registers the Test URL the same way while n8n listens and removes it afterwards, but only where Segmind has room: Segmind allows one fine-tuning webhook per account, and a test never replaces one (a published workflow keeps its registration). Then start a fine-tuning job or run a Pixelflow workflow. A refused event is shown here with the reason. A delivery that names only its category (as PIXELFLOW deliveries do) reaches any selection with an event of that category.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName: `In Segmind's console (${CONSOLE_URL}) register the Production URL above followed by ?token= and the Webhook Token of the credential, e.g. https://n8n.example.com/webhook/…/webhook?token=YOUR_TOKEN, for Finetune, Pixelflows or both, and publish this workflow. Segmind does not sign deliveries: the token is the proof. To test, register the Test URL (Webhook URLs above; it cannot be opened while n8n listens) the same way and click Test this trigger: a refused event is shown here with the reason. A delivery that names only its category (as Segmind's PIXELFLOW deliveries do) reaches any selection with an event of that category.`,
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'If a Fine-Tuning Webhook Exists',
				name: 'ifFineTuneWebhookExists',
				type: 'options',
				default: 'fail',
				displayOptions: { show: { registration: ['automatic'] } },
				description: 'Segmind keeps one fine-tuning webhook per account: what to do when another URL holds it',
				options: [
					{ name: 'Fail', value: 'fail', description: 'Leave the other webhook alone: publishing fails and says why' },
					{
						name: 'Replace It',
						value: 'replace',
						description:
							'Point the existing webhook at this workflow: what it pointed at (another workflow or service) stops receiving fine-tuning events, and unpublishing that other workflow later leaves this one alone',
					},
				],
			},
			eventsParameter(segmind),
			deliveryOptionsParameter(segmind, [
				{
					displayName: 'Fine-Tuning Category',
					name: 'fineTuneCategory',
					type: 'string',
					default: DEFAULT_FINETUNE_CATEGORY,
					displayOptions: { show: { '/registration': ['automatic'] } },
					description:
						'The category name sent to Segmind when registering for fine-tuning events. Segmind has not published it; change it if registration reports an unknown type.',
				},
			]),
			rawBodyParameter,
		],
	};

	webhookMethods = { default: segmindRegistration };

	/** Runs first in the execution a delivery starts: records its event id (see recordDelivery). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await recordDelivery(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runWebhook(this, segmind, 'segmindApi', (context, credential) => {
			const token =
				context.getNodeParameter('registration', 'automatic') === 'automatic'
					? registeredToken(context.getWorkflowStaticData('node') as SegmindRegistrationState, context.getMode() === 'manual')
					: credential.webhookToken;
			return typeof token === 'string' && token !== '' ? [token] : [];
		});
	}
}
