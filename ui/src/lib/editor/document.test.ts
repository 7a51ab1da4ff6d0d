import { describe, expect, it } from 'vitest';
import type { NodeType, WorkflowDocument } from '../api/types';
import { locateErrors, newNodeId, refusal, toCanvas, toDocument, uniqueName } from './document';

const type = (over: Partial<NodeType>): NodeType => ({
	type: 'core.set',
	version: 1,
	kind: 'action',
	label: 'Set',
	category: 'Data',
	inputs: [{ name: 'main', label: 'in', error: false }],
	outputs: [{ name: 'main', label: 'out', error: false }],
	configSchema: { type: 'object', properties: {} },
	...over
});

const document: WorkflowDocument = {
	name: 'Lead intake',
	nodes: [
		{ id: 'hook', name: 'Form', type: 'core.webhook', position: { x: 10, y: 20 } },
		{ id: 'set', name: 'Clean', type: 'core.set', config: { mappings: {} } }
	],
	edges: [{ from: { node: 'hook', port: 'main' }, to: { node: 'set', port: 'main' } }],
	settings: { timezone: 'UTC' }
};

describe('document <-> canvas', () => {
	it('round-trips nodes, ports and settings', () => {
		const canvas = toCanvas(document, [type({})]);
		expect(canvas.nodes.map((node) => [node.id, node.position, node.data.nodeType?.label])).toEqual([
			['hook', { x: 10, y: 20 }, undefined],
			['set', { x: 340, y: 160 }, 'Set']
		]);
		expect(canvas.edges).toEqual([
			{ id: 'hook:main->set:main', source: 'hook', sourceHandle: 'main', target: 'set', targetHandle: 'main' }
		]);
		const saved = toDocument(document, canvas.nodes, canvas.edges);
		expect(saved.settings).toEqual({ timezone: 'UTC' });
		expect(saved.edges).toEqual(document.edges);
		expect(saved.nodes[1]).toEqual({ ...document.nodes[1], position: { x: 340, y: 160 } });
	});
});

describe('names and ids', () => {
	it('makes labels unique', () => {
		expect(uniqueName('Set', [])).toBe('Set');
		expect(uniqueName('Set', ['Set', 'Set 2'])).toBe('Set 3');
	});

	it('makes ids the schema accepts and no node has', () => {
		const values = [0.5, 0.5, 0.25];
		const id = newNodeId('core.http-request', ['http-request-' + Math.floor(0.5 * 0xffffff).toString(36)], () => values.shift()!);
		expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		expect(id).toBe('http-request-' + Math.floor(0.25 * 0xffffff).toString(36));
	});
});

describe('refusal', () => {
	it('allows output to input of another node only', () => {
		expect(refusal({ fromNode: 'a', fromType: 'source', toNode: 'b', toType: 'target' })).toBeNull();
		expect(refusal({ fromNode: 'a', fromType: 'source', toNode: 'b', toType: 'source' })).toMatch(/output cannot be connected to another output/);
		expect(refusal({ fromNode: 'a', fromType: 'target', toNode: 'b', toType: 'target' })).toMatch(/input cannot be connected to another input/);
		expect(refusal({ fromNode: 'a', fromType: 'source', toNode: 'a', toType: 'target' })).toMatch(/itself/);
	});
});

describe('locateErrors', () => {
	it('puts pointers on nodes, fields, edges or the document', () => {
		const located = locateErrors(
			[
				{ pointer: '/nodes/1/config/mappings', detail: 'must be an object' },
				{ pointer: '/nodes/0/type', detail: 'unknown node type' },
				{ pointer: '/edges/0/to/port', detail: 'no such port' },
				{ pointer: '/name', detail: 'too long' },
				{ pointer: '/nodes/9', detail: 'gone' }
			],
			document
		);
		expect(located.nodes).toEqual({
			set: [{ field: 'mappings', detail: 'must be an object' }],
			hook: [{ field: undefined, detail: 'type: unknown node type' }]
		});
		expect(located.edges).toEqual({ 'hook:main->set:main': ['no such port'] });
		expect(located.general).toEqual(['/name: too long', '/nodes/9: gone']);
	});
});
