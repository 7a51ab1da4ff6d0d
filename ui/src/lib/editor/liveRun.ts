import type { ExecutionDetail } from '../api/types';
import type { LiveEvent } from '../realtime/live';

/** The status a node shows on the canvas during and after a run. */
export type NodeStatus = 'running' | 'succeeded' | 'failed' | 'waiting' | 'canceled' | string;

export interface NodeRunState {
	status: NodeStatus;
	attempt: number;
	durationMs?: number;
	error?: string;
	items?: Record<string, number>;
}

/** The run the editor shows: the latest execution of this workflow it has heard of. */
export interface LiveRun {
	executionId: string;
	status: string;
	nodes: Record<string, NodeRunState>;
	error?: string;
}

const RANK: Record<string, number> = { running: 1, waiting: 2 };
const rank = (status: string) => RANK[status] ?? 3;

/** Whether `next` says more than `current` does: a later attempt, or a later stage of the same attempt. */
function newer(current: NodeRunState | undefined, next: NodeRunState): boolean {
	if (!current) {
		return true;
	}
	if (next.attempt !== current.attempt) {
		return next.attempt > current.attempt;
	}
	return rank(next.status) >= rank(current.status);
}

function withNode(run: LiveRun, nodeId: string, next: NodeRunState): LiveRun {
	const current = run.nodes[nodeId];
	if (!newer(current, next)) {
		return run;
	}
	return { ...run, nodes: { ...run.nodes, [nodeId]: { ...current, ...next } } };
}

function executionIdOf(event: LiveEvent): string | undefined {
	const data = event.data as Record<string, unknown> | null;
	return typeof data?.executionId === 'string' ? data.executionId : undefined;
}

/**
 * Applies one live event (`execution.started`, `node.started`, `node.finished`,
 * `execution.finished`). Events may arrive out of order (a node can start before its execution's
 * start event is published) and twice (subscribed to the workflow and the execution): a later
 * attempt or later stage wins, an older one is ignored. An event of another execution starts
 * following that one.
 */
export function applyEvent(run: LiveRun | null, event: LiveEvent): LiveRun | null {
	const executionId = executionIdOf(event);
	if (!executionId) {
		return run;
	}
	const data = event.data as Record<string, unknown>;
	let current: LiveRun = run && run.executionId === executionId ? run : { executionId, status: 'running', nodes: {} };
	if (run && run.executionId !== executionId && event.type === 'execution.finished') {
		// the end of an execution the editor stopped following: keep showing the current one
		return run;
	}
	switch (event.type) {
		case 'execution.started':
			return current;
		case 'execution.retried':
			return retriedFrom(current, String(data.nodeId));
		case 'node.started':
			return withNode(current, String(data.nodeId), { status: 'running', attempt: Number(data.attempt ?? 1) });
		case 'node.finished':
			return withNode(current, String(data.nodeId), {
				status: String(data.status),
				attempt: Number(data.attempt ?? 1),
				durationMs: typeof data.durationMs === 'number' ? data.durationMs : undefined,
				error: typeof data.error === 'string' ? data.error : undefined,
				items: (data.items as Record<string, number> | undefined) ?? undefined
			});
		case 'execution.finished':
			current = { ...current, status: String(data.status ?? current.status) };
			return typeof data.error === 'string' ? { ...current, error: data.error } : current;
		default:
			return current;
	}
}

/**
 * The run after a retry from `nodeId`: running again, and without that node's state, since the
 * kernel runs it again as attempt 1 and its old failure would outrank the new run.
 */
export function retriedFrom(run: LiveRun, nodeId: string): LiveRun {
	const nodes = { ...run.nodes };
	delete nodes[nodeId];
	return { executionId: run.executionId, status: 'running', nodes };
}

/** Merges the stored execution (every node run so far, the trigger's too) into the live view. */
export function applyDetail(run: LiveRun | null, detail: ExecutionDetail): LiveRun {
	const current: LiveRun = run && run.executionId === detail.id ? run : { executionId: detail.id, status: detail.status, nodes: {} };
	const finished = !['running', 'waiting'].includes(detail.status);
	// one copy of the node states, and a node keeps its state object when the stored run says nothing new
	const nodes = { ...current.nodes };
	for (const nodeRun of detail.nodeRuns) {
		const known = nodes[nodeRun.nodeId];
		const next: NodeRunState = { status: nodeRun.status, attempt: nodeRun.attempt, error: nodeRun.error ?? undefined };
		const same = known && known.status === next.status && known.attempt === next.attempt && (next.error === undefined || known.error === next.error);
		if (!same && newer(known, next)) {
			nodes[nodeRun.nodeId] = { ...known, ...next };
		}
	}
	const merged: LiveRun = { ...current, status: finished || rank(current.status) < 3 ? detail.status : current.status, nodes };
	if (detail.error) {
		merged.error = detail.error;
	}
	return merged;
}

/**
 * The latest run of one node in an execution: the highest attempt, and of equal attempts the one
 * stored last (a retry from a failed node runs it again as attempt 1).
 */
export function latestRun<T extends { nodeId: string; attempt: number }>(runs: T[], nodeId: string): T | undefined {
	let latest: T | undefined;
	for (const run of runs) {
		if (run.nodeId === nodeId && (!latest || run.attempt >= latest.attempt)) {
			latest = run;
		}
	}
	return latest;
}
