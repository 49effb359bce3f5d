import type { PlatformSpec } from './types';

export const specs: PlatformSpec[];
