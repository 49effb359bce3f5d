// Driving a real n8n: build + pack this package and install it as a community package, start n8n on loopback (SQLite
// unless the caller's env says otherwise; `n8n webhook` and `n8n worker` processes for queue mode), wait for it, stop
// or kill it, and talk to its REST and public APIs. Used by `npm start`, `npm run test:e2e` and `npm run bench:n8n`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

import { cleanEnv, REPO_ROOT, run } from './runtime.mjs';

export const HOST = '127.0.0.1';
const PACKAGE_JSON = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
export const PACKAGE_NAME = PACKAGE_JSON.name;

/**
 * The node version n8n gives a new node of this package's type `nodeName` (its description's `defaultVersion`), read
 * from the built package (dist/, after buildAndPack).
 */
export function defaultVersionOf(nodeName) {
	const file = `${nodeName[0].toUpperCase()}${nodeName.slice(1)}.node.js`;
	const distPath = PACKAGE_JSON.n8n.nodes.find((candidate) => candidate.endsWith(`/${file}`));
	const Type = Object.values(createRequire(import.meta.url)(path.join(REPO_ROOT, distPath))).find((value) => typeof value === 'function');
	const { defaultVersion, version } = new Type().description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port the OS says is free on loopback right now. */
export function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, HOST, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Resolves if the port can be bound on 127.0.0.1, else rejects with a message that says what to do. */
export function assertPortFree(port, what = 'n8n') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', (error) => {
			if (error.code === 'EADDRINUSE') {
				reject(
					new Error(
						`Port ${port} on ${HOST} is already in use, so ${what} cannot start there. ` +
							'Stop whatever listens on it (another n8n?) or pick another port: PORT=5679 npm start',
					),
				);
			} else reject(new Error(`Cannot bind ${HOST}:${port}: ${error.message}`));
		});
		server.listen(port, HOST, () => server.close(() => resolve()));
	});
}

/** `npm run build` and `npm pack` of this repository; returns the tarball's path (moved to `destination`). */
export async function buildAndPack({ destination, log = console.log }) {
	const env = cleanEnv();
	log('Building the package (npm run build)');
	let code = await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env, log, label: 'build', quiet: true });
	if (code !== 0) throw new Error(`npm run build failed (exit ${code})`);
	mkdirSync(destination, { recursive: true });
	const packDir = path.join(destination, `pack-${process.pid}`);
	mkdirSync(packDir, { recursive: true });
	log('Packing it (npm pack)');
	code = await run('npm', ['pack', '--pack-destination', packDir, '--loglevel=warn'], {
		cwd: REPO_ROOT,
		env,
		log,
		label: 'pack',
		quiet: true,
	});
	if (code !== 0) throw new Error(`npm pack failed (exit ${code})`);
	const file = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
	if (!file) throw new Error('npm pack produced no tarball');
	const tarball = path.join(destination, `${PACKAGE_NAME}.tgz`);
	renameSync(path.join(packDir, file), tarball);
	rmSync(packDir, { recursive: true, force: true });
	return tarball;
}

/** Installs the tarball the way n8n installs a community package: into `<userFolder>/.n8n/nodes`, no scripts. */
export async function installPackage({ userFolder, tarball, log = console.log }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	// Same version, new contents: remove the old copy so npm cannot decide it is already installed.
	rmSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	log(`Installing ${path.basename(tarball)} into ${nodesDir}`);
	const code = await run(
		'npm',
		['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=warn'],
		{ cwd: nodesDir, env: cleanEnv(), log, label: 'npm install', quiet: true },
	);
	if (code !== 0) throw new Error(`installing the package into ${nodesDir} failed (exit ${code})`);
	if (!existsSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json'))) {
		throw new Error(`${PACKAGE_NAME} is not in ${nodesDir}/node_modules after npm install`);
	}
}

/** The encryption key stored in the user folder (created once), so credentials stay readable across starts. */
export function encryptionKeyFor(userFolder) {
	const file = path.join(userFolder, 'encryption-key');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(userFolder, { recursive: true });
	const key = randomBytes(24).toString('base64url');
	writeFileSync(file, `${key}\n`, { mode: 0o600 });
	return key;
}

/**
 * Starts `n8n <command>` (`start`, or `webhook` / `worker` in queue mode) with Node 24 in its own process group.
 * `port` is where the process answers HTTP: N8N_PORT for start and webhook; a worker answers only on its health
 * server, so the caller passes QUEUE_HEALTH_CHECK_PORT=port in `env`. Output goes to `logFile` and, with `echo`, to
 * the console too. Returns a handle whose `stop()` sends SIGTERM to the group, waits, and SIGKILLs if needed.
 */
export function startN8n({
	runtime,
	userFolder,
	port,
	brokerPort,
	logFile,
	echo = false,
	command = 'start',
	args = [],
	env: extraEnv = {},
}) {
	mkdirSync(path.dirname(logFile), { recursive: true });
	const env = cleanEnv({
		PATH: `${path.join(runtime.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		// n8n listens on 127.0.0.1 only and `localhost` may resolve to ::1: the webhook URLs n8n shows and registers
		// (Segmind) must be the address that really reaches it.
		N8N_WEBHOOK_URL: `http://${HOST}:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: HOST,
		N8N_ENCRYPTION_KEY: encryptionKeyFor(userFolder),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		...extraEnv,
	});
	const logFd = openSync(logFile, 'a');
	// N8N_NODE_ARGS: options for the Node that runs n8n, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile n8n
	// under the benchmark (Node refuses --cpu-prof in NODE_OPTIONS).
	const nodeArgs = (process.env.N8N_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const child = spawn(runtime.nodeBin, [...nodeArgs, runtime.n8nBin, command, ...args], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', echo ? 'pipe' : logFd, echo ? 'pipe' : logFd],
	});
	if (echo) {
		const file = createWriteStream(logFile, { flags: 'a' });
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (chunk) => {
				file.write(chunk);
				process.stdout.write(chunk);
			});
		}
	}
	closeSync(logFd);
	let exited = false;
	const exit = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		});
		child.on('error', (error) => {
			exited = true;
			resolve({ code: null, signal: null, error });
		});
	});
	const signalGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			try {
				child.kill(signal);
			} catch {}
		}
	};
	let stopping;
	return {
		child,
		command,
		port,
		baseUrl: `http://${HOST}:${port}`,
		logFile,
		exit,
		get exited() {
			return exited;
		},
		/** SIGTERM the group; SIGKILL after `graceMs`. Also reaps leftovers (the task runner) in the group. */
		stop(graceMs = 20000) {
			stopping ??= (async () => {
				if (!exited) {
					signalGroup('SIGTERM');
					const timedOut = await Promise.race([exit.then(() => false), sleep(graceMs).then(() => true)]);
					if (timedOut) signalGroup('SIGKILL');
					await Promise.race([exit, sleep(5000)]);
				}
				signalGroup('SIGKILL'); // anything n8n left behind in its process group
			})();
			return stopping;
		},
		/** SIGKILL the group at once (a crash, as the kernel's OOM killer would cause one); resolves once it exited. */
		async kill() {
			signalGroup('SIGKILL');
			await Promise.race([exit, sleep(5000)]);
		},
		/** Synchronous best effort, for `process.on('exit')`. */
		killNow() {
			if (!exited) signalGroup('SIGKILL');
		},
		logTail(lines = 60) {
			try {
				return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '(no log)';
			}
		},
	};
}

/**
 * Polls `probe` until it resolves to something `accept` takes, and returns that; throws after `timeoutMs` with the
 * last answer. The bound only stops a hung run: every wait ends on a condition n8n or a stand-in reports.
 */
export async function waitFor(probe, accept, { timeoutMs = 60000, intervalMs = 200, what }) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			last = await probe();
			if (accept(last)) return last;
		} catch (error) {
			last = error.message;
		}
		if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s (last: ${String(typeof last === 'string' ? last : JSON.stringify(last)).slice(0, 300)})`);
		await sleep(intervalMs);
	}
}

/** fetch with a timeout that never throws on HTTP status; returns {status, text, json, headers}. */
export async function request(url, { method = 'GET', headers = {}, body, timeoutMs = 15000 } = {}) {
	const response = await fetch(url, {
		method,
		headers,
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {}
	return { status: response.status, headers: response.headers, text, json };
}

/**
 * Waits until `n8n start` answers /healthz and its REST API answers JSON, or until a webhook or worker process says
 * it is ready (/healthz/readiness: database connected and migrated, queue set up); fails early if the process exits.
 */
export async function waitUntilReady(n8n, { timeoutMs = 180000, log = () => {} } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	let nextNote = Date.now() + 15000;
	for (;;) {
		if (n8n.exited) throw new Error(`n8n ${n8n.command ?? 'start'} exited while starting (see ${n8n.logFile})`);
		try {
			if (n8n.command !== undefined && n8n.command !== 'start') {
				const readiness = await request(`${n8n.baseUrl}/healthz/readiness`, { timeoutMs: 3000 });
				if (readiness.status === 200) return undefined;
				last = `GET /healthz/readiness -> ${readiness.status}`;
			} else {
				const health = await request(`${n8n.baseUrl}/healthz`, { timeoutMs: 3000 });
				if (health.status === 200 && health.json?.status === 'ok') {
					const settings = await request(`${n8n.baseUrl}/rest/settings`, { timeoutMs: 5000 });
					if (settings.status === 200 && settings.json?.data) return settings.json.data;
					last = `GET /rest/settings -> ${settings.status}`;
				} else last = `GET /healthz -> ${health.status}`;
			}
		} catch (error) {
			last = error.cause?.code ?? error.message;
		}
		if (Date.now() > deadline) throw new Error(`n8n not ready after ${timeoutMs / 1000} s (last: ${last})`);
		if (Date.now() > nextNote) {
			log(`  … waiting for n8n (${last})`);
			nextNote = Date.now() + 15000;
		}
		await sleep(500);
	}
}

/** A small client for n8n's internal REST API (cookie) and public API (X-N8N-API-KEY). */
export class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.apiKey = '';
		this.browserId = randomBytes(8).toString('hex');
	}

	async rest(method, route, body) {
		const response = await request(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((value) => value.split(';')[0]).find((value) => value.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return response;
	}

	async api(method, route, body) {
		const response = await request(`${this.baseUrl}/api/v1${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (response.status >= 400) {
			const error = new Error(`${method} /api/v1${route} -> ${response.status} ${response.text.slice(0, 300)}`);
			error.status = response.status;
			throw error;
		}
		return response.json;
	}

	/** Whether the instance still waits for its owner account. */
	async needsOwner() {
		const settings = await this.rest('GET', '/settings');
		return settings.json?.data?.userManagement?.showSetupOnFirstLoad === true;
	}

	/**
	 * Creates the owner account and logs in as it. n8n 1.x answers /healthz/readiness and /rest/settings a few seconds
	 * before it has mounted the owner route (until then the editor's HTML comes back): retried until n8n answers JSON.
	 */
	async setupOwner({ email, password, firstName = 'Dev', lastName = 'Owner' }) {
		const response = await waitFor(
			() => this.rest('POST', '/owner/setup', { email, password, firstName, lastName }),
			(answer) => answer.json !== undefined,
			{ timeoutMs: 60000, intervalMs: 500, what: 'POST /rest/owner/setup to answer JSON' },
		);
		if (response.status !== 200) throw new Error(`owner setup -> ${response.status} ${response.text.slice(0, 300)}`);
	}

	async login({ email, password }) {
		const response = await this.rest('POST', '/login', { emailOrLdapLoginId: email, email, password });
		if (response.status !== 200) throw new Error(`login as ${email} -> ${response.status} ${response.text.slice(0, 300)}`);
	}

	/** Creates an API key with every scope this n8n offers and uses it for `api()`. */
	async createApiKey(label) {
		const scopes = await this.rest('GET', '/api-keys/scopes');
		if (scopes.status !== 200) throw new Error(`GET /rest/api-keys/scopes -> ${scopes.status} ${scopes.text.slice(0, 300)}`);
		const response = await this.rest('POST', '/api-keys', { label, scopes: scopes.json.data, expiresAt: null });
		if (response.status !== 200) throw new Error(`POST /rest/api-keys -> ${response.status} ${response.text.slice(0, 300)}`);
		this.apiKey = response.json.data.rawApiKey;
		return this.apiKey;
	}
}
