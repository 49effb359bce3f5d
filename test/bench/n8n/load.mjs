// Sends pre-signed deliveries over loopback HTTP at a fixed concurrency and times each answer. Plain node:http with a
// keep-alive agent: the sender should cost n8n's machine as little as possible. Deliveries alternate between the
// given base URLs (the webhook processes of a queue-mode setup), as a round-robin load balancer would.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const REQUEST_TIMEOUT_MS = 120000;

function post(agent, base, { path, body, headers, method = 'POST' }) {
	return new Promise((resolve) => {
		const started = performance.now();
		const finish = (status, text, error, retryAfter) => {
			let json;
			try {
				json = text ? JSON.parse(text) : undefined;
			} catch {}
			resolve({ status, json, text, error, retryAfter, ms: performance.now() - started });
		};
		const request = http.request(
			{ host: base.hostname, port: base.port, path, method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				const retryAfter = Number(response.headers['retry-after']) || undefined;
				response.on('end', () => finish(response.statusCode, Buffer.concat(chunks).toString('utf8'), undefined, retryAfter));
				response.on('error', (error) => finish(0, '', error.code ?? error.message));
			},
		);
		request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timeout')));
		request.on('error', (error) => finish(0, '', error.code ?? error.message));
		request.end(body);
	});
}

/**
 * Sends every delivery ({path, body, headers}) with at most `concurrency` in flight; delivery i goes to
 * bases[i % bases.length]. `onAnswer(answer, answeredSoFar)` is called as each answer arrives (it must not block).
 * Resolves to the answers, in delivery order ({status (0: no answer), json, error, retryAfter (s), ms}), and the wall time.
 */
export async function sendAll(deliveries, { bases, concurrency, onAnswer = () => {} }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const urls = bases.map((base) => new URL(base));
	const answers = new Array(deliveries.length);
	let next = 0;
	let answered = 0;
	const started = performance.now();
	const lane = async () => {
		while (next < deliveries.length) {
			const index = next++;
			const answer = await post(agent, urls[index % urls.length], deliveries[index]);
			answers[index] = answer;
			onAnswer(answer, ++answered);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, lane));
	const seconds = (performance.now() - started) / 1000;
	agent.destroy();
	return { answers, seconds };
}

/** Nearest-rank percentile of a list of numbers (undefined for an empty list). */
export function percentile(values, p) {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const isAck = (answer) => answer.status >= 200 && answer.status < 300;
