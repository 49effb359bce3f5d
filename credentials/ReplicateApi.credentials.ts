import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ReplicateApi implements ICredentialType {
	name = 'replicateApi';

	displayName = 'Replicate API';

	icon = 'file:../nodes/Replicate/replicate.svg' as const;

	documentationUrl = 'https://replicate.com/docs/topics/webhooks/verify-webhook';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret From',
			name: 'method',
			type: 'options',
			default: 'apiToken',
			options: [
				{
					name: 'API Token',
					value: 'apiToken',
					description: "The trigger fetches your account's webhook signing secret from Replicate's API with the token, once",
				},
				{
					name: 'Pasted Secret',
					value: 'pasted',
					description: 'You paste the signing secret (whsec_…) yourself',
				},
			],
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'r8_…',
			displayOptions: { show: { method: ['apiToken'] } },
			description:
				'A Replicate API token (replicate.com/account/api-tokens). The trigger uses it only to read the default webhook signing secret (GET /v1/webhooks/default/secret); saving the credential tests it there.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.replicate.com/v1',
			displayOptions: { show: { method: ['apiToken'] } },
			description: "Replicate's API. Change it only to point at a proxy or a test server.",
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_…',
			displayOptions: { show: { method: ['pasted'] } },
			description:
				'Your webhook signing secret, as `curl -H "Authorization: Bearer $REPLICATE_API_TOKEN" https://api.replicate.com/v1/webhooks/default/secret` returns it ({"key": "whsec_…"}).',
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { method: ['pasted'] } },
			description:
				'While the secret changes, paste the old one here: deliveries signed with either secret are accepted. Clear it afterwards; a running trigger stops accepting it within 10 seconds.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken}}' } },
	};
}
