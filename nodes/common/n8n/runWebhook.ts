import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { claimsFor } from '../deduplication/claims';
import { handleDelivery, type DeliveryOutcome } from '../handleDelivery';
import type { PlatformDefinition } from '../platform';
import type { SignedDelivery } from '../signatures/types';
import { DEFAULT_TOLERANCE_SECONDS, type DeliveryOptionsSwitches } from './nodeParameters';
import { readRawBody } from './rawBody';
import { secretsFromCredential } from './secrets';
import { refusedTestDelivery } from './testRefusal';

/** Where a node's secrets come from: the credential's signing secrets unless the node says otherwise. */
export type SecretSource = (context: IWebhookFunctions, credential: ICredentialDataDecryptedObject) => string[];

const credentialSecrets: SecretSource = (_context, credential) => secretsFromCredential(credential);

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
): Promise<DeliveryOutcome> {
	const request = context.getRequestObject();
	const delivery: SignedDelivery = {
		method: request.method,
		rawBody,
		headers: context.getHeaderData() as SignedDelivery['headers'],
		query: context.getQueryData() as IDataObject,
	};
	const credential = await context.getCredentials(credentialType);
	const options = context.getNodeParameter('deliveryOptions', {}) as DeliveryOptionsSwitches;
	return handleDelivery(
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
		claimsFor(context.getWorkflow().id, context.getNode().id),
		new Date(),
	);
}

/**
 * `webhook()` of every trigger: runs the shared delivery order on the exact bytes received and turns its outcome
 * into n8n's answer. Only an `emit` starts an execution; n8n then answers 200 at once.
 */
export async function runWebhook(
	context: IWebhookFunctions,
	platform: PlatformDefinition,
	credentialType: string,
	secretSource: SecretSource = credentialSecrets,
): Promise<IWebhookResponseData> {
	const rawBody = await readRawBody(context.getRequestObject());
	const outcome = rawBody === undefined ? UNREADABLE_BODY : await judgeDelivery(context, platform, credentialType, secretSource, rawBody);

	if (outcome.action === 'emit') {
		return { workflowData: [[{ json: outcome.item as unknown as IDataObject }]] };
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
