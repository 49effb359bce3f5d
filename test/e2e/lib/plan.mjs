// Sends a plan of deliveries to workflows in a real n8n and judges them: each entry is one case, its sends are judged
// on their answers as they go, and its executions (matched by the payload the trigger emitted) once they have
// settled. Shared by every platform file.
import {
	deactivate,
	deliver,
	differs,
	executionsSettled,
	reachedNoOp,
	settledExecutions,
	short,
	triggerItem,
} from './harness.mjs';

export const N8N_STARTED_BODY = { message: 'Workflow was started' };

/**
 * @param ctx {client, results}
 * @param name (text) -> the case name with the platform prefix
 * @param workflows {key: {id, url, triggerName}}, deactivated at the end
 * @param plan [{name, workflow, sends: [{body, headers?, method?, query? (the proof of a URL-token platform),
 *   status (a number, or (answer) -> problem), json?, emit?, afterExecutionsFinish?}], together? (answers) -> problem
 *   (the sends go out at once and are judged together),
 *   executions, marker (JSON of the payload the item must carry), check?(item) -> problems}]
 * @param hidden strings no answer may contain (secrets, tokens)
 */
export async function runPlan({ client, results }, { name, workflows, plan, hidden }) {
	// ---- send, in order; answers are judged now, executions once they have settled ----
	const emitAnswers = [];
	for (const entry of plan) {
		entry.problems = [];
		const base = workflows[entry.workflow].url;
		const sendOne = async (send, index) => {
			const which = entry.sends.length > 1 ? `answer ${index + 1}` : 'answer';
			try {
				// A platform's retry comes minutes later: every execution started so far has finished and recorded its id.
				if (send.afterExecutionsFinish) await executionsSettled(client, workflows[entry.workflow].id);
				const query = new URLSearchParams(send.query ?? {}).toString();
				const url = query === '' ? base : `${base}?${query}`;
				const answer = await deliver(url, send.body, send.headers ?? {}, send.method ?? 'POST');
				if (send.emit) emitAnswers.push(answer);
				if (typeof send.status === 'function') {
					const problem = send.status(answer);
					if (problem) entry.problems.push(`${which}: ${problem}`);
				} else if (answer.status !== send.status) {
					entry.problems.push(`${which} ${answer.status} ${short(answer.text)}, expected ${send.status}`);
				} else if (typeof send.json === 'function') {
					const problem = send.json(answer.json);
					if (problem) entry.problems.push(`${which}: ${problem}`);
				} else if (send.json !== undefined && differs('body', answer.json, send.json)) {
					entry.problems.push(`${which} ${answer.status} ${short(answer.text, 80)}, expected body ${JSON.stringify(send.json)}`);
				}
				if (hidden.some((value) => answer.text.includes(value))) entry.problems.push(`${which} leaks a secret`);
				return answer;
			} catch (error) {
				entry.problems.push(`${which}: ${error.message}`);
				return undefined;
			}
		};
		if (entry.together) {
			const answers = await Promise.all(entry.sends.map(sendOne));
			const problem = entry.together(answers.filter(Boolean));
			if (problem) entry.problems.push(problem);
		} else {
			for (const [index, send] of entry.sends.entries()) await sendOne(send, index);
		}
	}

	for (const key of Object.keys(workflows)) {
		const entries = plan.filter((entry) => entry.workflow === key);
		const workflow = workflows[key];
		let executions = [];
		try {
			executions = await settledExecutions(client, workflow.id);
		} catch (error) {
			for (const entry of entries) entry.problems.push(`reading executions: ${error.message}`);
		}
		const byMarker = new Map();
		for (const execution of executions) {
			const item = triggerItem(execution, workflow.triggerName);
			const marker = item ? JSON.stringify(item.payload) : `(execution ${execution.id} without item)`;
			byMarker.set(marker, [...(byMarker.get(marker) ?? []), execution]);
		}
		for (const entry of entries) {
			const mine = byMarker.get(entry.marker) ?? [];
			byMarker.delete(entry.marker);
			if (mine.length !== entry.executions) {
				entry.problems.push(`${mine.length} executions, expected ${entry.executions}`);
				continue;
			}
			if (mine.length === 0) continue;
			const execution = mine[0];
			if (execution.status !== 'success') entry.problems.push(`execution ${execution.id} status ${execution.status}`);
			if (!reachedNoOp(execution)) entry.problems.push(`execution ${execution.id} did not reach the NoOp node`);
			const item = triggerItem(execution, workflow.triggerName);
			if (entry.check && item) entry.problems.push(...entry.check(item).filter(Boolean));
		}
		workflow.stray = [...byMarker.entries()].map(([marker, list]) => `${list.length}× ${short(marker, 100)}`);
	}
	for (const entry of plan) results.record(name(entry.name), entry.problems);

	const unlike = emitAnswers.filter((answer) => answer.status !== 200 || differs('body', answer.json, N8N_STARTED_BODY));
	const seen = [...new Set(unlike.map((answer) => `${answer.status} ${answer.headers.get('content-type')} ${short(answer.text, 80)}`))];
	results.record(
		name(`deliveries that started an execution were answered 200 ${JSON.stringify(N8N_STARTED_BODY)}`),
		unlike.length === 0 ? [] : [`${unlike.length} of ${emitAnswers.length} were answered: ${seen.join(' | ')}`],
	);

	results.record(
		name('no executions other than the expected ones'),
		Object.entries(workflows).map(([key, workflow]) =>
			workflow.stray.length === 0 ? undefined : `${key} workflow: unexpected ${workflow.stray.join(', ')}`,
		),
	);

	await results.check(name('deactivated workflows answer 404'), async () => {
		for (const workflow of Object.values(workflows)) await deactivate(client, workflow);
	});
}

/** Executions are matched to cases by the payload they carry (every case sends a distinct one). */
export function markerOf(payload) {
	if (typeof payload !== 'string') return JSON.stringify(payload);
	try {
		return JSON.stringify(JSON.parse(payload));
	} catch {
		return `(unparseable) ${payload}`;
	}
}
