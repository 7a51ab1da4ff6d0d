import type { NodeType, PortDescriptor } from '../api/types';

/** A canvas node's fixed geometry: every handle sits on the row that names its port. */
export const NODE_WIDTH = 208;
export const NODE_HEADER = 52;
export const PORT_ROW = 20;

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

/**
 * The node's size before the browser measures it (borders included), so the canvas can show and
 * fit a large workflow in its first frame instead of after a measuring pass.
 */
export function initialSize(nodeType: NodeType | undefined): { width: number; height: number } {
	return { width: NODE_WIDTH + 2, height: NODE_HEADER + portRows(nodeType) * PORT_ROW + 2 };
}
