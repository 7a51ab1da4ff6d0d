import { getViewportForBounds, type Viewport } from '@xyflow/svelte';
import { NODE_SMALLEST_FONT } from './nodeGeometry';

/** The smallest text a workflow may open with, in screen px. */
export const READABLE_TEXT = 12;
/**
 * Below this zoom a node's smallest text is under {@link READABLE_TEXT}: a workflow that would need
 * it opens at this zoom instead.
 */
export const READABLE_ZOOM = READABLE_TEXT / NODE_SMALLEST_FONT;
/** The margin around a workflow, as xyflow's fitView takes it (a share of the pane). */
export const FIT_PADDING = 0.1;

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

export function boundsOf(boxes: Box[]): Box {
	const left = Math.min(...boxes.map((box) => box.x));
	const top = Math.min(...boxes.map((box) => box.y));
	const right = Math.max(...boxes.map((box) => box.x + box.width));
	const bottom = Math.max(...boxes.map((box) => box.y + box.height));
	return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * Where a workflow opens: fitted to the pane (at most zoom 1), unless fitting would shrink its nodes
 * below {@link READABLE_ZOOM}; then at that zoom from the workflow's top-left corner, where its
 * triggers are, and the rest is a pan away. The canvas renders only what is on screen, so this also
 * keeps a large workflow quick to open.
 */
export function openingViewport(boxes: Box[], pane: { width: number; height: number }): Viewport {
	if (boxes.length === 0 || pane.width <= 0 || pane.height <= 0) {
		return { x: 0, y: 0, zoom: 1 };
	}
	const bounds = boundsOf(boxes);
	const fitted = getViewportForBounds(bounds, pane.width, pane.height, 0, 1, FIT_PADDING);
	if (fitted.zoom >= READABLE_ZOOM) {
		return fitted;
	}
	const zoom = READABLE_ZOOM;
	const margin = Math.round(Math.min(pane.width, pane.height) * FIT_PADDING / 2);
	// centred on the axis the workflow fits on, from its start on the other
	const x = bounds.width * zoom + 2 * margin <= pane.width ? (pane.width - bounds.width * zoom) / 2 - bounds.x * zoom : margin - bounds.x * zoom;
	const y = bounds.height * zoom + 2 * margin <= pane.height ? (pane.height - bounds.height * zoom) / 2 - bounds.y * zoom : margin - bounds.y * zoom;
	return { x, y, zoom };
}
