import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

/** What a refused delivery was answered, as runWebhook sent it: safe to show (no secret, no signature). */
export interface Refusal {
	status: number;
	reason: string;
	message: string;
	detail?: string;
}

/**
 * The key of the one item a refused test delivery hands to its execution. Items of real deliveries never carry it at
 * the top level: the platform's body sits under `payload`, so a sender cannot forge it.
 */
const REFUSAL_KEY = 'refusedTestDelivery';

/**
 * While the editor listens ("Test this trigger"), n8n calls `webhook()` in mode `manual` (TestWebhooks.executeWebhook
 * in n8n 2.40.7) and keeps listening, silently, as long as no execution starts. For a refused test delivery the
 * sender still gets its 401/400 (already sent: `noWebhookResponse`), and the items start a test execution whose
 * trigger step fails with the reason (see `throwIfRefusedTestDelivery`), so the editor shows it. Production calls
 * (mode `webhook`) get `undefined`: no execution, as before.
 */
export function refusedTestDelivery(context: IWebhookFunctions, refusal: Refusal): IWebhookResponseData | undefined {
	if (context.getMode() !== 'manual') return undefined;
	const shown: Refusal = { status: refusal.status, reason: refusal.reason, message: refusal.message };
	if (refusal.detail !== undefined) shown.detail = refusal.detail;
	return { noWebhookResponse: true, workflowData: [[{ json: { [REFUSAL_KEY]: { ...shown } } }]] };
}

/**
 * First thing the trigger's `execute()` does: an execution started by a refused test delivery ends here, at the
 * trigger, with an error the editor shows in the node's output (message) and under it (description).
 */
export function throwIfRefusedTestDelivery(context: IExecuteFunctions, items: INodeExecutionData[]): void {
	const refusal = items[0]?.json[REFUSAL_KEY] as Refusal | undefined;
	if (refusal === undefined) return;
	const detail = refusal.detail === undefined ? '' : ` (${refusal.detail})`;
	throw new NodeOperationError(context.getNode(), `Test delivery refused: ${refusal.reason}${detail}`, {
		description:
			`${refusal.message} The sender was answered ${refusal.status}. ` +
			'A published workflow answers such a delivery the same way and starts nothing; n8n only logs it.',
	});
}
