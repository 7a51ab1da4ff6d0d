import { getContext, setContext } from 'svelte';
import type { LiveRun } from './liveRun';

const KEY = Symbol('leadflow.live-run');

/**
 * The canvas nodes read the live run through context, not through their data: a status update
 * then repaints the node's badge without touching the node list (no undo step, no "unsaved").
 */
export function provideLiveRun(current: () => LiveRun | null): void {
	setContext(KEY, current);
}

export function liveRunOf(): () => LiveRun | null {
	return getContext<(() => LiveRun | null) | undefined>(KEY) ?? (() => null);
}
