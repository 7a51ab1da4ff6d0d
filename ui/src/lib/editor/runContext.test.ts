import { describe, expect, it } from 'vitest';
import type { LiveRun } from './liveRun';
import { NodeStatuses } from './runContext.svelte';

const run = (executionId: string, nodes: LiveRun['nodes']): LiveRun => ({ executionId, status: 'running', nodes });

describe('NodeStatuses', () => {
	it('shows every node of a new run and clears the nodes the previous run had', () => {
		const statuses = new NodeStatuses();
		const a = statuses.slot('a');
		statuses.show(run('e1', { a: { status: 'succeeded', attempt: 1 }, b: { status: 'running', attempt: 1 } }));
		expect(a.current?.status).toBe('succeeded');
		expect(statuses.slot('b').current?.status).toBe('running');
		statuses.show(run('e2', { b: { status: 'failed', attempt: 1 } }));
		expect(a.current).toBeUndefined();
		expect(statuses.slot('b').current?.status).toBe('failed');
	});

	it('updates only the nodes named for the run it already shows', () => {
		const statuses = new NodeStatuses();
		statuses.show(run('e1', { a: { status: 'running', attempt: 1 } }));
		// a stale state of another node is left as it is: only "a" was named
		statuses.show(run('e1', { a: { status: 'succeeded', attempt: 1 }, b: { status: 'running', attempt: 1 } }), ['a']);
		expect(statuses.slot('a').current?.status).toBe('succeeded');
		expect(statuses.slot('b').current).toBeUndefined();
		statuses.show(run('e2', { c: { status: 'running', attempt: 1 } }), ['c']);
		expect(statuses.slot('a').current).toBeUndefined();
		expect(statuses.slot('c').current?.status).toBe('running');
	});
});
