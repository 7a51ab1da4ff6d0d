import type { Position } from '@xyflow/svelte';
import type { NodeType, PortDescriptor } from '../api/types';

/**
 * A canvas node's fixed geometry: every handle sits on the row that names its port. Sized for its
 * texts: no text on a node is smaller than {@link NODE_SMALLEST_FONT}, so at the zoom a workflow
 * opens at (see viewport.ts) every text is at least 12 px on screen.
 */
export const NODE_WIDTH = 240;
/** The header: the icon's tile (36 px) beside the name (16 px) over the configuration's summary (14 px). */
export const NODE_HEADER = 60;
export const PORT_ROW = 24;
/** The font sizes on a node, in px (name; summary, ports, status and errors). */
export const NODE_NAME_FONT = 16;
export const NODE_SMALLEST_FONT = 14;
/** The icon's tile and the gap after it. */
export const NODE_ICON_TILE = 36;
/** The width left for the name and the summary: the node less its borders, its padding (px-3) and the icon's tile and gap (10 px). */
export const NODE_TEXT_WIDTH = NODE_WIDTH - 2 - 24 - NODE_ICON_TILE - 10;

/** A lone "main" port needs no caption. */
export function captioned(ports: PortDescriptor[]): boolean {
	return ports.length > 1 || ports.some((port) => port.name !== 'main');
}

/** How many port rows the node shows under its header (0: handles sit on the header). */
export function portRows(nodeType: NodeType | undefined): number {
	const inputs = nodeType?.inputs ?? [];
	const outputs = nodeType?.outputs ?? [];
	return captioned(inputs) || captioned(outputs) ? Math.max(inputs.length, outputs.length) : 0;
}

/** The vertical centre of a handle, from the node's top. */
export function handleTop(rows: number, index: number): number {
	return rows ? NODE_HEADER + index * PORT_ROW + PORT_ROW / 2 : NODE_HEADER / 2;
}

/** The handles' size (see FlowCanvas's style): they sit centred on the node's left and right edges. */
export const HANDLE_SIZE = 10;

/** The node's rendered size (border-box: the width includes the border; 1px borders above and below the content). */
export function initialSize(nodeType: NodeType | undefined): { width: number; height: number } {
	return { width: NODE_WIDTH, height: NODE_HEADER + portRows(nodeType) * PORT_ROW + 2 };
}

/** A handle as the canvas would measure it: its port, side and box relative to the node's top-left corner. */
export interface HandleBox {
	id: string;
	type: 'source' | 'target';
	position: Position;
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * Every handle's box, computed from the fixed geometry. Given with the node's size, the canvas
 * can draw edges and fit the view in its first frame; the browser's measurement, which comes a
 * frame later, then finds nothing to change (and corrects whatever differs, e.g. a node showing
 * errors).
 */
export function handleBoxes(nodeType: NodeType | undefined): HandleBox[] {
	const rows = portRows(nodeType);
	const half = HANDLE_SIZE / 2;
	const box = (id: string, type: HandleBox['type'], index: number): HandleBox => ({
		id,
		type,
		// the canvas's Position enum holds these very strings
		position: (type === 'target' ? 'left' : 'right') as Position,
		x: type === 'target' ? -half : NODE_WIDTH - half,
		y: handleTop(rows, index) - half,
		width: HANDLE_SIZE,
		height: HANDLE_SIZE
	});
	return [
		...(nodeType?.inputs ?? []).map((port, index) => box(port.name, 'target', index)),
		...(nodeType?.outputs ?? []).map((port, index) => box(port.name, 'source', index))
	];
}

/**
 * A canvas node's geometry, known up front from its type: given with the node, the canvas shows,
 * connects and fits it in its first frame, before the browser has measured anything.
 */
export function geometryOf(nodeType: NodeType | undefined): { measured: { width: number; height: number }; handles: HandleBox[] } {
	return { measured: initialSize(nodeType), handles: handleBoxes(nodeType) };
}
