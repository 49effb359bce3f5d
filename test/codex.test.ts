import { nodeTypes } from './helpers/packageTypes';
import { codexOf, readme } from './helpers/repoFiles';
import packageJson from '../package.json';

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	alias: string[];
	resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation: Array<{ url: string }> };
}

const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}
const readmeAnchors = new Set(
	readme()
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => slug(line.replace(/^#+ /, ''))),
);

// Categories n8n's own codex files use; "AI" is left out on purpose: n8n 2.40.7's node creator does not list nodes
// of that category when it searches for a trigger, by name or alias.
const CATEGORIES = ['Analytics', 'Communication', 'Data & Storage', 'Development', 'Finance & Accounting', 'Marketing', 'Miscellaneous', 'Productivity', 'Sales', 'Utility'];

/** The codex n8n reads beside each node file (`<file>.json`, DirectoryLoader.getCodex in n8n-core). */
const nodes = packageJson.n8n.nodes.map((file) => {
	const { source, codex } = codexOf(file) as { source: string; codex?: Codex };
	const name = [...nodeTypes.values()].find((node) => file.endsWith(`/${node.constructor.name}.node.js`))!.description.name;
	return { file, source, codex, description: nodeTypes.get(name)!.description };
});

describe.each(nodes)('codex of $source', ({ codex, description }) => {
	it('exists beside the node and names it as n8n registers it', () => {
		expect(codex).toBeDefined();
		expect(codex!.node).toBe(`${packageJson.name}.${description.name}`);
		expect(codex!).toMatchObject({ nodeVersion: '1.0', codexVersion: '1.0' });
	});

	it('has n8n categories the trigger search shows, and the words a user searches for', () => {
		expect(codex!.categories.length).toBeGreaterThan(0);
		for (const category of codex!.categories) expect(CATEGORIES).toContain(category);
		expect(codex!.alias).toEqual(expect.arrayContaining(['ML', 'machine learning', 'MLOps', 'webhook']));
		expect(new Set(codex!.alias).size).toBe(codex!.alias.length);
	});

	it("links the panel's Docs and the credential to this platform's section of the README", () => {
		const url = description.documentationUrl!;
		expect(url.startsWith(`${repository}#`)).toBe(true);
		expect(readmeAnchors).toContain(url.slice(repository.length + 1));
		// n8n appends ?utm_… to a codex link (which would break the anchor), but opens documentationUrl as it is.
		expect(codex!.resources.primaryDocumentation).toEqual([{ url }]);
		expect(codex!.resources.credentialDocumentation).toEqual([{ url }]);
	});
});

it('every trigger is found by the words of its kind of platform', () => {
	const found = (word: string) => nodes.filter(({ codex }) => codex!.alias.includes(word)).map(({ description }) => description.name);
	expect(found('fine-tuning').sort()).toEqual(['mythicDotTrigger', 'replicateTrigger', 'segmindTrigger']);
	expect(found('labeling').sort()).toEqual(['datasaurTrigger', 'segmentsAiTrigger']);
	expect(found('training').sort()).toEqual(['mythicDotTrigger', 'polyaxonTrigger', 'replicateTrigger', 'segmindTrigger']);
	expect(found('prediction')).toEqual(['replicateTrigger']);
});
