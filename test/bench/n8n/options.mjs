// Command-line options of `npm run bench:n8n` (see the README's "Real-n8n benchmark"). Unknown or malformed options
// stop the run before anything starts.

// The values n8n 2.40.7 accepts for N8N_EXPRESSION_ENGINE (@n8n/config, configs/expression-engine.config.js: an enum
// of legacy, vm, quickjs; default vm).
export const ENGINES = ['legacy', 'vm', 'quickjs'];

export const USAGE = `Usage: npm run bench:n8n -- [options]

  --deliveries=N     deliveries per workflow and round (default 1000); scenarios a and e send N per target
  --concurrency=C    requests in flight (default 20)
  --rounds=R         rounds; each sends N to every workflow in turn (default 3)
  --only=LIST        comma list of workflow keys, or of platform ids (both Ignore Redeliveries variants); v1: a
                     trigger saved at node version 1
  --engine=E         N8N_EXPRESSION_ENGINE for every n8n process: ${ENGINES.join(' | ')} (default: n8n's own, vm)
  --lazy-isolates    N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: n8n takes an expression isolate only when a node
                     evaluates an expression (n8n 2.x takes one per request for every trigger but its Webhook node)
  --queue            queue mode: PostgreSQL + Redis, one main, webhook process(es), worker process(es)
  --webhooks=W       with --queue: 1 or 2 webhook processes; deliveries alternate between them (default 1)
  --workers=K        with --queue: worker processes that run the executions, 1 to 4 (default 1)
  --scenarios[=a,b]  the exactly-once scenarios (all: a,b,c,d,e) instead of the throughput benchmark
  --remembered[=B]   B consecutive blocks (default 7) of N distinct deliveries into each workflow from an empty store
                     (by default the MythicDot.AI Trigger and Webhook -> Remove Duplicates): req/s and the time of
                     n8n's processed-items store per call, per block, as the remembered events grow
  --store-timing     time every call of n8n's processed-items store (on with --remembered)
  --events-remembered=M  Events Remembered of this package's triggers, and History Size of Remove Duplicates
                     (default: the nodes' own, 5,000 and 10,000)
  --json=FILE        also write the results as JSON
  --keep             keep the temp folder (user folders, logs) and, with --queue, the database
  --help`;

/** Blocks of `--remembered`: from an empty store to past the default Events Remembered (5,000) at N = 1,000. */
const REMEMBERED_BLOCKS = 7;

/** A mistake in the command line: reported without a stack, exit code 2. */
export class UsageError extends Error {}

const DEFAULTS = {
	deliveries: 1000,
	concurrency: 20,
	rounds: 3,
	only: undefined,
	engine: undefined,
	lazyIsolates: false,
	queue: false,
	webhooks: 1,
	workers: 1,
	scenarios: false,
	remembered: false,
	storeTiming: false,
	eventsRemembered: undefined,
	json: undefined,
	keep: false,
	help: false,
};

const POSITIVE = new Set(['deliveries', 'concurrency', 'rounds', 'webhooks', 'workers', 'eventsRemembered']);
const FLAGS = new Set(['queue', 'scenarios', 'keep', 'help', 'lazyIsolates', 'remembered', 'storeTiming']);
const CAMEL = { 'lazy-isolates': 'lazyIsolates', 'store-timing': 'storeTiming', 'events-remembered': 'eventsRemembered' };
const TEXT = new Set(['only', 'engine', 'json']);

/** Parses `--name=value` / `--flag` arguments; throws with the usage on anything else. */
export function parseOptions(argv) {
	const options = { ...DEFAULTS };
	for (const argument of argv) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argument);
		const name = CAMEL[match?.[1]] ?? match?.[1];
		const value = match?.[2];
		if (name === 'scenarios' && value !== undefined && /^[a-e](,[a-e])*$/.test(value)) options.scenarios = value.split(',');
		else if (name === 'remembered' && /^[1-9]\d*$/.test(value ?? '')) options.remembered = Number(value);
		else if (name && FLAGS.has(name) && value === undefined) options[name] = true;
		else if (name && POSITIVE.has(name) && /^[1-9]\d*$/.test(value ?? '')) options[name] = Number(value);
		else if (name && TEXT.has(name) && value) options[name] = value;
		else throw new UsageError(`unknown or malformed option ${argument}\n\n${USAGE}`);
	}
	if (options.engine !== undefined && !ENGINES.includes(options.engine)) {
		throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, not ${options.engine}`);
	}
	if (options.webhooks > 2) throw new UsageError('--webhooks is 1 or 2');
	if (options.webhooks > 1 && !options.queue) throw new UsageError('--webhooks needs --queue (webhook processes exist only in queue mode)');
	if (options.workers > 4) throw new UsageError('--workers is 1 to 4');
	if (options.workers > 1 && !options.queue) throw new UsageError('--workers needs --queue (worker processes exist only in queue mode)');
	// `--remembered` alone: the default number of blocks (a bare flag parses as true).
	if (options.remembered === true) options.remembered = REMEMBERED_BLOCKS;
	// Its figures are the store's calls.
	if (options.remembered) options.storeTiming = true;
	options.only = options.only?.split(',').map((key) => key.trim()).filter(Boolean);
	if (options.scenarios === true) options.scenarios = ['a', 'b', 'c', 'd', 'e'];
	return options;
}
