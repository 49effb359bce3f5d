import fc from 'fast-check';

import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { newSvixSecret, svixHeaders } from './support/signing';

// Every mix of svix-* and webhook-* headers a sender or an attacker can put on a Svix delivery, through the
// Segments.ai Trigger's webhook() and execute(): at most one execution per signed message id, and only when a
// valid signature covers the id and timestamp the item carries.
const spec = specs.find((candidate) => candidate.id === 'segmentsai')!;
const node = nodeTypes.get(spec.nodeName)!;
const secret = newSvixSecret();
const FORGED = 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** What one family's three headers carry: the signed value, another value, or nothing. */
interface FamilyChoice {
	id?: 'signed' | 'other';
	timestamp?: 'signed' | 'shifted';
	signature?: 'valid' | 'forged';
}
type Variant = { svix: FamilyChoice; webhook: FamilyChoice };

const familyArbitrary: fc.Arbitrary<FamilyChoice> = fc.record(
	{
		id: fc.constantFrom('signed' as const, 'other' as const),
		timestamp: fc.constantFrom('signed' as const, 'shifted' as const),
		signature: fc.constantFrom('valid' as const, 'forged' as const),
	},
	{ requiredKeys: [] },
);
const variantArbitrary: fc.Arbitrary<Variant> = fc.record({ svix: familyArbitrary, webhook: familyArbitrary });
/** A few messages, each sent as a few variants; the deliveries are then sent in a shuffled order. */
const scenarioArbitrary = fc
	.array(fc.array(variantArbitrary, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
	.chain((messages) => {
		const deliveries = messages.flatMap((variants, message) => variants.map((variant) => ({ message, variant })));
		return fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length });
	});

interface Message {
	id: string;
	body: string;
	signed: Record<string, string>;
}

function headersOf(message: Message, variant: Variant): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const family of ['svix', 'webhook'] as const) {
		const choice = variant[family];
		if (choice.id !== undefined) headers[`${family}-id`] = choice.id === 'signed' ? message.id : `${message.id}_other`;
		if (choice.timestamp !== undefined) {
			const signedAt = Number(message.signed['svix-timestamp']);
			headers[`${family}-timestamp`] = String(choice.timestamp === 'signed' ? signedAt : signedAt - 1);
		}
		if (choice.signature !== undefined) {
			headers[`${family}-signature`] = choice.signature === 'valid' ? message.signed['svix-signature'] : FORGED;
		}
	}
	return headers;
}

/** The rule, written from the outside: every id and timestamp present is the signed one, and one signature is valid. */
function isAuthentic(variant: Variant): boolean {
	const choices = [variant.svix, variant.webhook];
	const ids = choices.flatMap((choice) => (choice.id === undefined ? [] : [choice.id]));
	const timestamps = choices.flatMap((choice) => (choice.timestamp === undefined ? [] : [choice.timestamp]));
	return (
		ids.length > 0 &&
		ids.every((id) => id === 'signed') &&
		timestamps.length > 0 &&
		timestamps.every((timestamp) => timestamp === 'signed') &&
		choices.some((choice) => choice.signature === 'valid')
	);
}

/** Both families name an id and they differ, on a delivery complete enough to check: refused before any HMAC. */
function hasConflictingIds(variant: Variant): boolean {
	const { svix, webhook } = variant;
	const complete = (svix.signature ?? webhook.signature) !== undefined && (svix.timestamp ?? webhook.timestamp) !== undefined;
	return complete && svix.id !== undefined && webhook.id !== undefined && svix.id !== webhook.id;
}

let run = 0;

describe('Svix header families, property-based, through the Segments.ai Trigger', () => {
	it('starts at most one execution per signed id, only for authentic deliveries, and the item carries that id', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArbitrary, async (deliveries) => {
				run++;
				const test = new WebhookHarness(node, spec.credential(secret));
				const messages = new Map<number, Message>();
				const messageOf = (index: number): Message => {
					if (!messages.has(index)) {
						const id = `msg_${run}_${index}`;
						const body = JSON.stringify(spec.uniquePayload(spec.fixtures['sample.created'], id));
						messages.set(index, { id, body, signed: svixHeaders(secret, body, { id }) });
					}
					return messages.get(index)!;
				};
				const started = new Map<string, number>();
				const authenticMessages = new Set<number>();
				for (const { message: index, variant } of deliveries) {
					const message = messageOf(index);
					// The items webhook() emitted: what starts an execution (its store step is tested in deduplication.test.ts).
					const answer = await test.deliver({ body: message.body, headers: headersOf(message, variant) }, { runExecution: false });
					if (isAuthentic(variant)) {
						authenticMessages.add(index);
						expect(answer.status).toBe(200);
					} else {
						expect(answer).toMatchObject({ status: 401, started: false });
						if (hasConflictingIds(variant)) expect(answer.body).toMatchObject({ error: 'conflicting_headers' });
					}
					for (const item of answer.items) {
						expect(item.eventId).toBe(message.id);
						started.set(message.id, (started.get(message.id) ?? 0) + 1);
					}
				}
				// One execution per message that arrived authentic at least once, none for the others.
				expect([...started.values()].every((count) => count === 1)).toBe(true);
				expect(started.size).toBe(authenticMessages.size);
			}),
			{ numRuns: 150 },
		);
	});
});
