import { getContext, setContext } from 'svelte';

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
