import fc from 'fast-check';

import { parsePythonLiteral } from '../nodes/Polyaxon/pythonLiteral';

describe('Python literals, as Polyaxon prints inputs and outputs', () => {
	it('reads what Python 3 printed for a dict of every kind of value (output of str() pasted verbatim)', () => {
		// python3 -c "print(str({'a': 'line\nbreak', ..., 'neg': -float('inf')}))"
		const printed = String.raw`{'a': 'line\nbreak', 'b': 'tab\there', 'c': '\x00\x7f', 'd': 'é', 'e': '\u2028', 'f': 'both \' and "', 'g': '\\', 7: -3, 1.5: 2.5e+20, None: [], True: (), 'h': (1,), 'i': {1, 2}, 'big': 1180591620717411303424, 'neg': -inf}`;
		expect(parsePythonLiteral(printed)).toEqual({
			ok: true,
			value: {
				a: 'line\nbreak',
				b: 'tab\there',
				c: '\x00\x7f',
				d: 'é',
				e: '\u2028',
				f: 'both \' and "',
				g: '\\',
				'7': -3,
				'1.5': 2.5e20,
				None: [],
				True: [],
				h: [1],
				i: [1, 2],
				big: '1180591620717411303424',
				neg: '-inf',
			},
		});
	});

	it.each([
		["{'lr': 0.001, 'use_gpu': True, 'tag': None}", { lr: 0.001, use_gpu: true, tag: null }],
		['{"lr": 0.001, "ok": true, "tag": null}', { lr: 0.001, ok: true, tag: null }],
		["{'loss': nan, 'best': inf}", { loss: 'nan', best: 'inf' }],
		["[{'a': [1, (2, 3)]}, {}]", [{ a: [1, [2, 3]] }, {}]],
		["{'__proto__': {'polluted': True}}", JSON.parse('{"__proto__": {"polluted": true}}')],
		['-0.5', -0.5],
		["'only text'", 'only text'],
	])('reads %s', (text, value) => {
		expect(parsePythonLiteral(text)).toEqual({ ok: true, value });
	});

	it('keeps "__proto__" an ordinary key', () => {
		const result = parsePythonLiteral("{'__proto__': {'polluted': True}}");
		expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each([
		["{'started': datetime.datetime(2024, 6, 2, 11, 0)}", 12],
		["{'model': <Net object at 0x7f3a2c>}", 10],
		["{'a': 1", 7],
		["{'a': 'unterminated}", 20],
		["{'a': 1} trailing", 9],
		['set()', 0],
		["{'constructor': constructor}", 16],
		['', 0],
	])('refuses %s, saying where reading stopped', (text, position) => {
		expect(parsePythonLiteral(text)).toEqual({ ok: false, position });
	});

	it('refuses nesting deeper than 64 levels instead of exhausting the stack', () => {
		expect(parsePythonLiteral('['.repeat(100_000))).toMatchObject({ ok: false });
		expect(parsePythonLiteral(`${'['.repeat(60)}${']'.repeat(60)}`)).toMatchObject({ ok: true });
	});

	/** Python's str() of a value, by its rules: single quotes unless the text holds ' and no ", escapes for \, the quote and controls. */
	function pythonStr(value: unknown): string {
		if (value === null) return 'None';
		if (value === true) return 'True';
		if (value === false) return 'False';
		if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value).replace(/e([+-])(\d)$/, 'e$10$2');
		if (typeof value === 'string') {
			const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
			const escaped = [...value]
				.map((char) => {
					if (char === '\\') return '\\\\';
					if (char === quote) return `\\${quote}`;
					if (char === '\n') return '\\n';
					if (char === '\t') return '\\t';
					if (char === '\r') return '\\r';
					const code = char.codePointAt(0)!;
					return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
				})
				.join('');
			return `${quote}${escaped}${quote}`;
		}
		if (Array.isArray(value)) return `[${value.map(pythonStr).join(', ')}]`;
		return `{${Object.entries(value as Record<string, unknown>)
			.map(([key, entry]) => `${pythonStr(key)}: ${pythonStr(entry)}`)
			.join(', ')}}`;
	}

	it('reads back whatever Python would print for a JSON-like value (property)', () => {
		// Integral floats beyond 2^53 print differently in Python (1e+16) and JavaScript; ints that large stay text.
		const double = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x));
		const leaf = fc.oneof(fc.string(), fc.integer(), double, fc.boolean(), fc.constant(null));
		const value = fc.letrec((tie) => ({
			node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
		})).node;
		fc.assert(
			fc.property(value, (sample) => {
				// Compared as JSON, which is what the item carries (it has no -0).
				const expected = JSON.parse(JSON.stringify(sample));
				const result = parsePythonLiteral(pythonStr(sample));
				expect(result.ok && JSON.parse(JSON.stringify(result.value))).toEqual(expected);
			}),
		);
	});
});
