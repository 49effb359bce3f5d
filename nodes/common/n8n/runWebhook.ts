import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { claimsFor, type EventClaims } from '../deduplication/claims';
import { handleDelivery, type DeliveryOutcome } from '../handleDelivery';
import type { PlatformDefinition } from '../platform';
import type { SignedDelivery } from '../signatures/types';
import { readCredential } from './credentialReads';
import { DEFAULT_TOLERANCE_SECONDS, type DeliveryOptionsSwitches } from './nodeParameters';
import { readRawBody } from './rawBody';
import { secretsFromCredential } from './secrets';
import { refusedTestDelivery, type Refusal } from './testRefusal';

/**
 * Where a node's secrets come from: the credential's signing secrets unless the node says otherwise. A source that
 * has to ask the platform for them (Replicate) may take the delivery into account and may fail with
 * `SecretUnavailable`: the delivery is then refused with that answer and starts nothing.
 */
export type SecretSource = (
	context: IWebhookFunctions,
	credential: ICredentialDataDecryptedObject,
	delivery: SignedDelivery,
) => string[] | Promise<string[]>;

/** The secrets could not be had for this delivery (the platform's API refused or could not be reached). */
export class SecretUnavailable extends Error {
	constructor(
		readonly status: 401 | 503,
		readonly reason: string,
		message: string,
	) {
		super(message);
	}
}

const credentialSecrets: SecretSource = (_context, credential) => secretsFromCredential(credential);

/** What becomes of a delivery: the shared delivery order's outcome, or a refusal because its secrets could not be had. */
type Judgement = DeliveryOutcome | ({ action: 'reject' } & Refusal);

/** A body n8n left no bytes of (see readRawBody): nothing to authenticate, so it is refused before anything else. */
const UNREADABLE_BODY: DeliveryOutcome = {
	action: 'reject',
	status: 400,
	reason: 'unparseable_body',
	message: 'The body could not be read as sent: it is multipart form data, or the request broke off.',
};

/** Gathers the delivery and the node's settings and runs the shared delivery order on them. */
async function judgeDelivery(
	context: IWebhookFunctions,
	platform: PlatformDefinition,
	credentialType: string,
	secretSource: SecretSource,
	rawBody: Buffer,
): Promise<Judgement> {
	const request = context.getRequestObject();
	const delivery: SignedDelivery = {
		method: request.method,
		rawBody,
		headers: context.getHeaderData() as SignedDelivery['headers'],
		query: context.getQueryData() as IDataObject,
	};
	const options = context.getNodeParameter('deliveryOptions', {}) as DeliveryOptionsSwitches;
	// Test deliveries (the Test URL, n8n's manual mode) are not remembered: the same event may come again for real.
	const testing = context.getMode() === 'manual';
	const receivedAt = new Date();
	const judgeWith = async (credential: ICredentialDataDecryptedObject): Promise<Judgement> => {
		let secrets: string[];
		try {
			secrets = await secretSource(context, credential, delivery);
		} catch (error) {
			if (!(error instanceof SecretUnavailable)) throw new NodeOperationError(context.getNode(), error as Error);
			return { action: 'reject', status: error.status, reason: error.reason, message: error.message };
		}
		return handleDelivery(
			platform,
			delivery,
			{
				secrets,
				toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
				selectedEvents: context.getNodeParameter('events', []) as string[],
				deduplicate: (options.deduplicate ?? true) && !testing,
				includeRawBody: options.includeRawBody ?? false,
				includeHeaders: options.includeHeaders ?? false,
			},
			claimsOf(context),
			receivedAt,
		);
	};
	// While testing, the credential is read for every delivery: a secret just edited applies to the next one.
	const first = await readCredential(context, credentialType, !testing);
	const outcome = await judgeWith(first.credential);
	// A refusal touches nothing (authentication comes first), so it can be judged again: with the credential as it is
	// now, in case its secret changed since it was read (credentialReads.ts).
	if (!first.reused || outcome.action !== 'reject' || outcome.status !== 401) return outcome;
	return await judgeWith((await readCredential(context, credentialType, false)).credential);
}

/**
 * `webhook()` of every trigger: runs the shared delivery order on the exact bytes received and turns its outcome
 * into n8n's answer. Only an `emit` starts an execution; n8n then answers 200 once it stored it.
 */
export async function runWebhook(
	context: IWebhookFunctions,
	platform: PlatformDefinition,
	credentialType: string,
	secretSource: SecretSource = credentialSecrets,
): Promise<IWebhookResponseData> {
	const rawBody = await readRawBody(context.getRequestObject());
	const outcome: Judgement = rawBody === undefined ? UNREADABLE_BODY : await judgeDelivery(context, platform, credentialType, secretSource, rawBody);

	if (outcome.action === 'emit') {
		if (outcome.claim !== undefined) settleOnAnswer(context, claimsOf(context), outcome.claim);
		return { workflowData: [[{ json: outcome.item as unknown as IDataObject }]] };
	}
	if (outcome.action === 'retry') {
		context.logger.debug(`${platform.displayName} Trigger: ${outcome.event} ${outcome.eventId} answered ${outcome.status}: a copy is being started`);
		context
			.getResponseObject()
			.status(outcome.status)
			.setHeader('Retry-After', String(outcome.retryAfterSeconds))
			.json({ error: outcome.reason, message: outcome.message });
		return { noWebhookResponse: true };
	}
	if (outcome.action === 'ignore') {
		context.logger.debug(`${platform.displayName} Trigger: ${outcome.event} not started (${outcome.reason})`);
		return { webhookResponse: { received: true, ignored: outcome.reason } };
	}
	return refuse(context, platform, outcome);
}

/** This trigger node's event claims in this process. */
function claimsOf(context: IWebhookFunctions): EventClaims {
	return claimsFor(context.getWorkflow().id, context.getNode().id);
}

/** Answers a refused delivery itself, logs why, and starts nothing (or, while testing, shows the refusal). */
function refuse(context: IWebhookFunctions, platform: PlatformDefinition, refusal: Refusal): IWebhookResponseData {
	context.logger.warn(
		`${platform.displayName} Trigger refused a delivery (${refusal.status} ${refusal.reason}): ${refusal.message}` +
			(refusal.status === 401 && refusal.detail !== undefined ? ` [${refusal.detail}]` : ''),
		{ node: context.getNode().name, workflowId: context.getWorkflow().id },
	);
	context.getResponseObject().status(refusal.status).json({ error: refusal.reason, message: refusal.message });
	return refusedTestDelivery(context, refusal) ?? { noWebhookResponse: true };
}

/**
 * Settles the event's claim by n8n's answer to this delivery: n8n 2.x answers 2xx only once the execution is stored
 * (and queued), an error when it could not, and nothing if the connection closed first (see deduplication/claims.ts).
 * `finish` fires when the answer was handed to the connection, `close` after it or when the connection ended early.
 */
function settleOnAnswer(context: IWebhookFunctions, claims: EventClaims, claim: { key: string; atMs: number }): void {
	const response = context.getResponseObject();
	let settled = false;
	const settle = () => {
		if (settled) return;
		settled = true;
		const accepted = response.writableFinished && response.statusCode >= 200 && response.statusCode < 300;
		claims.settle(claim.key, claim.atMs, accepted);
	};
	response.once('finish', settle);
	response.once('close', settle);
}
