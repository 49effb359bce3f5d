import { parsePythonLiteral } from '../nodes/Polyaxon/pythonLiteral';
import { nodeTypes } from './helpers/packageTypes';
import { WebhookHarness } from './helpers/webhookHarness';
import { specs } from './platforms';
import { randomToken } from './support/signing';

// The one reader of Polyaxon's Inputs/Outputs text, counted: a delivery's details are read once, not once per
// accessor (event name, id, time, fields, summary).
jest.mock('../nodes/Polyaxon/pythonLiteral', () => {
	const actual = jest.requireActual<typeof import('../nodes/Polyaxon/pythonLiteral')>('../nodes/Polyaxon/pythonLiteral');
	return { parsePythonLiteral: jest.fn(actual.parsePythonLiteral) };
});

const spec = specs.find((candidate) => candidate.id === 'polyaxon')!;

describe('Polyaxon Trigger reads a delivery once', () => {
	it('parses Inputs and Outputs once each for an emitted v1 event', async () => {
		const token = randomToken(24);
		const test = new WebhookHarness(nodeTypes.get(spec.nodeName)!, spec.credential(token));
		const counted = jest.mocked(parsePythonLiteral);
		counted.mockClear();
		const answer = await test.deliver({ body: JSON.stringify(spec.fixtures['jobs.succeeded']), query: { token } });
		expect(answer.items[0]).toMatchObject({ event: 'jobs.succeeded', inputs: { epochs: 10 }, outputs: { accuracy: 0.982 } });
		expect(counted.mock.calls.map(([text]) => text)).toEqual([
			"{'lr': 0.001, 'epochs': 10, 'use_gpu': True, 'tag': None}",
			"{'accuracy': 0.982, 'loss': 0.0613}",
		]);
	});
});
