import { getContext, setContext } from 'svelte';
import { NODE_HEADER, NODE_WIDTH } from './nodeGeometry';

/**
 * What a canvas node's "+" on an output port asks of the editor: offer the palette at `at` (the
 * click, in client coordinates) and connect the node chosen there after `port` of `nodeId`.
 */
export type AddAfter = (nodeId: string, port: string, at: { x: number; y: number }) => void;

const KEY = Symbol('leadflow.add-after');

export function provideAddAfter(addAfter: AddAfter): void {
	setContext(KEY, addAfter);
}

/** The editor's handler, or none (a read-only canvas, e.g. an execution's, has no "+"). */
export function addAfterOf(): AddAfter | undefined {
	return getContext<AddAfter | undefined>(KEY);
}

/** A node's place and size, as far as placing another beside it goes. */
export interface Placed {
	position: { x: number; y: number };
	measured?: { width?: number; height?: number };
}

/**
 * Where the node added after output `index` of `source` goes: right of it, on that output's row,
 * moved down past any node already there.
 */
export function placeAfter(source: Placed, index: number, nodes: Placed[]): { x: number; y: number } {
	const x = source.position.x + NODE_WIDTH + 100;
	let y = source.position.y + index * (NODE_HEADER + 60);
	const taken = (top: number) => nodes.some((node) => node.position.x < x + NODE_WIDTH && node.position.x + (node.measured?.width ?? NODE_WIDTH) > x
		&& node.position.y < top + NODE_HEADER + 20 && node.position.y + (node.measured?.height ?? NODE_HEADER) + 20 > top);
	for (let attempts = 0; taken(y) && attempts < 50; attempts++) {
		y += NODE_HEADER + 40;
	}
	return { x, y };
}

/** The picker's size: 320 wide, at most 416 high. */
const PICKER_WIDTH = 320;
const PICKER_HEIGHT = 416;

/**
 * Where the "+" picker opens in the canvas area, from the click (both relative to the area's
 * top-left): under the "+", or over it where there is more room above, so the node it comes from
 * stays in sight; its height fitted to the room.
 */
export function pickerBox(at: { x: number; y: number }, area: { width: number; height: number }): { left: number; top: number; maxHeight: number } {
	const left = Math.max(8, Math.min(at.x - 24, area.width - PICKER_WIDTH - 8));
	const below = area.height - at.y - 28;
	const above = at.y - 28;
	const under = below >= 260 || below >= above;
	const maxHeight = Math.max(160, Math.min(PICKER_HEIGHT, under ? below : above));
	const top = under ? at.y + 20 : Math.max(8, at.y - 20 - maxHeight);
	return { left, top, maxHeight };
}
