import { describe, expect, it } from 'vitest';
import type { NodeType } from '../api/types';
import type { CanvasEdge, CanvasNode } from './document';
import { drawEdges, onScreen } from './edgeGeometry';
import { NODE_WIDTH } from './nodeGeometry';

const set = { type: 'core.set', inputs: [{ name: 'main' }], outputs: [{ name: 'main' }] } as unknown as NodeType;
const branch = { type: 'core.if', inputs: [{ name: 'main' }], outputs: [{ name: 'true' }, { name: 'false' }] } as unknown as NodeType;

function node(id: string, x: number, y: number, nodeType: NodeType | undefined = set): CanvasNode {
	return { id, type: 'workflow', position: { x, y }, data: { node: { id, name: id, type: nodeType?.type ?? 'x', config: {} }, nodeType, errors: [] } } as CanvasNode;
}

const edge = (source: string, sourceHandle: string, target: string): CanvasEdge => ({ id: `${source}:${sourceHandle}->${target}:main`, source, sourceHandle, target, targetHandle: 'main' });

describe('drawEdges', () => {
	it('runs from the right side of an output to the left side of an input, at the handles\' middles', () => {
		const [drawn] = drawEdges([node('a', 0, 0), node('b', 400, 100)], [edge('a', 'main', 'b')]);
		// a lone main port sits on the 60px header's middle; handles are 10px, centred on the node's sides
		expect(drawn.path.startsWith(`M${NODE_WIDTH + 5},30`)).toBe(true);
		expect(drawn.path.endsWith('395,130')).toBe(true);
		expect(drawn.box).toEqual({ x: NODE_WIDTH + 5, y: 30, width: 395 - NODE_WIDTH - 5, height: 100 });
	});

	it('starts each edge at its own output row', () => {
		const [yes, no] = drawEdges([node('if', 0, 0, branch), node('b', 400, 0), node('c', 400, 200)], [edge('if', 'true', 'b'), edge('if', 'false', 'c')]);
		// two captioned rows under the header: 60 + 12 and 60 + 36
		expect(yes.path.startsWith(`M${NODE_WIDTH + 5},72`)).toBe(true);
		expect(no.path.startsWith(`M${NODE_WIDTH + 5},96`)).toBe(true);
	});

	it('leaves out an edge whose node or port is missing', () => {
		const drawn = drawEdges([node('a', 0, 0), node('b', 400, 0), { ...node('gone', 0, 0), data: { ...node('gone', 0, 0).data, nodeType: undefined } }], [
			edge('a', 'main', 'nowhere'),
			edge('a', 'error', 'b'),
			edge('gone', 'main', 'b'),
			edge('a', 'main', 'b')
		]);
		expect(drawn.map((shown) => shown.edge.target)).toEqual(['b']);
	});
});

describe('onScreen', () => {
	const drawn = drawEdges(
		[node('a', 0, 0), node('b', 400, 0), node('far', 5000, 3000), node('farther', 5400, 3000)],
		[edge('a', 'main', 'b'), edge('far', 'main', 'farther'), edge('b', 'main', 'far')]
	);

	it('keeps the edges crossing the pane, and those that pass through it', () => {
		const shown = onScreen(drawn, { x: 0, y: 0, zoom: 1 }, 1000, 800);
		expect(shown.map((item) => item.edge.id)).toEqual(['a:main->b:main', 'b:main->far:main']);
	});

	it('follows pan and zoom', () => {
		// the pane shows flow x 4800..5800, y 2800..3600
		const shown = onScreen(drawn, { x: -4800, y: -2800, zoom: 1 }, 1000, 800);
		expect(shown.map((item) => item.edge.id)).toEqual(['far:main->farther:main', 'b:main->far:main']);
		expect(onScreen(drawn, { x: 0, y: 0, zoom: 0.1 }, 1000, 800)).toHaveLength(3);
	});

	it('shows nothing before the pane has a size', () => {
		expect(onScreen(drawn, { x: 0, y: 0, zoom: 1 }, 0, 0)).toEqual([]);
	});
});
