import { describe, expect, it } from 'vitest';
import type { ExecutionDetail, NodeRun } from '../api/types';
import { pinnedDataLink, runCaption, retryTarget, supersede, withoutSuperseded } from './executionView';

const run = (nodeId: string, status: string, input: unknown = { main: [{}] }): NodeRun => ({ nodeId, status, attempt: 1, input });
const execution = (status: string, nodeRuns: NodeRun[]): ExecutionDetail => ({
	id: 'e1', workflowId: 'w1', workflowVersion: 1, status, mode: 'manual', nodeRuns
});

describe('retryTarget', () => {
	it('is the last failed node of a failed execution', () => {
		expect(retryTarget(execution('failed', [run('a', 'succeeded'), run('b', 'failed'), run('c', 'failed')]))).toBe('c');
	});

	it('is none while the execution has not failed, or when the failed run lost its input', () => {
		expect(retryTarget(execution('succeeded', [run('a', 'failed')]))).toBeUndefined();
		expect(retryTarget(execution('running', [run('a', 'failed')]))).toBeUndefined();
		expect(retryTarget(execution('failed', [run('a', 'failed', null)]))).toBeUndefined();
		expect(retryTarget(execution('failed', [run('a', 'succeeded')]))).toBeUndefined();
	});
});

describe('pinnedDataLink', () => {
	it('opens the workflow in the editor with the execution to pin from', () => {
		expect(pinnedDataLink({ id: 'e 1', workflowId: 'w/1' })).toBe('/workflows/w%2F1?pinFrom=e%201');
		expect(pinnedDataLink({ id: '5f0c', workflowId: 'ab12' })).toBe('/workflows/ab12?pinFrom=5f0c');
	});
});

describe('superseded runs', () => {
	it('leaves out the runs of the retried node stored before the retry', () => {
		const before = [run('a', 'succeeded'), run('b', 'failed')];
		const superseded = supersede({}, before, 'b');
		expect(superseded).toEqual({ b: 1 });
		expect(withoutSuperseded(execution('running', before), superseded).nodeRuns.map((r) => r.nodeId)).toEqual(['a']);
		const after = [...before, run('b', 'succeeded'), run('c', 'succeeded')];
		expect(withoutSuperseded(execution('succeeded', after), superseded).nodeRuns.map((r) => `${r.nodeId}:${r.status}`))
			.toEqual(['a:succeeded', 'b:succeeded', 'c:succeeded']);
	});

	it('keeps the execution as it is when nothing was retried', () => {
		const detail = execution('failed', [run('a', 'failed')]);
		expect(withoutSuperseded(detail, {})).toBe(detail);
	});
});

describe('runCaption', () => {
	it('names policy attempts and runs again after a retry from the failed node', () => {
		const runs: NodeRun[] = [
			{ nodeId: 'a', status: 'succeeded', attempt: 1 },
			{ nodeId: 'b', status: 'failed', attempt: 1 },
			{ nodeId: 'b', status: 'failed', attempt: 2 },
			{ nodeId: 'b', status: 'succeeded', attempt: 1 },
			{ nodeId: 'c', status: 'succeeded', attempt: 1 }
		];
		expect(runs.map((_, index) => runCaption(runs, index))).toEqual(['', '', 'attempt 2', 'retried', '']);
	});

	it('says when a test run replayed the pinned output', () => {
		expect(runCaption([{ nodeId: 'a', status: 'succeeded', attempt: 1, pinned: true }], 0)).toBe('pinned');
	});
});
