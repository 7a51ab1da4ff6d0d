import type { JsonSchema } from '../api/types';

/** Which input the config panel shows for a property. */
export type FieldKind = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-array' | 'json';

/** One input of a node's config form, derived from one property of its JSON Schema. */
export interface FieldSpec {
	key: string;
	kind: FieldKind;
	title: string;
	description?: string;
	required: boolean;
	default?: unknown;
	options?: string[];
	placeholder?: string;
	expressions: boolean;
	/** the whole value is one JSONata expression (a condition), not a text with `{{ }}` */
	jsonata: boolean;
	secret: boolean;
	minimum?: number;
	maximum?: number;
	visibleWhen?: { property: string; values: unknown[] };
}

/** The non-expression type of a property: `anyOf: [{type: number}, {type: string, pattern: {{}}}]` is a number. */
function baseType(schema: JsonSchema): string | undefined {
	if (typeof schema.type === 'string') {
		return schema.type;
	}
	if (Array.isArray(schema.type)) {
		return schema.type.find((type) => type !== 'null');
	}
	const typed = schema.anyOf?.find((alternative) => alternative.type && alternative.type !== 'string');
	return typeof typed?.type === 'string' ? typed.type : schema.anyOf?.[0]?.type as string | undefined;
}

/** The input for one property schema. */
export function fieldKind(schema: JsonSchema): FieldKind {
	if (Array.isArray(schema.enum)) {
		return 'enum';
	}
	const hint = schema['x-leadflow-type'];
	if (hint === 'text') {
		return 'text';
	}
	switch (baseType(schema)) {
		case 'string':
			return 'string';
		case 'integer':
			return 'integer';
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			return schema.items?.type === 'string' ? 'string-array' : 'json';
		default:
			// objects, arrays of objects, and "any JSON value" are edited as JSON text
			return 'json';
	}
}

/** The fields of a node's config schema, in the schema's order. */
export function fieldsFor(schema: JsonSchema | undefined): FieldSpec[] {
	const properties = schema?.properties ?? {};
	const required = new Set(schema?.required ?? []);
	return Object.entries(properties).map(([key, property]) => {
		const visible = property['x-leadflow-visible-when'] as FieldSpec['visibleWhen'] | undefined;
		return {
			key,
			kind: fieldKind(property),
			title: property.title ?? key,
			description: property.description,
			required: required.has(key),
			default: property.default,
			options: Array.isArray(property.enum) ? property.enum.map(String) : undefined,
			placeholder: typeof property['x-leadflow-placeholder'] === 'string' ? property['x-leadflow-placeholder'] : undefined,
			expressions: property['x-leadflow-expressions'] === true,
			jsonata: property['x-leadflow-type'] === 'expression',
			secret: property['x-leadflow-secret'] === true,
			minimum: property.minimum,
			maximum: property.maximum,
			visibleWhen: visible
		};
	});
}

/** A new node's config: the schema's defaults, nothing for properties without one. */
export function defaultConfig(fields: FieldSpec[]): Record<string, unknown> {
	const config: Record<string, unknown> = {};
	for (const field of fields) {
		if (field.default !== undefined) {
			config[field.key] = structuredClone(field.default);
		}
	}
	return config;
}

/** Whether a field is shown, given the current config (conditional visibility). */
export function isVisible(field: FieldSpec, config: Record<string, unknown>): boolean {
	if (!field.visibleWhen) {
		return true;
	}
	const current = config[field.visibleWhen.property];
	return field.visibleWhen.values.some((value) => value === current);
}

/** The text an input shows for a stored value (JSON as indented text, string lists one per line). */
export function toInputText(field: FieldSpec, value: unknown): string {
	if (value === undefined || value === null) {
		return '';
	}
	switch (field.kind) {
		case 'json':
			return JSON.stringify(value, null, 2);
		case 'string-array':
			return Array.isArray(value) ? value.map(String).join('\n') : String(value);
		default:
			return String(value);
	}
}

/** The outcome of reading an input: a value to store (undefined: remove the key) or an error to show. */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const EXPRESSION = /\{\{.*\}\}/s;

/** Reads what the user typed into the value the config stores. */
export function parseInput(field: FieldSpec, text: string): Parsed {
	const trimmed = text.trim();
	if (trimmed === '' && field.kind !== 'string' && field.kind !== 'text') {
		return { ok: true, value: undefined };
	}
	switch (field.kind) {
		case 'string':
		case 'text':
		case 'enum':
			return { ok: true, value: text === '' ? undefined : text };
		case 'number':
		case 'integer': {
			if (field.expressions && EXPRESSION.test(trimmed)) {
				return { ok: true, value: trimmed };
			}
			const number = Number(trimmed);
			if (!Number.isFinite(number)) {
				return { ok: false, error: 'must be a number' };
			}
			if (field.kind === 'integer' && !Number.isInteger(number)) {
				return { ok: false, error: 'must be a whole number' };
			}
			if (field.minimum !== undefined && number < field.minimum) {
				return { ok: false, error: `must be at least ${field.minimum}` };
			}
			if (field.maximum !== undefined && number > field.maximum) {
				return { ok: false, error: `must be at most ${field.maximum}` };
			}
			return { ok: true, value: number };
		}
		case 'boolean':
			return { ok: true, value: trimmed === 'true' };
		case 'string-array':
			return {
				ok: true,
				value: text
					.split('\n')
					.map((line) => line.trim())
					.filter((line) => line !== '')
			};
		case 'json':
			try {
				return { ok: true, value: JSON.parse(trimmed) };
			} catch (error) {
				return { ok: false, error: `not valid JSON: ${error instanceof Error ? error.message : error}` };
			}
	}
}

/** Required fields that are visible and still empty, as messages keyed by field. */
export function missingRequired(fields: FieldSpec[], config: Record<string, unknown>): Record<string, string> {
	const missing: Record<string, string> = {};
	for (const field of fields) {
		const value = config[field.key];
		const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
		if (field.required && isVisible(field, config) && empty) {
			missing[field.key] = 'required';
		}
	}
	return missing;
}

/**
 * Whether the text in an input already stands for the stored value. The form only rewrites an
 * input whose value changed elsewhere, so typing `a⏎` into a list or half-formatted JSON is kept.
 */
export function inputMatches(field: FieldSpec, text: string, value: unknown): boolean {
	const parsed = parseInput(field, text);
	return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(value);
}
