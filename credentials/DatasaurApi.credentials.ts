import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class DatasaurApi implements ICredentialType {
	name = 'datasaurApi';

	displayName = 'Datasaur Webhook API';

	icon = 'file:../nodes/Datasaur/datasaur.svg' as const;

	documentationUrl = 'https://docs.datasaur.ai/integrations/webhook-notifications';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
						description:
				'The secret you gave Datasaur support when registering this URL. Deliveries are checked against its HMAC-SHA256 in the X-Datasaur-Signature header.',
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
	];
}
