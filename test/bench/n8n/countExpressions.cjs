// Loaded into an n8n process with Node's `--require` (the benchmark passes it through N8N_NODE_ARGS): counts the
// expressions the process evaluates and the expression isolates it builds, and writes the counts every 100 ms to
// <BENCH_COUNTERS_DIR>/<n8n command>-<pid>.json, stamped with the time of writing, for the benchmark to read.
// Where it hooks (n8n 2.40.7): every expression goes through `Expression.prototype.renderExpression` (n8n-workflow
// dist/cjs/expression.js); every isolate is an `IsolatedVmBridge` (or `QuickJsBridge`) of @n8n/expression-runtime
// whose `initialize()` / `initializeSync()` runs once, when the isolate is built (evaluator/expression-evaluator.js).
// It changes nothing n8n does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const directory = process.env.BENCH_COUNTERS_DIR;
const MAX_DISTINCT = 20;

if (directory) {
	// process.argv[1] is n8n's bin/n8n: resolve n8n's own copies, the ones it will load.
	const n8nRequire = createRequire(fs.realpathSync(process.argv[1]));
	const workflowRequire = createRequire(n8nRequire.resolve('n8n-workflow'));
	const counts = { command: process.argv[2] ?? 'start', pid: process.pid, expressions: 0, isolates: 0, byExpression: {} };

	const { Expression } = n8nRequire('n8n-workflow');
	const render = Expression.prototype.renderExpression;
	Expression.prototype.renderExpression = function countedRenderExpression(expression, ...rest) {
		counts.expressions++;
		const text = String(expression).slice(0, 100);
		if (text in counts.byExpression || Object.keys(counts.byExpression).length < MAX_DISTINCT) {
			counts.byExpression[text] = (counts.byExpression[text] ?? 0) + 1;
		}
		return render.call(this, expression, ...rest);
	};

	const runtime = workflowRequire('@n8n/expression-runtime');
	for (const Bridge of [runtime.IsolatedVmBridge, runtime.QuickJsBridge].filter(Boolean)) {
		for (const method of ['initialize', 'initializeSync']) {
			const original = Bridge.prototype[method];
			if (typeof original !== 'function') continue;
			Bridge.prototype[method] = function countedInitialize(...args) {
				if (!this.initialized) counts.isolates++;
				return original.apply(this, args);
			};
		}
	}

	const file = path.join(directory, `${counts.command}-${process.pid}.json`);
	const flush = () => {
		const temporary = `${file}.tmp`;
		fs.writeFileSync(temporary, JSON.stringify({ ...counts, flushedAt: Date.now() }));
		fs.renameSync(temporary, file);
	};
	flush();
	setInterval(flush, 100).unref();
}
