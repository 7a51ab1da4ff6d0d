import type { FieldError } from '../api/problem';
import type { NodeType, Position, WorkflowDocument, WorkflowEdge, WorkflowNode } from '../api/types';
import { geometryOf, type HandleBox } from './nodeGeometry';

/** What a canvas node carries: the document's node, its type (if installed) and its save errors. */
export interface CanvasNodeData extends Record<string, unknown> {
	node: WorkflowNode;
	nodeType?: NodeType;
	errors: string[];
}

export interface CanvasNode {
	id: string;
	type: 'workflow';
	position: Position;
	data: CanvasNodeData;
	selected?: boolean;
	/** the size the canvas measured (set up front from the fixed geometry when a workflow opens) */
	measured?: { width?: number; height?: number };
	/** the handles' boxes, known up front from the fixed geometry */
	handles?: HandleBox[];
}

export interface CanvasEdge {
	id: string;
	source: string;
	sourceHandle: string;
	target: string;
	targetHandle: string;
	class?: string;
	/** said after the edge's accessible name (an execution's view: whether the run took it) */
	note?: string;
	selected?: boolean;
}

export function edgeId(edge: WorkflowEdge): string {
	return `${edge.from.node}:${edge.from.port}->${edge.to.node}:${edge.to.port}`;
}

/** The document as canvas nodes and edges; nodes without a position are laid out in a row. */
export function toCanvas(document: WorkflowDocument, types: NodeType[]): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
	const byType = new Map(types.map((type) => [type.type, type]));
	const nodes = document.nodes.map((node, index): CanvasNode => {
		const nodeType = byType.get(node.type);
		return {
			id: node.id,
			type: 'workflow',
			position: node.position ?? { x: 80 + index * 260, y: 160 },
			...geometryOf(nodeType),
			data: { node, nodeType, errors: [] }
		};
	});
	const edges = document.edges.map((edge): CanvasEdge => ({
		id: edgeId(edge),
		source: edge.from.node,
		sourceHandle: edge.from.port,
		target: edge.to.node,
		targetHandle: edge.to.port
	}));
	return { nodes, edges };
}

/** The document to save: the loaded one with the canvas's nodes (positions rounded) and edges. */
export function toDocument(base: WorkflowDocument, nodes: CanvasNode[], edges: CanvasEdge[]): WorkflowDocument {
	return {
		...base,
		nodes: nodes.map((canvasNode) => ({
			...canvasNode.data.node,
			position: { x: Math.round(canvasNode.position.x), y: Math.round(canvasNode.position.y) }
		})),
		edges: edges.map((edge) => ({
			from: { node: edge.source, port: edge.sourceHandle },
			to: { node: edge.target, port: edge.targetHandle }
		}))
	};
}

/** `label`, or `label 2`, `label 3`, ... whichever no node has yet. */
export function uniqueName(label: string, taken: Iterable<string>): string {
	const names = new Set(taken);
	if (!names.has(label)) {
		return label;
	}
	let suffix = 2;
	while (names.has(`${label} ${suffix}`)) {
		suffix++;
	}
	return `${label} ${suffix}`;
}

/** A node id the document schema accepts (`[A-Za-z0-9_-]{1,64}`), derived from the type and unique. */
export function newNodeId(type: string, taken: Iterable<string>, random: () => number = Math.random): string {
	const ids = new Set(taken);
	const stem = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40);
	for (;;) {
		const id = `${stem}-${Math.floor(random() * 0xffffff).toString(36)}`;
		if (!ids.has(id)) {
			return id;
		}
	}
}

/** A connection attempt as the canvas reports it: which handle it started at and which it ended on. */
export interface ConnectionAttempt {
	fromNode: string;
	fromType: 'source' | 'target';
	toNode: string;
	toType: 'source' | 'target';
}

/** Why a connection is refused, or null when it is allowed (output -> input of another node). */
export function refusal(attempt: ConnectionAttempt): string | null {
	if (attempt.fromNode === attempt.toNode) {
		return 'A node cannot be connected to itself.';
	}
	if (attempt.fromType === attempt.toType) {
		return attempt.fromType === 'source'
			? 'Outputs connect to inputs: an output cannot be connected to another output.'
			: 'Inputs receive from outputs: an input cannot be connected to another input.';
	}
	return null;
}

/** Save errors sorted to where they belong: a node (and a config field of it), an edge, or the document. */
export interface LocatedErrors {
	nodes: Record<string, { field?: string; detail: string }[]>;
	edges: Record<string, string[]>;
	general: string[];
}

/** Places the 422 problem's `errors[].pointer` (JSON Pointers into the saved document) on nodes, fields and edges. */
export function locateErrors(errors: FieldError[], saved: WorkflowDocument): LocatedErrors {
	const located: LocatedErrors = { nodes: {}, edges: {}, general: [] };
	for (const error of errors) {
		const parts = error.pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
		const index = Number(parts[1]);
		if (parts[0] === 'nodes' && Number.isInteger(index) && saved.nodes[index]) {
			const id = saved.nodes[index].id;
			const field = parts[2] === 'config' && parts[3] ? parts[3] : parts[2] === 'credential' ? 'credential' : undefined;
			const detail = field || parts.length <= 2 ? error.detail : `${parts.slice(2).join('.')}: ${error.detail}`;
			(located.nodes[id] ??= []).push({ field, detail });
		} else if (parts[0] === 'edges' && Number.isInteger(index) && saved.edges[index]) {
			(located.edges[edgeId(saved.edges[index])] ??= []).push(error.detail);
		} else {
			located.general.push(error.pointer ? `${error.pointer}: ${error.detail}` : error.detail);
		}
	}
	return located;
}
