import type { NodeRun } from '../api/types';
import type { CanvasEdge } from '../editor/document';
import type { NodeRunState } from '../editor/liveRun';
import { asPorts } from './nodeData';

/** The error port, on which the engine sends a failed node's error when the port is connected. */
const ERROR_PORT = 'error';

/** What an execution tells about each node: the ports it emitted items on, and whether it ran at all. */
export interface RunTrace {
	ran: Set<string>;
	emitted: Map<string, Set<string>>;
}

/**
 * The trace of the stored node runs and of the live states heard since (a live `node.finished`
 * names its item count per port before the detail is read again).
 */
export function traceOf(runs: NodeRun[], live: Record<string, NodeRunState> = {}): RunTrace {
	const ran = new Set<string>();
	const emitted = new Map<string, Set<string>>();
	const emit = (nodeId: string, port: string) => {
		let ports = emitted.get(nodeId);
		if (!ports) {
			ports = new Set();
			emitted.set(nodeId, ports);
		}
		ports.add(port);
	};
	for (const run of runs) {
		ran.add(run.nodeId);
		const output = asPorts(run.output);
		for (const [port, items] of Object.entries(output ?? {})) {
			if (items.length > 0) emit(run.nodeId, port);
		}
		// a failure is not stored as output: the engine routed it as one error item
		if (run.status === 'failed') emit(run.nodeId, ERROR_PORT);
	}
	for (const [nodeId, state] of Object.entries(live)) {
		ran.add(nodeId);
		for (const [port, count] of Object.entries(state.items ?? {})) {
			if (count > 0) emit(nodeId, port);
		}
	}
	return { ran, emitted };
}

/**
 * Whether the run went along `edge`: its source emitted items on the edge's port and its target
 * ran in this execution. (Both are needed: an If emits on `true` while the node after `true` may
 * be disabled; a node may run from another edge while this one carried nothing.)
 */
export function isTaken(edge: Pick<CanvasEdge, 'source' | 'sourceHandle' | 'target'>, trace: RunTrace): boolean {
	return !!trace.emitted.get(edge.source)?.has(edge.sourceHandle) && trace.ran.has(edge.target);
}

export const TAKEN_CLASS = 'edge-taken';
export const UNTAKEN_CLASS = 'edge-untaken';

/**
 * The edges with their path class and accessible note; the same array when none changes, so a
 * live event that moves the run along no edge redraws nothing.
 */
export function markPath(edges: CanvasEdge[], trace: RunTrace): CanvasEdge[] {
	let changed = false;
	const marked = edges.map((edge) => {
		const taken = isTaken(edge, trace);
		const className = taken ? TAKEN_CLASS : UNTAKEN_CLASS;
		if (edge.class === className) {
			return edge;
		}
		changed = true;
		return { ...edge, class: className, note: taken ? 'taken in this run' : 'not taken in this run' };
	});
	return changed ? marked : edges;
}
