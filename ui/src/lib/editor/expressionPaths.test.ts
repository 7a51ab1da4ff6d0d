import { describe, expect, it } from 'vitest';
import { expressionPaths, insertPath } from './expressionPaths';

const nodes = [
	{ id: 'hook', name: 'Lead form' },
	{ id: 'set', name: 'Clean' },
	{ id: 'if', name: 'Check' },
	{ id: 'other', name: 'Unrelated' }
];
const links = [
	{ source: 'hook', target: 'set' },
	{ source: 'set', target: 'if' }
];

describe('expressionPaths', () => {
	it('offers $json and every upstream node, nearest first, without a run', () => {
		expect(expressionPaths('if', nodes, links)).toEqual(['$json', '$node.`Clean`', '$node.`Lead form`', '$execution.id']);
	});

	it('adds the fields the last run had', () => {
		const runs = [
			{ nodeId: 'hook', attempt: 1, status: 'succeeded', output: { main: [{ body: { email: 'a@b.c', 'first name': 'A' } }] } },
			{ nodeId: 'set', attempt: 1, status: 'succeeded', output: { main: [{ email: 'a@b.c' }] } }
		];
		const paths = expressionPaths('if', nodes, links, runs);
		expect(paths).toContain('$json.email');
		expect(paths).toContain('$node.`Lead form`.body.email');
		expect(paths).toContain('$node.`Lead form`.body.`first name`');
		expect(paths).not.toContain('$node.`Unrelated`');
	});
});

describe('insertPath', () => {
	it('inserts bare into JSONata and wrapped into templates', () => {
		expect(insertPath('', '$json.email', true)).toBe('$json.email');
		expect(insertPath('score > 5 and ', '$json.ok', true)).toBe('score > 5 and $json.ok');
		expect(insertPath('Hello ', '$json.name', false)).toBe('Hello {{ $json.name }}');
	});
});
