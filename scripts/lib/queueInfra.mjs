// What queue mode needs besides n8n: a PostgreSQL database of its own (created here, dropped at the end, never any
// other) and a Redis key prefix of its own, so that runs never share Bull queues, pub/sub channels or cache keys.
// Uses the `pg` and `ioredis` packages of the pinned n8n runtime (the clients n8n itself uses), not new dependencies.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };
export const REDIS = { host: '127.0.0.1', port: 6379 };
// n8n's Bull queue (scaling/queue-name.js: DEFAULT_QUEUE_NAME); Bull keeps jobs in <prefix>:<queue>:<state>.
const QUEUE_NAME = 'jobs';
const OURS = /^n8n_mlwh_[a-z0-9_]+$/;

function runtimeRequire(runtime) {
	return createRequire(path.join(runtime.dir, 'package.json'));
}

/** A unique lower-case name for this run's database and Redis prefix. */
export function runName() {
	return `n8n_mlwh_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function withPostgres(runtime, fn) {
	const { Client } = runtimeRequire(runtime)('pg');
	const client = new Client({ ...POSTGRES, database: 'postgres', connectionTimeoutMillis: 5000 });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end().catch(() => {});
	}
}

export async function createDatabase(runtime, name) {
	if (!OURS.test(name)) throw new Error(`refusing to create database ${name}: not a name this tool made`);
	await withPostgres(runtime, (client) => client.query(`CREATE DATABASE "${name}"`));
}

/** Drops the run's own database; FORCE ends the sessions a killed n8n may have left open. */
export async function dropDatabase(runtime, name) {
	if (!OURS.test(name)) throw new Error(`refusing to drop database ${name}: not a name this tool made`);
	await withPostgres(runtime, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A Redis connection for reading the run's Bull queue and removing its keys at the end. */
export function openRedis(runtime, prefix) {
	const Redis = runtimeRequire(runtime)('ioredis');
	const redis = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
	const key = (state) => `${prefix}:${QUEUE_NAME}:${state}`;
	return {
		/** Jobs Bull still holds to run: waiting, paused, delayed, or taken by a worker. */
		async pendingJobs() {
			const [wait, paused, active, delayed] = await Promise.all([
				redis.llen(key('wait')),
				redis.llen(key('paused')),
				redis.llen(key('active')),
				redis.zcard(key('delayed')),
			]);
			return wait + paused + active + delayed;
		},
		/** Deletes every key under the run's prefix (Bull's and n8n's own); nothing else. */
		async removeKeys() {
			let removed = 0;
			let cursor = '0';
			do {
				const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
				cursor = next;
				if (keys.length > 0) removed += await redis.del(...keys);
			} while (cursor !== '0');
			return removed;
		},
		async close() {
			redis.disconnect();
		},
	};
}
