/**
 * Reads the text Python's `str()` gives for a dict, list, tuple or set of plain values, which is how Polyaxon writes a
 * run's inputs and outputs into a webhook (`"Inputs: `{}`\n".format(inputs)`, polyaxon/polyaxon
 * core/polyaxon/notifiers/spec.py, `NotificationSpec.get_details`): `{'lr': 0.001, 'use_gpu': True, 'tag': None}`.
 *
 * Understood: strings in single or double quotes with Python's escapes, ints and floats, `True`/`False`/`None` (and
 * JSON's `true`/`false`/`null`), dicts, lists, tuples and sets, nested. Tuples and sets become arrays. What JSON
 * cannot hold exactly stays the text Python printed: `nan`, `inf`, `-inf`, and ints beyond 2^53. Anything else
 * (`datetime.datetime(…)`, `<object at 0x…>`) is refused, with where reading stopped.
 */
export type PythonLiteralResult = { ok: true; value: unknown } | { ok: false; position: number };

/** Deeper nesting than any run's inputs would have: it bounds the recursion on hostile text. */
const MAX_DEPTH = 64;

const KEYWORDS = new Map<string, unknown>([
	['True', true],
	['False', false],
	['None', null],
	['true', true],
	['false', false],
	['null', null],
	['nan', 'nan'],
	['inf', 'inf'],
	['-inf', '-inf'],
]);

const SIMPLE_ESCAPES: Record<string, string> = {
	'\\': '\\',
	"'": "'",
	'"': '"',
	n: '\n',
	r: '\r',
	t: '\t',
	b: '\b',
	f: '\f',
	v: '\v',
	a: '\x07',
	'0': '\0',
};

/** `\x` takes 2 hex digits, `\u` 4, `\U` 8. */
const CODE_POINT_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /-?[A-Za-z_]+/y;

/** Thrown from deep in the recursion, caught once at the top: the reader's own way to stop. */
class NotALiteral extends Error {}

export function parsePythonLiteral(text: string): PythonLiteralResult {
	let position = 0;

	const fail = (): never => {
		throw new NotALiteral(`not a Python literal at ${position}`);
	};
	const skipSpaces = () => {
		while (position < text.length && /\s/.test(text[position])) position++;
	};
	const take = (expected: string): boolean => {
		skipSpaces();
		if (text[position] !== expected) return false;
		position++;
		return true;
	};

	function readString(): string {
		const quote = text[position++];
		let result = '';
		while (position < text.length) {
			const char = text[position++];
			if (char === quote) return result;
			if (char !== '\\') {
				result += char;
				continue;
			}
			const escape = text[position++];
			if (escape in SIMPLE_ESCAPES) {
				result += SIMPLE_ESCAPES[escape];
			} else if (escape in CODE_POINT_ESCAPES) {
				const digits = text.slice(position, position + CODE_POINT_ESCAPES[escape]);
				if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== CODE_POINT_ESCAPES[escape]) fail();
				const codePoint = parseInt(digits, 16);
				if (codePoint > 0x10ffff) fail();
				result += String.fromCodePoint(codePoint);
				position += digits.length;
			} else {
				// Python keeps an unknown escape as written; its str() never prints one, but a hand-made value might.
				result += `\\${escape ?? ''}`;
			}
		}
		return fail();
	}

	function readSequence(close: string, depth: number): unknown[] {
		const items: unknown[] = [];
		while (!take(close)) {
			items.push(readValue(depth));
			if (!take(',')) {
				if (!take(close)) fail();
				break;
			}
		}
		return items;
	}

	/** `{}` is a dict; `{1, 2}` a set (Python prints an empty set as `set()`, which is refused with other calls). */
	function readBraces(depth: number): unknown {
		if (take('}')) return {};
		const first = readValue(depth);
		if (!take(':')) {
			if (take('}')) return [first];
			if (!take(',')) fail();
			return [first, ...readSequence('}', depth)];
		}
		const entries: Array<[string, unknown]> = [[keyText(first), readValue(depth)]];
		while (take(',')) {
			if (take('}')) return Object.fromEntries(entries);
			const key = keyText(readValue(depth));
			if (!take(':')) fail();
			entries.push([key, readValue(depth)]);
		}
		if (!take('}')) fail();
		// fromEntries defines own properties: a key such as "__proto__" stays a key and never becomes a prototype.
		return Object.fromEntries(entries);
	}

	/** JSON keys are text: Python's int, float, bool and None keys become what Python printed for them. */
	function keyText(key: unknown): string {
		if (typeof key === 'string') return key;
		if (typeof key === 'number') return String(key);
		if (key === true) return 'True';
		if (key === false) return 'False';
		if (key === null) return 'None';
		return fail();
	}

	function readValue(depth: number): unknown {
		if (depth > MAX_DEPTH) fail();
		skipSpaces();
		const char = text[position];
		if (char === "'" || char === '"') return readString();
		if (char === '{') {
			position++;
			return readBraces(depth + 1);
		}
		if (char === '[' || char === '(') {
			position++;
			return readSequence(char === '[' ? ']' : ')', depth + 1);
		}
		WORD.lastIndex = position;
		const word = WORD.exec(text)?.[0];
		if (word !== undefined) {
			if (!KEYWORDS.has(word)) fail();
			position += word.length;
			return KEYWORDS.get(word);
		}
		NUMBER.lastIndex = position;
		const number = NUMBER.exec(text)?.[0];
		if (number === undefined) return fail();
		position += number.length;
		const value = Number(number);
		// An int beyond what a JSON number holds exactly stays the digits Python printed, not a rounded neighbour.
		return /^-?\d+$/.test(number) && !Number.isSafeInteger(value) ? number : value;
	}

	try {
		const value = readValue(0);
		skipSpaces();
		if (position !== text.length) fail();
		return { ok: true, value };
	} catch {
		// Only NotALiteral is thrown above (code points are range-checked first); `position` is where it stopped.
		return { ok: false, position };
	}
}
