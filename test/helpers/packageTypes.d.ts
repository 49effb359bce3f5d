import type { ICredentialType, INodeType } from 'n8n-workflow';

import type { PlatformDefinition } from '../../nodes/common/platform';

/** Every node type package.json declares, by its description name. */
export const nodeTypes: Map<string, INodeType>;
/** Every credential type package.json declares, by its name. */
export const credentialTypes: Map<string, ICredentialType>;
/** Per node name, the one platform its folder's *.platform.ts exports (undefined where it is not exactly one). */
export const platforms: Map<string, PlatformDefinition | undefined>;
