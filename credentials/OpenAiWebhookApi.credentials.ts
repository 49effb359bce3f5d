import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class OpenAiWebhookApi implements ICredentialType {
	name = 'openAiWebhookApi';

	displayName = 'OpenAI Webhook API';

	icon = 'file:../nodes/OpenAi/openai.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-ml-webhooks/n8n-nodes-ml-webhooks#openai';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'whsec_…',
			description:
				'The signing secret OpenAI shows once when you create the webhook endpoint (platform.openai.com → project settings → Webhooks). Deliveries are checked with it the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature).',
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While you rotate the secret, paste the old one here: deliveries signed with either secret are accepted. Clear it once the rotation is done; a running trigger stops accepting it within 10 seconds.',
		},
		{
			displayName: 'API Key (Optional)',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'sk-…',
			description:
				'An OpenAI API key of the same project. With it the trigger reads the fine-tuning job, batch, eval run or response an event names, after the delivery was answered, and puts its fields on the item (Fetch the Object). A key with read access to those suffices.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			description: "OpenAI's API. Change it only to point at a proxy or a test server.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};
}
