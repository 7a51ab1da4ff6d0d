import { getContext, setContext } from 'svelte';

const KEY = Symbol('leadflow.pinned-nodes');

/** The nodes whose output the draft pins, for the canvas's "pinned" marks (read through context, like statuses). */
export class PinnedNodes {
	ids = $state.raw<ReadonlySet<string>>(new Set());
}

export function providePinnedNodes(pinned: PinnedNodes): void {
	setContext(KEY, pinned);
}

/** The pinned nodes the page provides, or none (a canvas outside the editor marks none). */
export function pinnedNodesOf(): PinnedNodes {
	return getContext<PinnedNodes | undefined>(KEY) ?? new PinnedNodes();
}
