import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { claimsFor, type EventClaims } from '../deduplication/claims';
import { handleDelivery } from '../handleDelivery';
import type { PlatformDefinition } from '../platform';
import type { SignedDelivery } from '../signatures/types';
import { DEFAULT_TOLERANCE_SECONDS, type DeliveryOptionsSwitches } from './nodeParameters';
import { readRawBody } from './rawBody';
import { secretsFromCredential } from './secrets';
import { refusedTestDelivery } from './testRefusal';

/** Where a node's secrets come from: the credential's signing secrets unless the node says otherwise. */
export type SecretSource = (context: IWebhookFunctions, credential: ICredentialDataDecryptedObject) => string[];

const credentialSecrets: SecretSource = (_context, credential) => secretsFromCredential(credential);

/**
 * `webhook()` of every trigger: gathers the delivery and the node's settings, runs the shared delivery order and
 * turns its outcome into n8n's answer. Only an `emit` starts an execution; n8n then answers 200 once it stored it.
 */
export async function runWebhook(
	context: IWebhookFunctions,
	platform: PlatformDefinition,
	credentialType: string,
	secretSource: SecretSource = credentialSecrets,
): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const delivery: SignedDelivery = {
		method: request.method,
		rawBody: await readRawBody(request),
		headers: context.getHeaderData() as SignedDelivery['headers'],
		query: context.getQueryData() as IDataObject,
	};
	const credential = await context.getCredentials(credentialType);
	const options = context.getNodeParameter('deliveryOptions', {}) as DeliveryOptionsSwitches;
	const claims = claimsFor(context.getWorkflow().id, context.getNode().id);
	const outcome = handleDelivery(
		platform,
		delivery,
		{
			secrets: secretSource(context, credential),
			toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
			selectedEvents: context.getNodeParameter('events', []) as string[],
			// Test deliveries (the Test URL, n8n's manual mode) are not remembered: the same event may come again for real.
			deduplicate: (options.deduplicate ?? true) && context.getMode() !== 'manual',
			includeRawBody: options.includeRawBody ?? false,
			includeHeaders: options.includeHeaders ?? false,
		},
		claims,
		new Date(),
	);

	if (outcome.action === 'emit') {
		if (outcome.claim !== undefined) settleOnAnswer(context, claims, outcome.claim);
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
	context.logger.warn(
		`${platform.displayName} Trigger refused a delivery (${outcome.status} ${outcome.reason}): ${outcome.message}` +
			(outcome.status === 401 && outcome.detail !== undefined ? ` [${outcome.detail}]` : ''),
		{ node: context.getNode().name, workflowId: context.getWorkflow().id },
	);
	context.getResponseObject().status(outcome.status).json({ error: outcome.reason, message: outcome.message });
	return refusedTestDelivery(context, outcome) ?? { noWebhookResponse: true };
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
