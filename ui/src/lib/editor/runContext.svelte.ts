import { getContext, setContext } from 'svelte';
import type { LiveRun, NodeRunState } from './liveRun';

const KEY = Symbol('leadflow.node-statuses');

/** One node's live status: a reactive slot of its own. */
class StatusSlot {
	current = $state.raw<NodeRunState | undefined>(undefined);
}

/**
 * The status each canvas node shows, one reactive slot per node. The canvas nodes read their own
 * slot, not their data: a live event repaints the one node it names (no walk over every node, no
 * new node list, no undo step, no "unsaved").
 */
export class NodeStatuses {
	readonly #slots = new Map<string, StatusSlot>();
	#executionId: string | undefined;

	/** The slot of `nodeId` (created on first use; read `.current` to follow it). */
	slot(nodeId: string): { readonly current: NodeRunState | undefined } {
		return this.#slot(nodeId);
	}

	#slot(nodeId: string): StatusSlot {
		let slot = this.#slots.get(nodeId);
		if (!slot) {
			slot = new StatusSlot();
			this.#slots.set(nodeId, slot);
		}
		return slot;
	}

	/**
	 * Shows `run`: only the nodes in `changed` when the run is the one already shown (a live
	 * event names its node), every node otherwise (another execution, a stored execution's detail).
	 */
	show(run: LiveRun | null, changed?: Iterable<string>): void {
		const sameRun = !!changed && !!run && run.executionId === this.#executionId;
		this.#executionId = run?.executionId;
		// every node shown so far and every node of the run; assigning the value a slot already holds notifies nobody
		const nodeIds = sameRun ? changed! : new Set([...this.#slots.keys(), ...Object.keys(run?.nodes ?? {})]);
		for (const nodeId of nodeIds) {
			this.#slot(nodeId).current = run?.nodes[nodeId];
		}
	}
}

export function provideNodeStatuses(statuses: NodeStatuses): void {
	setContext(KEY, statuses);
}

/** The statuses the page provides, or an empty set (a canvas outside the editor shows none). */
export function nodeStatusesOf(): NodeStatuses {
	return getContext<NodeStatuses | undefined>(KEY) ?? new NodeStatuses();
}
