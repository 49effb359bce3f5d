import { createHash } from 'crypto';
import { sleep, type ICheckProcessedOptions, type IDeduplicationOutput } from 'n8n-workflow';

/**
 * n8n's processed-items store as its DeduplicationHelper implements the 'entries' mode (n8n 2.40.7,
 * packages/cli/src/deduplication/deduplication-helper.ts): one record per node scope holding md5 hashes of the items,
 * read, changed and written back by each call, with the oldest trimmed past `maxEntries`. The read and the write are
 * separate awaits, as they are two database queries in n8n, so overlapping calls lose updates exactly as n8n's do.
 * Shared between harnesses, it plays the instance's database: what one "process" records, another reads.
 * `gapMs` is how long a call takes between its read and its write (a busy n8n: milliseconds to hundreds).
 */
export class ProcessedItemsStore {
	readonly records = new Map<string, string[]>();
	calls = 0;
	failing = false;

	constructor(private readonly gapMs = 0) {}

	/** Whether the record of `context` holds `item` now (what a test checks; n8n offers nodes no such read). */
	holds(context: string, item: string): boolean {
		return this.records.get(context)?.includes(createHash('md5').update(item).digest('base64')) ?? false;
	}

	async checkProcessedAndRecord(context: string, items: string[], options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		this.calls++;
		if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
		const stored = await this.read(context);
		if (this.gapMs > 0) await sleep(this.gapMs);
		const hashes = items.map((item) => createHash('md5').update(item.toString()).digest('base64'));
		const output: IDeduplicationOutput = { new: [], processed: [] };
		const data = stored === undefined ? [] : [...stored];
		hashes.forEach((hash, index) => {
			if (stored?.includes(hash)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				data.push(hash);
			}
		});
		if (options.maxEntries !== undefined) data.splice(0, data.length - options.maxEntries);
		await this.write(context, data);
		return output;
	}

	private async read(context: string): Promise<string[] | undefined> {
		await Promise.resolve();
		return this.records.get(context);
	}

	private async write(context: string, data: string[]): Promise<void> {
		await Promise.resolve();
		this.records.set(context, data);
	}
}
