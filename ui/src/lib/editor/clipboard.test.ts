import { describe, expect, it } from 'vitest';
import type { CanvasEdge, CanvasNode } from './document';
import { copySelection, deleteSelection, pasteClip } from './clipboard';

const node = (id: string, selected = false): CanvasNode => ({
	id,
	type: 'workflow',
	position: { x: 10, y: 20 },
	selected,
	data: { node: { id, name: id.toUpperCase(), type: 'core.set', config: { mappings: { a: '1' } } }, errors: ['old'] }
});
const edge = (source: string, target: string, selected = false): CanvasEdge => ({
	id: `${source}:main->${target}:main`,
	source,
	sourceHandle: 'main',
	target,
	targetHandle: 'main',
	selected
});

describe('copy and paste', () => {
	it('copies the selected nodes with the edges between them only', () => {
		const clip = copySelection([node('a', true), node('b', true), node('c')], [edge('a', 'b'), edge('b', 'c')]);
		expect(clip!.nodes.map((copied) => copied.id)).toEqual(['a', 'b']);
		expect(clip!.edges.map((copied) => copied.id)).toEqual(['a:main->b:main']);
		expect(copySelection([node('a')], [])).toBeNull();
	});

	it('pastes with new ids and names, offset, selected, edges rewired, errors cleared', () => {
		const nodes = [node('a', true), node('b', true)];
		const clip = copySelection(nodes, [edge('a', 'b')])!;
		let seed = 0;
		const pasted = pasteClip(clip, nodes, [edge('a', 'b')], { x: 40, y: 40 }, () => (++seed) / 100);
		expect(pasted.nodes).toHaveLength(4);
		const [, , first, second] = pasted.nodes;
		expect(first.id).not.toBe('a');
		expect(first.data.node.id).toBe(first.id);
		expect(first.data.node.name).toBe('A 2');
		expect(first.position).toEqual({ x: 50, y: 60 });
		expect(first.selected).toBe(true);
		expect(first.data.errors).toEqual([]);
		expect(pasted.nodes[0].selected).toBe(false);
		expect(pasted.edges[1]).toMatchObject({ source: first.id, target: second.id });
		// the copy does not share config objects with the original
		(first.data.node.config as Record<string, unknown>).mappings = {};
		expect(nodes[0].data.node.config).toEqual({ mappings: { a: '1' } });
	});
});

describe('deleteSelection', () => {
	it('removes selected nodes with their edges, and selected edges', () => {
		const result = deleteSelection([node('a'), node('b', true), node('c')], [edge('a', 'b'), edge('a', 'c', true), edge('c', 'a')]);
		expect(result!.nodes.map((kept) => kept.id)).toEqual(['a', 'c']);
		expect(result!.edges.map((kept) => kept.id)).toEqual(['c:main->a:main']);
		expect(deleteSelection([node('a')], [edge('a', 'a')])).toBeNull();
	});
});
