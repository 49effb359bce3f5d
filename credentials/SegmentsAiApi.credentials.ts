import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class SegmentsAiApi implements ICredentialType {
	name = 'segmentsAiApi';

	displayName = 'Segments.ai Webhook API';

	icon = 'file:../nodes/SegmentsAi/segmentsai.svg' as const;

	documentationUrl = 'https://docs.segments.ai/reference/webhooks';

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
				'The Signing Secret of your endpoint in Segments.ai\'s webhook portal (Manage webhooks → your endpoint). Deliveries are checked with it the Svix way (svix-id, svix-timestamp, svix-signature). A whpk_ public key is accepted too, for ed25519 (v1a) signatures.',
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
