import type { CanvasEdge, CanvasNode } from './document';
import { newNodeId, uniqueName } from './document';

/** Copied nodes and the edges between them, detached from the canvas. */
export interface Clip {
	nodes: CanvasNode[];
	edges: CanvasEdge[];
}

/** The selected nodes and the edges that join two of them (an edge to an unselected node is left behind). */
export function copySelection(nodes: CanvasNode[], edges: CanvasEdge[]): Clip | null {
	const chosen = nodes.filter((node) => node.selected);
	if (chosen.length === 0) {
		return null;
	}
	const ids = new Set(chosen.map((node) => node.id));
	return {
		nodes: structuredClone(chosen.map((node) => ({ ...node, data: { ...node.data, nodeType: undefined } }))),
		edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)).map((edge) => ({ ...edge, selected: false }))
	};
}

/**
 * The clip as new canvas nodes and edges: fresh ids and names, moved by `offset`, selected (and the
 * existing nodes deselected) so the pasted group can be dragged or deleted at once.
 */
export function pasteClip(
	clip: Clip,
	nodes: CanvasNode[],
	edges: CanvasEdge[],
	offset = { x: 40, y: 40 },
	random: () => number = Math.random
): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
	const ids = nodes.map((node) => node.id);
	const names = nodes.map((node) => node.data.node.name);
	const byType = new Map(nodes.map((node) => [node.data.node.type, node.data.nodeType]));
	const renamed = new Map<string, string>();
	const pasted = clip.nodes.map((original): CanvasNode => {
		const id = newNodeId(original.data.node.type, ids, random);
		ids.push(id);
		const name = uniqueName(original.data.node.name, names);
		names.push(name);
		renamed.set(original.id, id);
		return {
			...original,
			id,
			selected: true,
			position: { x: original.position.x + offset.x, y: original.position.y + offset.y },
			data: {
				...original.data,
				node: { ...structuredClone(original.data.node), id, name },
				nodeType: original.data.nodeType ?? byType.get(original.data.node.type),
				errors: []
			}
		};
	});
	const pastedEdges = clip.edges.map((edge): CanvasEdge => {
		const source = renamed.get(edge.source) ?? edge.source;
		const target = renamed.get(edge.target) ?? edge.target;
		return {
			id: `${source}:${edge.sourceHandle}->${target}:${edge.targetHandle}`,
			source,
			sourceHandle: edge.sourceHandle,
			target,
			targetHandle: edge.targetHandle
		};
	});
	return {
		nodes: [...nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), ...pasted],
		edges: [...edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)), ...pastedEdges]
	};
}

/** The canvas without its selected nodes (and their edges) and selected edges. */
export function deleteSelection(nodes: CanvasNode[], edges: CanvasEdge[]): { nodes: CanvasNode[]; edges: CanvasEdge[] } | null {
	const removed = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
	const keptEdges = edges.filter((edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target));
	if (removed.size === 0 && keptEdges.length === edges.length) {
		return null;
	}
	return { nodes: nodes.filter((node) => !removed.has(node.id)), edges: keptEdges };
}
