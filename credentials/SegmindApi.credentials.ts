import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SegmindApi implements ICredentialType {
	name = 'segmindApi';

	displayName = 'Segmind API';

	icon = 'file:../nodes/Segmind/segmind.svg' as const;

	documentationUrl = 'https://docs.segmind.com/readme/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Your Segmind API key (cloud.segmind.com → API Keys). Needed when the trigger registers its webhook automatically; sent as x-api-key.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.spotprod.segmind.com',
			description: "Segmind's webhook API. Change it only to point at a proxy or a test server.",
		},
		{
			displayName: 'Webhook Token (Manual Registration)',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for Manual registration: a long random string you choose. Append it to the URL you paste into Segmind as ?token=…; deliveries without it are refused.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/webhook/get', method: 'GET' },
	};
}
