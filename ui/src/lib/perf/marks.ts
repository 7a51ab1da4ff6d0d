/**
 * Performance API marks the E2E run reads (`performance.getEntriesByName(...)`) and prints:
 * how long the editor takes from a workflow's data arriving to an interactive canvas, and from a
 * live event arriving to the frame that shows it. Figures only; nothing here changes behaviour.
 */
export const EDITOR_DATA = 'leadflow:editor-data';
export const EDITOR_INTERACTIVE = 'leadflow:editor-interactive';
export const LIVE_REPAINT = 'leadflow:live-repaint';

const available = () => typeof performance !== 'undefined' && typeof performance.mark === 'function';

/** Marks `name` now; returns the mark's name for a later measure. */
export function mark(name: string): string {
	if (available()) {
		performance.mark(name);
	}
	return name;
}

/**
 * Measures from `start` to the first animation frame in which `ready()` holds (checked each frame,
 * given up after `maxFrames`).
 */
export function measureAtFrame(measure: string, start: string, ready: () => boolean = () => true, maxFrames = 600): void {
	if (!available() || typeof requestAnimationFrame !== 'function') {
		return;
	}
	let frames = 0;
	const check = () => {
		if (ready()) {
			performance.measure(measure, start);
		} else if (++frames < maxFrames) {
			requestAnimationFrame(check);
		}
	};
	requestAnimationFrame(check);
}

/**
 * Whether the canvas shows all `count` nodes: rendered, not hidden (xyflow hides nodes it has no
 * size for), and inside the pane (the view has been fitted to the workflow).
 */
export function canvasShows(count: number, root: ParentNode = document): boolean {
	const rendered = root.querySelectorAll<HTMLElement>('.svelte-flow__node');
	const pane = root.querySelector<HTMLElement>('.svelte-flow')?.getBoundingClientRect();
	if (rendered.length < count || !pane) {
		return false;
	}
	for (const node of rendered) {
		if (node.style.visibility === 'hidden') {
			return false;
		}
		const box = node.getBoundingClientRect();
		if (box.left < pane.left - 1 || box.top < pane.top - 1 || box.right > pane.right + 1 || box.bottom > pane.bottom + 1) {
			return false;
		}
	}
	return true;
}
