import type { ExecutionDetail, NodeRun } from '../api/types';

/**
 * The node a retry starts from, as the kernel picks it (`Engine.retry`): the last failed node
 * run of a failed execution, when its input is still stored. Undefined otherwise.
 */
export function retryTarget(execution: ExecutionDetail): string | undefined {
	if (execution.status !== 'failed') {
		return undefined;
	}
	const failed = execution.nodeRuns.filter((run) => run.status === 'failed').at(-1);
	// without its input (removed by retention) the kernel cannot run the node again
	return failed && failed.input !== undefined && failed.input !== null ? failed.nodeId : undefined;
}

/** The editor of the execution's workflow, which pins each node's output of this execution. */
export function pinnedDataLink(execution: Pick<ExecutionDetail, 'id' | 'workflowId'>): string {
	return `/workflows/${encodeURIComponent(execution.workflowId)}?pinFrom=${encodeURIComponent(execution.id)}`;
}

/** Per node, how many of its stored runs a retry left behind (the retry runs it again after them). */
export type SupersededRuns = Record<string, number>;

/** After a retry from `nodeId`: every run of it stored so far is the past. */
export function supersede(superseded: SupersededRuns, runs: NodeRun[], nodeId: string): SupersededRuns {
	return { ...superseded, [nodeId]: runs.filter((run) => run.nodeId === nodeId).length };
}

/**
 * The execution without the runs a retry superseded. The kernel numbers the retried node's new
 * run attempt 1 again, so until that run is stored the old failure would look like its latest.
 */
export function withoutSuperseded(execution: ExecutionDetail, superseded: SupersededRuns): ExecutionDetail {
	if (Object.keys(superseded).length === 0) {
		return execution;
	}
	const skipped: Record<string, number> = {};
	const nodeRuns = execution.nodeRuns.filter((run) => {
		const seen = (skipped[run.nodeId] = (skipped[run.nodeId] ?? 0) + 1);
		return seen > (superseded[run.nodeId] ?? 0);
	});
	return { ...execution, nodeRuns };
}

/**
 * What tells a run apart from the node's other runs in the list: its attempt when it is a
 * retry by the node's policy, "retried" when a retry from the failed node ran it again,
 * "pinned" when a test run replayed its pinned output.
 */
export function runCaption(runs: NodeRun[], index: number): string {
	const run = runs[index];
	if (run.pinned) {
		return 'pinned';
	}
	const again = runs.slice(0, index).some((earlier) => earlier.nodeId === run.nodeId && earlier.attempt >= run.attempt);
	if (again) {
		return run.attempt > 1 ? `retried, attempt ${run.attempt}` : 'retried';
	}
	return run.attempt > 1 ? `attempt ${run.attempt}` : '';
}
