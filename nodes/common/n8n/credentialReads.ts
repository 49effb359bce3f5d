import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { perNode } from '../deduplication/claims';

/**
 * How long a trigger node reuses the credential it read for a delivery, in this process.
 *
 * Each `getCredentials` from a webhook costs n8n an expression isolate under its defaults, whether or not the
 * credential holds an expression: with no execution to resolve against it builds a scratch workflow and acquires one
 * (n8n `dist/credentials-helper.js`, `applyDefaultsAndOverwrites`, `workflow.expression.acquireIsolate()`), 55-95 ms
 * of CPU on a 2-core machine, the largest single cost of a delivery. Reusing the read for a few seconds keeps that to
 * one per node per interval, and what it changes for the user is bounded:
 * - a secret that was changed or added (a new signing secret, a rotation) applies at once: a delivery the reused
 *   credential refuses is judged again with a fresh read (`runWebhook.ts`);
 * - a secret that was removed (the previous secret after a rotation) stops being accepted within this interval.
 */
export const CREDENTIAL_REUSE_MS = 10_000;

interface CredentialRead {
	/** the credential type and id the node named when it was read: another credential is never reused */
	name: string;
	credential: ICredentialDataDecryptedObject;
	atMs: number;
}

interface NodeReads {
	read?: CredentialRead;
	/** the read under way: deliveries arriving together share it instead of each building n8n an isolate */
	inFlight?: { name: string; credential: Promise<ICredentialDataDecryptedObject> };
}

const readsOf = perNode((): NodeReads => ({}));

/**
 * The node's credential of `type`: the one read within `CREDENTIAL_REUSE_MS` when `reuse` is set, else a fresh read.
 * `reused` says which, so that a refusal made with a reused credential can be checked again with a fresh one.
 */
export async function readCredential(
	context: IWebhookFunctions,
	type: string,
	reuse: boolean,
): Promise<{ credential: ICredentialDataDecryptedObject; reused: boolean }> {
	const node = context.getNode();
	const reads = readsOf(context.getWorkflow().id, node.id);
	const name = `${type}/${node.credentials?.[type]?.id ?? ''}`;
	if (reuse) {
		const last = reads.read;
		if (last?.name === name && Date.now() - last.atMs < CREDENTIAL_REUSE_MS) return { credential: last.credential, reused: true };
		if (reads.inFlight?.name === name) return { credential: await reads.inFlight.credential, reused: true };
	}
	const read = context.getCredentials(type);
	const inFlight = { name, credential: read };
	reads.inFlight = inFlight;
	try {
		const credential = await read;
		reads.read = { name, credential, atMs: Date.now() };
		return { credential, reused: false };
	} finally {
		if (reads.inFlight === inFlight) reads.inFlight = undefined;
	}
}
