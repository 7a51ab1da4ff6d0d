import dagre from '@dagrejs/dagre';
import type { Position } from '../api/types';

export interface LayoutNode {
	id: string;
	width: number;
	height: number;
}

export interface LayoutEdge {
	source: string;
	target: string;
}

/**
 * Left-to-right layered layout (dagre): triggers on the left, each node right of what feeds it.
 * Returns each node's top-left corner, as the canvas positions nodes.
 */
export function autoLayout(nodes: LayoutNode[], edges: LayoutEdge[], spacing = { rank: 80, node: 40 }): Map<string, Position> {
	const graph = new dagre.graphlib.Graph({ multigraph: true });
	graph.setGraph({ rankdir: 'LR', ranksep: spacing.rank, nodesep: spacing.node, marginx: 40, marginy: 40 });
	graph.setDefaultEdgeLabel(() => ({}));
	for (const node of nodes) {
		graph.setNode(node.id, { width: node.width, height: node.height });
	}
	const known = new Set(nodes.map((node) => node.id));
	edges.forEach((edge, index) => {
		if (known.has(edge.source) && known.has(edge.target)) {
			graph.setEdge(edge.source, edge.target, {}, String(index));
		}
	});
	dagre.layout(graph);
	const positions = new Map<string, Position>();
	for (const node of nodes) {
		const laid = graph.node(node.id);
		positions.set(node.id, { x: Math.round(laid.x - node.width / 2), y: Math.round(laid.y - node.height / 2) });
	}
	return positions;
}
