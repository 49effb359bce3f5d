import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class PolyaxonApi implements ICredentialType {
	name = 'polyaxonApi';

	displayName = 'Polyaxon Webhook API';

	icon = 'file:../nodes/Polyaxon/polyaxon.svg' as const;

	documentationUrl = 'https://polyaxon.com/docs/integrations/notifiers/webhooks/';

	properties: INodeProperties[] = [
		{
			displayName: 'URL Token',
			name: 'urlToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"Polyaxon does not sign its webhooks. Choose a long random string, and put it at the end of the URL in Polyaxon's webhook connection as ?token=…; deliveries without it are refused.",
		},
		{
			displayName: 'Previous URL Token',
			name: 'previousUrlToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'While you change the token in Polyaxon, put the old one here: both are accepted. Clear it afterwards; a running trigger stops accepting it within 10 seconds.',
		},
	];
}
