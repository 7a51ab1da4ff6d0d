import { describe, expect, it } from 'vitest';
import type { ExecutionDetail, NodeRun } from '$lib/api/types';
import {
	knownOutput,
	mergeRuns,
	parseItems,
	pinDataFromExecution,
	previewBindings,
	previewText,
	previewable,
	prunePinData,
	showValue,
	testInput
} from './testData';

const run = (nodeId: string, output: unknown, status = 'succeeded'): NodeRun => ({ nodeId, status, attempt: 1, output });
const detail = (runs: NodeRun[]): ExecutionDetail => ({
	id: 'e1', workflowId: 'w1', workflowVersion: 1, status: 'succeeded', mode: 'test', nodeRuns: runs
});
const edges = [
	{ source: 'form', sourceHandle: 'main', target: 'lead' },
	{ source: 'lead', sourceHandle: 'main', target: 'email' },
	{ source: 'check', sourceHandle: 'false', target: 'email' }
];

describe('test data', () => {
	it('takes a node input from the pinned output of the node before it, before that node\'s last run', () => {
		const runs = { form: run('form', { main: [{ email: 'old@example.com' }] }) };
		expect(testInput('lead', edges, {}, runs)).toEqual({ items: [{ email: 'old@example.com' }], source: 'run', fromNodeId: 'form' });
		expect(testInput('lead', edges, { form: [{ email: 'ada@example.com' }] }, runs))
			.toEqual({ items: [{ email: 'ada@example.com' }], source: 'pinned', fromNodeId: 'form' });
		expect(testInput('form', edges, {}, runs)).toBeUndefined();
	});

	it('reads the port the edge leaves from, and falls through to another incoming edge', () => {
		const runs = { check: run('check', { true: [{ a: 1 }], false: [{ a: 2 }] }) };
		expect(testInput('email', edges, {}, runs)).toEqual({ items: [{ a: 2 }], source: 'run', fromNodeId: 'check' });
		// pinned data is a node's main output only
		expect(knownOutput('check', { check: [{ a: 9 }] }, runs, 'false')).toEqual({ items: [{ a: 2 }], source: 'run' });
	});

	it('keeps each node\'s latest finished run across test runs', () => {
		const first = mergeRuns({}, detail([run('form', { main: [{ n: 1 }] }), run('lead', { main: [{ n: 2 }] })]));
		const second = mergeRuns(first, detail([run('lead', { main: [{ n: 3 }] }), run('email', undefined, 'waiting')]));
		expect(Object.keys(second).sort()).toEqual(['form', 'lead']);
		expect(second.lead.output).toEqual({ main: [{ n: 3 }] });
	});

	it('binds $json, $items and $node by name the way a run would', () => {
		const nodes = [{ id: 'form', name: 'Web form' }, { id: 'lead', name: 'Create lead' }, { id: 'email', name: 'Email' }];
		const bindings = previewBindings('email', nodes, edges, { form: [{ name: 'Ada' }] }, { lead: run('lead', { main: [{ id: 'L1' }, { id: 'L2' }] }) });
		expect(bindings.json).toEqual({ id: 'L1' });
		expect(bindings.items).toHaveLength(2);
		expect(bindings.node['Web form']).toEqual({ json: { name: 'Ada' }, items: [{ name: 'Ada' }] });
		expect(bindings.node.Email).toBeUndefined();
		expect(previewBindings('form', nodes, edges, {}, {}).json).toEqual({});
	});

	it('copies a past run\'s successful outputs as pinned data, for the nodes the draft still has', () => {
		const past = detail([run('form', { main: [{ a: 1 }] }), run('lead', undefined, 'failed'), run('gone', { main: [{ b: 1 }] })]);
		expect(pinDataFromExecution(past, ['form', 'lead'])).toEqual({ form: [{ a: 1 }] });
	});

	it('prunes pinned data of deleted nodes and drops the field when nothing is left', () => {
		expect(prunePinData({ a: [{ x: 1 }], b: [{ y: 1 }], c: [] }, ['a', 'c'])).toEqual({ a: [{ x: 1 }] });
		expect(prunePinData({ b: [{ y: 1 }] }, ['a'])).toBeUndefined();
	});

	it('reads typed items: an object, an array of objects, or a clear error', () => {
		expect(parseItems('{"email":"a@b.c"}')).toEqual({ ok: true, items: [{ email: 'a@b.c' }] });
		expect(parseItems('[{"a":1},{"a":2}]')).toEqual({ ok: true, items: [{ a: 1 }, { a: 2 }] });
		expect(parseItems('[1, 2]')).toMatchObject({ ok: false, error: expect.stringContaining('JSON objects') });
		expect(parseItems('{"a":')).toMatchObject({ ok: false, error: expect.stringContaining('Not valid JSON') });
		expect(parseItems('[]')).toMatchObject({ ok: false });
	});

	it('previews templates in text fields and whole JSONata fields', () => {
		expect(previewable('Hello', false)).toBe(false);
		expect(previewable('Hello {{ $json.name }}', false)).toBe(true);
		expect(previewable('score > 50', true)).toBe(true);
		expect(previewText('score > 50', true)).toBe('{{ score > 50 }}');
		expect(previewText('Hi {{ $json.name }}', false)).toBe('Hi {{ $json.name }}');
		expect(showValue('Hi Ada')).toBe('Hi Ada');
		expect(showValue(true)).toBe('true');
		expect(showValue({ a: 1 })).toBe('{"a":1}');
		expect(showValue(undefined)).toBe('(empty)');
		expect(showValue('')).toBe('(empty text)');
	});
});
