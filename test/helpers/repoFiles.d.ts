export function readme(): string;
export function exampleWorkflows(): Array<{ file: string; workflow: unknown }>;
export function codexOf(distFile: string): { source: string; codex: unknown };
