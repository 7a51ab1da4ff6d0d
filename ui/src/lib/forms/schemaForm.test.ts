import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../api/types';
import { defaultConfig, fieldKind, fieldsFor, inputMatches, isVisible, missingRequired, parseInput, toInputText } from './schemaForm';

// shaped like the kernel's NodeDescriptorJson output for a node's configSchema
const schema: JsonSchema = {
	$schema: 'https://json-schema.org/draft/2020-12/schema',
	title: 'HTTP Request',
	type: 'object',
	properties: {
		url: { type: 'string', title: 'URL', description: 'Where to send it', 'x-leadflow-type': 'expression', 'x-leadflow-expressions': true },
		method: { type: 'string', enum: ['GET', 'POST'], title: 'Method', default: 'GET', 'x-leadflow-type': 'options' },
		body: { type: 'string', title: 'Body', 'x-leadflow-type': 'text' },
		timeout: {
			anyOf: [{ type: 'integer' }, { type: 'string', pattern: '\\{\\{.*\\}\\}' }],
			title: 'Timeout',
			default: 30,
			minimum: 1,
			'x-leadflow-type': 'integer',
			'x-leadflow-expressions': true
		},
		ratio: { type: 'number', title: 'Ratio', 'x-leadflow-type': 'number' },
		follow: { type: 'boolean', title: 'Follow redirects', default: true, 'x-leadflow-type': 'boolean' },
		tags: { type: 'array', items: { type: 'string' }, title: 'Tags', 'x-leadflow-type': 'string_list' },
		headers: { title: 'Headers', default: { accept: 'json' }, 'x-leadflow-type': 'json' },
		token: { type: 'string', title: 'Token', 'x-leadflow-type': 'string', 'x-leadflow-secret': true, writeOnly: true },
		payload: {
			type: 'string',
			title: 'Payload',
			'x-leadflow-type': 'string',
			'x-leadflow-visible-when': { property: 'method', values: ['POST'] }
		}
	},
	required: ['url', 'method'],
	additionalProperties: false
};

describe('fieldKind', () => {
	it('maps each JSON Schema shape to its input', () => {
		const kinds = Object.fromEntries(fieldsFor(schema).map((field) => [field.key, field.kind]));
		expect(kinds).toEqual({
			url: 'string',
			method: 'enum',
			body: 'text',
			timeout: 'integer',
			ratio: 'number',
			follow: 'boolean',
			tags: 'string-array',
			headers: 'json',
			token: 'string',
			payload: 'string'
		});
	});

	it('edits objects and arrays of non-strings as JSON', () => {
		expect(fieldKind({ type: 'object' })).toBe('json');
		expect(fieldKind({ type: 'array', items: { type: 'object' } })).toBe('json');
		expect(fieldKind({})).toBe('json');
	});

	it('prefers an enum over the declared type', () => {
		expect(fieldKind({ type: 'integer', enum: [1, 2] })).toBe('enum');
	});
});

describe('fieldsFor', () => {
	it('carries title, description, default, required and hints', () => {
		const fields = fieldsFor(schema);
		const url = fields.find((field) => field.key === 'url')!;
		expect(url).toMatchObject({ title: 'URL', description: 'Where to send it', required: true, expressions: true });
		expect(fields.find((field) => field.key === 'method')).toMatchObject({ required: true, default: 'GET', options: ['GET', 'POST'] });
		expect(fields.find((field) => field.key === 'timeout')).toMatchObject({ required: false, default: 30, minimum: 1 });
		expect(fields.find((field) => field.key === 'token')?.secret).toBe(true);
	});

	it('falls back to the key as title and keeps the schema order', () => {
		const fields = fieldsFor({ type: 'object', properties: { b: { type: 'string' }, a: { type: 'string' } } });
		expect(fields.map((field) => [field.key, field.title, field.required])).toEqual([
			['b', 'b', false],
			['a', 'a', false]
		]);
	});

	it('gives no fields for a schema without properties or no schema', () => {
		expect(fieldsFor({ type: 'object' })).toEqual([]);
		expect(fieldsFor(undefined)).toEqual([]);
	});
});

describe('defaultConfig', () => {
	it('holds only the defaults, copied', () => {
		const fields = fieldsFor(schema);
		const config = defaultConfig(fields);
		expect(config).toEqual({ method: 'GET', timeout: 30, follow: true, headers: { accept: 'json' } });
		(config.headers as Record<string, string>).accept = 'xml';
		expect(fields.find((field) => field.key === 'headers')?.default).toEqual({ accept: 'json' });
	});
});

describe('visibility and required', () => {
	const fields = fieldsFor(schema);
	const payload = fields.find((field) => field.key === 'payload')!;

	it('shows a conditional field only for the listed values', () => {
		expect(isVisible(payload, { method: 'GET' })).toBe(false);
		expect(isVisible(payload, { method: 'POST' })).toBe(true);
	});

	it('reports visible required fields that are empty', () => {
		expect(missingRequired(fields, { method: 'GET' })).toEqual({ url: 'required' });
		expect(missingRequired(fields, { method: 'GET', url: '' })).toEqual({ url: 'required' });
		expect(missingRequired(fields, { method: 'GET', url: 'https://example.org' })).toEqual({});
	});
});

describe('parseInput and toInputText', () => {
	const field = (key: string) => fieldsFor(schema).find((candidate) => candidate.key === key)!;

	it('reads numbers, enforcing integer and minimum', () => {
		expect(parseInput(field('timeout'), '12')).toEqual({ ok: true, value: 12 });
		expect(parseInput(field('timeout'), '1.5')).toEqual({ ok: false, error: 'must be a whole number' });
		expect(parseInput(field('timeout'), '0')).toEqual({ ok: false, error: 'must be at least 1' });
		expect(parseInput(field('ratio'), 'abc')).toEqual({ ok: false, error: 'must be a number' });
		expect(parseInput(field('ratio'), '0.25')).toEqual({ ok: true, value: 0.25 });
	});

	it('keeps an expression where a number may be one', () => {
		expect(parseInput(field('timeout'), '{{ $.seconds }}')).toEqual({ ok: true, value: '{{ $.seconds }}' });
		expect(parseInput(field('ratio'), '{{ $.x }}').ok).toBe(false);
	});

	it('removes the key when a non-text input is emptied', () => {
		expect(parseInput(field('timeout'), '  ')).toEqual({ ok: true, value: undefined });
		expect(parseInput(field('headers'), '')).toEqual({ ok: true, value: undefined });
	});

	it('checks JSON', () => {
		expect(parseInput(field('headers'), '{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
		const bad = parseInput(field('headers'), '{a: 1}');
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.error).toMatch(/^not valid JSON/);
	});

	it('reads a string list one value per line', () => {
		expect(parseInput(field('tags'), 'a\n\n b \n')).toEqual({ ok: true, value: ['a', 'b'] });
		expect(toInputText(field('tags'), ['a', 'b'])).toBe('a\nb');
	});

	it('shows JSON indented and nothing for a missing value', () => {
		expect(toInputText(field('headers'), { a: 1 })).toBe('{\n  "a": 1\n}');
		expect(toInputText(field('url'), undefined)).toBe('');
		expect(toInputText(field('timeout'), 5)).toBe('5');
	});
});

describe('inputMatches', () => {
	const field = (key: string) => fieldsFor(schema).find((candidate) => candidate.key === key)!;

	it('keeps text the user is typing when it stands for the stored value', () => {
		expect(inputMatches(field('tags'), 'a\n', ['a'])).toBe(true);
		expect(inputMatches(field('headers'), '{"a":1}', { a: 1 })).toBe(true);
		expect(inputMatches(field('timeout'), '5.0', 5)).toBe(true);
	});

	it('asks for a rewrite when the value changed elsewhere or the text is invalid', () => {
		expect(inputMatches(field('tags'), 'a', ['a', 'b'])).toBe(false);
		expect(inputMatches(field('headers'), '{a', { a: 1 })).toBe(false);
		expect(inputMatches(field('url'), 'x', undefined)).toBe(false);
	});
});
