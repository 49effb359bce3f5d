import type { ICredentialType, INodeType } from 'n8n-workflow';

/** Every node type package.json declares, by its description name. */
export const nodeTypes: Map<string, INodeType>;
/** Every credential type package.json declares, by its name. */
export const credentialTypes: Map<string, ICredentialType>;
