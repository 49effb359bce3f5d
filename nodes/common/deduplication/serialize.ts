/**
 * Runs `task` after every task queued before it under the same `scope` has settled: one at a time per scope within
 * this process. n8n's record of processed items is read, changed and written back by each call, so two calls that
 * overlapped would each write what they read and lose the other's event.
 */
const tails = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(scope: string, task: () => Promise<T>): Promise<T> {
	const previous = tails.get(scope) ?? Promise.resolve();
	const run = previous.then(task, task);
	const tail = run.catch(() => undefined);
	tails.set(scope, tail);
	try {
		return await run;
	} finally {
		// The last task of a scope removes its entry, so idle scopes hold no memory.
		if (tails.get(scope) === tail) tails.delete(scope);
	}
}
