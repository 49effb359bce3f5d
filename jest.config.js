/** Unit suites only; the real-n8n suite is `npm run test:e2e`. Types are checked once by `tsc -p tsconfig.test.json`
 * (the first half of `npm test`), so ts-jest only transpiles (isolatedModules in tsconfig.test.json). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};
