import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class MythicDotApi implements ICredentialType {
	name = 'mythicDotApi';

	displayName = 'MythicDot.AI Webhook API';

	icon = 'file:../nodes/MythicDot/mythicdot.svg' as const;

	documentationUrl = 'https://mythicdot-ai.pages.dev/webhooks.html';

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
				'The signing secret of your endpoint, from Dashboard → Settings → Webhooks. Deliveries are checked against its HMAC-SHA256 in the X-MythicDot-Signature header.',
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
