import { credentialTypes, nodeTypes } from './helpers/packageTypes';

// What a user reads in the panels of n8n 2.x: it publishes workflows (1.x activated them) and tests credentials
// when they are saved (1.x had a Test button).
describe.each([...nodeTypes.values()].map((node) => [node.description.displayName, node] as const))('%s panel', (_name, node) => {
	const text = JSON.stringify(node.description);

	it('says Publish, never Activate', () => {
		expect(text).not.toMatch(/\bactivat/i);
		expect(text).toMatch(/\bPublish/);
	});

	it('tells how to test while n8n listens: where the Test URL is, and that a refused event is shown', () => {
		expect(text).toMatch(/Test URL/);
		expect(text).toMatch(/refused (event|call) is shown here with the reason/);
	});

	it('writes articles right', () => {
		expect(text).not.toMatch(/\bA [aeiou]/i);
	});
});

it('no credential speaks of a Test button', () => {
	for (const credential of credentialTypes.values()) expect(JSON.stringify(credential)).not.toMatch(/Test button/i);
});
