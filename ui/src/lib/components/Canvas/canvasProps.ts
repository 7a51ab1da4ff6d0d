import type { CanvasEdge, CanvasNode } from '$lib/editor/document';

/** What a page gives the canvas; `Canvas` hands it on to `FlowCanvas` inside xyflow's provider. */
export interface CanvasProps {
	nodes: CanvasNode[];
	edges: CanvasEdge[];
	ondropnode: (type: string, position: { x: number; y: number }) => void;
	/** called before the canvas itself changes the document (a connection, a drag), for undo */
	onbeforechange: (edgesBefore?: CanvasEdge[]) => void;
	onchange: () => void;
	/** bumped by the page to fit the view to the nodes (after an auto-layout) */
	fitRequest?: number;
	/** an execution's view: nodes can be selected, not moved or connected */
	readonly?: boolean;
}
