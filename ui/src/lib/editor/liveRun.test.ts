import { describe, expect, it } from 'vitest';
import type { ExecutionDetail } from '../api/types';
import type { LiveEvent } from '../realtime/live';
import { applyDetail, applyEvent, latestRun, type LiveRun } from './liveRun';

const event = (type: string, data: Record<string, unknown>): LiveEvent => ({ op: 'event', topic: 'workflow:w', type, data });

function replay(events: LiveEvent[], start: LiveRun | null = null): LiveRun | null {
	return events.reduce<LiveRun | null>((run, next) => applyEvent(run, next), start);
}

describe('applyEvent', () => {
	it('follows a run from start to finish', () => {
		const run = replay([
			event('execution.started', { executionId: 'e1' }),
			event('node.started', { executionId: 'e1', nodeId: 'set', attempt: 1 }),
			event('node.finished', { executionId: 'e1', nodeId: 'set', status: 'succeeded', attempt: 1, durationMs: 3, items: { main: 1 } }),
			event('node.started', { executionId: 'e1', nodeId: 'if', attempt: 1 }),
			event('execution.finished', { executionId: 'e1', status: 'failed', error: 'boom' })
		]);
		expect(run).toMatchObject({ executionId: 'e1', status: 'failed', error: 'boom' });
		expect(run!.nodes.set).toEqual({ status: 'succeeded', attempt: 1, durationMs: 3, items: { main: 1 }, error: undefined });
		expect(run!.nodes.if.status).toBe('running');
	});

	it('ignores a late or repeated start after the node finished, but takes a new attempt', () => {
		const run = replay([
			event('node.finished', { executionId: 'e1', nodeId: 'a', status: 'failed', attempt: 1, error: 'timeout' }),
			event('node.started', { executionId: 'e1', nodeId: 'a', attempt: 1 }),
			event('execution.started', { executionId: 'e1' })
		]);
		expect(run!.nodes.a.status).toBe('failed');
		const retried = applyEvent(run, event('node.started', { executionId: 'e1', nodeId: 'a', attempt: 2 }));
		expect(retried!.nodes.a).toMatchObject({ status: 'running', attempt: 2 });
	});

	it('switches to a newer execution and ignores the end of an older one', () => {
		const first = replay([event('node.started', { executionId: 'e1', nodeId: 'a', attempt: 1 })]);
		const second = applyEvent(first, event('execution.started', { executionId: 'e2' }));
		expect(second).toEqual({ executionId: 'e2', status: 'running', nodes: {} });
		expect(applyEvent(second, event('execution.finished', { executionId: 'e1', status: 'succeeded' }))).toBe(second);
		expect(applyEvent(second, event('plugin.installed', { id: 'x' }))).toBe(second);
	});
});

describe('applyDetail', () => {
	const detail = (status: string, nodeRuns: ExecutionDetail['nodeRuns']): ExecutionDetail => ({
		id: 'e1', workflowId: 'w', workflowVersion: 1, status, mode: 'webhook', nodeRuns
	});

	it('adds the runs the events did not announce (the trigger) and keeps fresher live states', () => {
		const live = replay([event('node.finished', { executionId: 'e1', nodeId: 'set', status: 'succeeded', attempt: 1 })]);
		const merged = applyDetail(live, detail('running', [
			{ nodeId: 'hook', status: 'succeeded', attempt: 1 },
			{ nodeId: 'set', status: 'running', attempt: 1 }
		]));
		expect(merged.nodes.hook.status).toBe('succeeded');
		expect(merged.nodes.set.status).toBe('succeeded');
	});

	it('takes the final status of the execution', () => {
		const merged = applyDetail(null, detail('succeeded', [{ nodeId: 'hook', status: 'succeeded', attempt: 1 }]));
		expect(merged.status).toBe('succeeded');
	});
});

describe('latestRun', () => {
	it('picks the highest attempt of a node', () => {
		const runs = [{ nodeId: 'a', attempt: 1 }, { nodeId: 'a', attempt: 2 }, { nodeId: 'b', attempt: 3 }];
		expect(latestRun(runs, 'a')).toEqual({ nodeId: 'a', attempt: 2 });
		expect(latestRun(runs, 'c')).toBeUndefined();
	});

	it('picks the run stored last of equal attempts (a retry runs the node again as attempt 1)', () => {
		const runs = [{ nodeId: 'a', attempt: 1, status: 'failed' }, { nodeId: 'b', attempt: 1, status: 'succeeded' }, { nodeId: 'a', attempt: 1, status: 'succeeded' }];
		expect(latestRun(runs, 'a')?.status).toBe('succeeded');
	});
});

describe('a retry', () => {
	const detail = (status: string, nodeRuns: ExecutionDetail['nodeRuns']): ExecutionDetail => ({
		id: 'e1', workflowId: 'w', workflowVersion: 1, status, mode: 'manual', nodeRuns
	});

	it('forgets the retried node, so its new attempt 1 shows running, not the old failure', () => {
		let run = applyDetail(null, detail('failed', [
			{ nodeId: 'hook', status: 'succeeded', attempt: 1 },
			{ nodeId: 'send', status: 'failed', attempt: 1, error: 'refused' }
		]));
		run = applyEvent(run, event('execution.retried', { executionId: 'e1', nodeId: 'send' }))!;
		expect(run.status).toBe('running');
		expect(run.error).toBeUndefined();
		expect(run.nodes.send).toBeUndefined();
		expect(run.nodes.hook.status).toBe('succeeded');
		run = applyEvent(run, event('node.started', { executionId: 'e1', nodeId: 'send', attempt: 1 }))!;
		expect(run.nodes.send.status).toBe('running');
	});
});
