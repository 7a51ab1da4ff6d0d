/**
 * Performance API marks the E2E run reads (`performance.getEntriesByName(...)`) and prints:
 * how long the editor takes from a workflow's data arriving to an interactive canvas, and from a
 * live event arriving to the end of the frame that shows it. Figures only; nothing here changes behaviour.
 */
export const EDITOR_DATA = 'leadflow:editor-data';
export const EDITOR_INTERACTIVE = 'leadflow:editor-interactive';
export const LIVE_REPAINT = 'leadflow:live-repaint';
/** From the marketplace's data arriving to the end of the frame that shows its cards. */
export const MARKETPLACE_DATA = 'leadflow:marketplace-data';
export const MARKETPLACE_INTERACTIVE = 'leadflow:marketplace-interactive';

const available = () => typeof performance !== 'undefined' && typeof performance.mark === 'function';

/** Marks `name` now; returns the mark's name for a later measure. */
export function mark(name: string): string {
	if (available()) {
		performance.mark(name);
	}
	return name;
}

/**
 * Measures from `start` to the end of the first frame in which `ready()` holds: checked at each
 * frame's start (given up after `maxFrames`), and measured in a task queued from there, which runs
 * once the browser has rendered that frame (style, layout, paint).
 */
export function measureAtFrame(measure: string, start: string, ready: () => boolean = () => true, maxFrames = 600): void {
	if (!available() || typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
		return;
	}
	let frames = 0;
	const check = () => {
		if (ready()) {
			measureThisFrame(measure, start);
		} else if (++frames < maxFrames) {
			requestAnimationFrame(check);
		}
	};
	requestAnimationFrame(check);
}

/**
 * Measures from `start` to the end of the frame being rendered now. Call it from a
 * `requestAnimationFrame` callback (or a microtask it queued): a task queued from there runs once the
 * browser has rendered this frame (style, layout, paint).
 */
export function measureThisFrame(measure: string, start: string): void {
	if (!available() || typeof MessageChannel !== 'function') {
		return;
	}
	const rendered = new MessageChannel();
	rendered.port1.onmessage = () => {
		performance.measure(measure, start);
		rendered.port1.close();
	};
	rendered.port2.postMessage(null);
}

/** A node where the document puts it, in flow coordinates. */
export interface PlacedNode {
	id: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** An edge between two placed nodes. */
export interface PlacedEdge {
	id: string;
	source: string;
	target: string;
}

/**
 * Whether the canvas shows every node that lies (partly) in its pane: rendered, not hidden (xyflow
 * hides nodes it has no size for), and at its place on screen; and every edge between two such
 * nodes. The canvas renders only what is on screen, so that is what a person can see and use; at
 * least one node must be.
 */
export function canvasShows(nodes: PlacedNode[], edges: PlacedEdge[] = [], root: ParentNode = document): boolean {
	const pane = root.querySelector<HTMLElement>('.svelte-flow');
	const viewport = root.querySelector<HTMLElement>('.svelte-flow__viewport');
	if (!pane || !viewport) {
		return false;
	}
	const box = pane.getBoundingClientRect();
	const { a: zoom, e: x, f: y } = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
	const shown = new Set<string>();
	for (const node of nodes) {
		const left = x + node.x * zoom;
		const top = y + node.y * zoom;
		if (left + node.width * zoom < 0 || top + node.height * zoom < 0 || left > box.width || top > box.height) {
			continue;
		}
		const element = root.querySelector<HTMLElement>(`.svelte-flow__node[data-id="${CSS.escape(node.id)}"]`);
		if (!element || element.style.visibility === 'hidden') {
			return false;
		}
		const rendered = element.getBoundingClientRect();
		if (Math.abs(rendered.left - box.left - left) > 2 || Math.abs(rendered.top - box.top - top) > 2) {
			return false;
		}
		shown.add(node.id);
	}
	for (const edge of edges) {
		if (shown.has(edge.source) && shown.has(edge.target)
			&& !root.querySelector(`.flow-edge[data-id="${CSS.escape(edge.id)}"] path`)) {
			return false;
		}
	}
	return shown.size > 0;
}
