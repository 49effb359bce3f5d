// A `--require` hook for the n8n processes of `npm run bench:n8n` (passed through N8N_NODE_ARGS): times every call of
// n8n's processed-items store, the one this package's triggers and n8n's Remove Duplicates node use
// (n8n/dist/deduplication/deduplication-helper.js, DeduplicationHelper.checkProcessedAndRecord: findOne, compare in
// JavaScript, update). One line per call goes to BENCH_STORE_TIMING_DIR/<pid>.log:
//   <end ms since epoch> <workflow id> <call ms> <read ms> <items> <entries after>
// where `call ms` runs from the read's start to the write's end: the window in which another process's write to the
// same record is lost. Lines are buffered and written every 200 ms and at exit, so the hook costs n8n no sync I/O per call.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const dir = process.env.BENCH_STORE_TIMING_DIR;
if (dir) {
	const file = path.join(dir, `${process.pid}.log`);
	let buffer = [];
	const flush = () => {
		if (buffer.length === 0) return;
		fs.appendFileSync(file, buffer.join(''));
		buffer = [];
	};
	setInterval(flush, 200).unref();
	process.on('exit', flush);

	const patch = (Helper) => {
		const proto = Helper.prototype;
		const find = proto.findProcessedData;
		const check = proto.checkProcessedAndRecord;
		const hashed = proto.handleHashedItems;
		const reads = new WeakMap();
		const sizes = new WeakMap();
		proto.handleHashedItems = async function (items, contextData, options, processedData, dbContext) {
			const result = await hashed.call(this, items, contextData, options, processedData, dbContext);
			sizes.set(contextData, Array.isArray(processedData?.value?.data) ? processedData.value.data.length : items.length);
			return result;
		};
		proto.findProcessedData = async function (scope, contextData) {
			const started = performance.now();
			const found = await find.call(this, scope, contextData);
			reads.set(contextData, performance.now() - started);
			return found;
		};
		proto.checkProcessedAndRecord = async function (items, scope, contextData, options) {
			const started = performance.now();
			const result = await check.call(this, items, scope, contextData, options);
			const ms = performance.now() - started;
			buffer.push(`${Date.now()} ${contextData.workflow.id} ${ms.toFixed(2)} ${(reads.get(contextData) ?? 0).toFixed(2)} ${items.length} ${sizes.get(contextData) ?? '-'}\n`);
			return result;
		};
	};

	const load = Module._load;
	let patched = false;
	Module._load = function (...args) {
		const exported = load.apply(this, args);
		if (!patched && exported && typeof exported.DeduplicationHelper === 'function') {
			patched = true;
			patch(exported.DeduplicationHelper);
		}
		return exported;
	};
}
