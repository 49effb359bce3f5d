// The n8n under test, on the pinned runtime, with this package installed as a community package in every process:
// regular mode (one `n8n start` on SQLite) or queue mode (one `n8n start` as main, one or more `n8n webhook` processes
// that receive the deliveries, one or more `n8n worker` processes that run the executions; PostgreSQL + Redis of the
// run's own).
// It can stop everything cleanly and start it again on the same database, or crash one process (SIGKILL) and bring
// it back; its processes, database and Redis keys are removed on every path by dispose().
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import path from 'node:path';

import { findFreePort, HOST, installPackage, N8nClient, request, startN8n, waitFor, waitUntilReady } from './n8n.mjs';
import { createDatabase, dropDatabase, openRedis, POSTGRES, REDIS } from './queueInfra.mjs';

const OWNER = { email: 'bench@example.com', password: 'Bench-password-1', firstName: 'Bench', lastName: 'Owner' };

/** Distinct free loopback ports. */
async function freePorts(count) {
	const ports = new Set();
	while (ports.size < count) ports.add(await findFreePort());
	return [...ports];
}

/**
 * @param options {runtime, tmp, tarball, queue, webhooks, workers (default 1), engine, lazyIsolates,
 *   name (unique: database and Redis prefix), env (more variables for every process), log}
 */
export async function startCluster({ runtime, tmp, tarball, queue, webhooks, workers = 1, engine, lazyIsolates = false, name, env = {}, log }) {
	const roles = queue
		? [
				{ role: 'main', command: 'start' },
				...Array.from({ length: webhooks }, (_, i) => ({ role: `webhook-${i + 1}`, command: 'webhook' })),
				...Array.from({ length: workers }, (_, i) => ({ role: workers === 1 ? 'worker' : `worker-${i + 1}`, command: 'worker' })),
			]
		: [{ role: 'main', command: 'start' }];
	const ports = await freePorts(roles.length * 2);
	for (const [index, entry] of roles.entries()) {
		Object.assign(entry, { port: ports[2 * index], brokerPort: ports[2 * index + 1], userFolder: path.join(tmp, entry.role), logFile: path.join(tmp, `${entry.role}.log`) });
	}
	const byRole = (role) => roles.find((entry) => entry.role === role);
	const receivers = queue ? roles.filter((entry) => entry.command === 'webhook') : [byRole('main')];
	const bases = receivers.map((entry) => `http://${HOST}:${entry.port}`);

	const shared = {
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64url'), // the same in every process, as queue mode requires
		// n8n prunes executions beyond 10,000 on a timer: it would delete what is still to be counted, mid-run.
		EXECUTIONS_DATA_PRUNE: 'false',
		...(engine ? { N8N_EXPRESSION_ENGINE: engine } : {}),
		...(lazyIsolates ? { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } : {}),
		...env,
	};
	if (queue) {
		Object.assign(shared, {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: POSTGRES.host,
			DB_POSTGRESDB_PORT: String(POSTGRES.port),
			DB_POSTGRESDB_USER: POSTGRES.user,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: name,
			QUEUE_BULL_REDIS_HOST: REDIS.host,
			QUEUE_BULL_REDIS_PORT: String(REDIS.port),
			// Bull's queue keys, and n8n's own pub/sub channels and cache keys: this run's only.
			QUEUE_BULL_PREFIX: name,
			N8N_REDIS_KEY_PREFIX: name,
			// The URL n8n shows and registers: where the deliveries go (the first webhook process).
			N8N_WEBHOOK_URL: `${bases[0]}/`,
		});
	}
	const envOf = (entry) =>
		entry.command === 'worker'
			? { ...shared, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(entry.port), N8N_WORKER_SERVER_ADDRESS: HOST }
			: shared;

	const redis = queue ? openRedis(runtime, name) : undefined;
	let databaseCreated = false;
	const running = new Map();

	async function launch(entry) {
		const child = startN8n({ runtime, ...entry, env: envOf(entry) });
		running.set(entry.role, child);
		await waitUntilReady(child, { log, timeoutMs: 240000 });
	}

	/** Main first (it migrates the database), then the others together. */
	async function startAll() {
		await launch(roles[0]);
		await Promise.all(roles.slice(1).map(launch));
	}

	async function stopRole(role, how = 'stop') {
		const child = running.get(role);
		if (!child) return;
		running.delete(role);
		await (how === 'kill' ? child.kill() : child.stop());
	}

	const cluster = {
		queue,
		bases,
		/** How many n8n processes run (each writes its own expression counters under the benchmark). */
		processes: roles.length,
		client: new N8nClient(`http://${HOST}:${byRole('main').port}`),
		pendingJobs: redis ? () => redis.pendingJobs() : undefined,
		describe() {
			return roles.map((entry) => `${entry.role} (n8n ${entry.command}) on ${HOST}:${entry.port}`).join(', ');
		},

		/** First start: database, package in every user folder, processes, owner account and API key. */
		async setUp() {
			if (queue) {
				await createDatabase(runtime, name);
				databaseCreated = true;
			}
			await installPackage({ userFolder: roles[0].userFolder, tarball, log });
			for (const entry of roles.slice(1)) {
				cpSync(path.join(roles[0].userFolder, '.n8n', 'nodes'), path.join(entry.userFolder, '.n8n', 'nodes'), { recursive: true });
			}
			await startAll();
			await cluster.client.setupOwner(OWNER);
			await cluster.client.createApiKey('bench');
		},

		/** A clean stop, as an operator does it: receivers first, then the workers, then main (SIGTERM, n8n's grace). */
		async stop() {
			for (const command of ['webhook', 'worker', 'start']) {
				for (const entry of roles.filter((candidate) => candidate.command === command)) await stopRole(entry.role);
			}
		},
		async start() {
			await startAll();
			await cluster.client.login(OWNER);
		},

		/** SIGKILL of a process that runs executions: main in regular mode, the (first) worker in queue mode. */
		crashTarget: queue ? roles.find((entry) => entry.command === 'worker').role : 'main',
		async crash() {
			await stopRole(cluster.crashTarget, 'kill');
		},
		async recover() {
			await launch(byRole(cluster.crashTarget));
			if (!queue) await cluster.client.login(OWNER);
		},

		/**
		 * Resolves once every receiving process finds a webhook at each path. A CORS preflight (OPTIONS with an Origin)
		 * is answered from the webhook table a delivery is looked up in (webhook-request-handler.js, setupCorsHeaders ->
		 * getWebhookMethods): 204 if the webhook is there, 404 if not, and it starts nothing.
		 */
		async registered(paths, timeoutMs = 120000) {
			for (const base of bases) {
				for (const webhookPath of paths) {
					await waitFor(
						async () => (await request(`${base}${webhookPath}`, { method: 'OPTIONS', headers: { origin: base } })).status,
						(status) => status === 204,
						{ timeoutMs, what: `${base}${webhookPath} registered` },
					);
				}
			}
		},

		logTails(lines = 25) {
			return roles.map((entry) => `--- ${entry.role} (${entry.logFile})\n${running.get(entry.role)?.logTail(lines) ?? '(not running)'}`).join('\n');
		},

		/** Every process stopped (killed if it does not stop), then the database dropped and the Redis keys removed. */
		async dispose({ keepDatabase = false } = {}) {
			await Promise.all([...running.keys()].map((role) => stopRole(role)));
			const notes = [];
			if (redis) {
				notes.push(`removed the ${await redis.removeKeys()} Redis keys under the prefix ${name}`);
				await redis.close();
			}
			if (databaseCreated && !keepDatabase) {
				await dropDatabase(runtime, name);
				notes.push(`dropped database ${name}`);
			} else if (databaseCreated) notes.push(`kept database ${name} (DROP DATABASE "${name}" WITH (FORCE) when done)`);
			return notes;
		},
		/** Synchronous last resort for process exit. */
		killNow() {
			for (const child of running.values()) child.killNow();
		},
	};
	return cluster;
}
