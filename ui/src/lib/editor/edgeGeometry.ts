import { Position, getBezierPath } from '@xyflow/system';
import type { CanvasEdge, CanvasNode } from './document';
import { handleBoxes, type HandleBox } from './nodeGeometry';
import type { Box } from './viewport';

/** An edge as the canvas draws it: its curve, and the box its ends span (in flow coordinates). */
export interface DrawnEdge {
	edge: CanvasEdge;
	path: string;
	box: Box;
}

/** Where an edge meets a handle: the handle's outer side, at its middle. */
function anchor(node: CanvasNode, handles: HandleBox[], port: string, type: 'source' | 'target'): { x: number; y: number } | undefined {
	const handle = handles.find((candidate) => candidate.id === port && candidate.type === type);
	if (!handle) {
		return undefined;
	}
	return {
		x: node.position.x + handle.x + (type === 'source' ? handle.width : 0),
		y: node.position.y + handle.y + handle.height / 2
	};
}

/**
 * Every edge's curve, from the nodes' positions and their types' fixed handle geometry: the same bezier
 * the canvas's default edge draws, from an output on a node's right to an input on another's left.
 * An edge whose node or port is missing (a type not installed) is not drawn.
 */
export function drawEdges(nodes: CanvasNode[], edges: CanvasEdge[]): DrawnEdge[] {
	const byId = new Map(nodes.map((node) => [node.id, node]));
	// the nodes carry their handles' boxes (set from their type when the workflow opens)
	const handlesOf = (node: CanvasNode) => node.handles ?? handleBoxes(node.data.nodeType);
	const drawn: DrawnEdge[] = [];
	for (const edge of edges) {
		const sourceNode = byId.get(edge.source);
		const targetNode = byId.get(edge.target);
		const source = sourceNode && anchor(sourceNode, handlesOf(sourceNode), edge.sourceHandle, 'source');
		const target = targetNode && anchor(targetNode, handlesOf(targetNode), edge.targetHandle, 'target');
		if (!source || !target) {
			continue;
		}
		const [path] = getBezierPath({
			sourceX: source.x,
			sourceY: source.y,
			sourcePosition: Position.Right,
			targetX: target.x,
			targetY: target.y,
			targetPosition: Position.Left
		});
		const x = Math.min(source.x, target.x);
		const y = Math.min(source.y, target.y);
		drawn.push({ edge, path, box: { x, y, width: Math.abs(target.x - source.x), height: Math.abs(target.y - source.y) } });
	}
	return drawn;
}

/** A curve bulges out of the box of its ends by at most this much (flow units) for the canvas's bezier. */
const CURVE_MARGIN = 120;

/**
 * The edges that cross the visible part of the canvas: a pane of `width` × `height` pixels showing
 * the flow at `viewport` (screen = flow × zoom + offset). Like the nodes, only these are rendered.
 */
export function onScreen(drawn: DrawnEdge[], viewport: { x: number; y: number; zoom: number }, width: number, height: number): DrawnEdge[] {
	if (width <= 0 || height <= 0) {
		// not measured yet (a microtask after the canvas mounts, before its first frame)
		return [];
	}
	const left = -viewport.x / viewport.zoom - CURVE_MARGIN;
	const top = -viewport.y / viewport.zoom - CURVE_MARGIN;
	const right = (width - viewport.x) / viewport.zoom + CURVE_MARGIN;
	const bottom = (height - viewport.y) / viewport.zoom + CURVE_MARGIN;
	return drawn.filter(({ box }) => box.x <= right && box.x + box.width >= left && box.y <= bottom && box.y + box.height >= top);
}
