import { describe, expect, it } from 'vitest';
import type { NodeRun } from '../api/types';
import type { CanvasEdge } from '../editor/document';
import { TAKEN_CLASS, UNTAKEN_CLASS, isTaken, markPath, traceOf } from './pathTaken';

const edge = (source: string, port: string, target: string): CanvasEdge => ({
	id: `${source}:${port}->${target}:main`, source, sourceHandle: port, target, targetHandle: 'main'
});
const run = (nodeId: string, output: unknown, status = 'succeeded'): NodeRun => ({ nodeId, status, attempt: 1, output });

// manual -> if; if:true -> hot; if:false -> cold
const edges = [edge('manual', 'main', 'if'), edge('if', 'true', 'hot'), edge('if', 'false', 'cold')];

describe('path taken', () => {
	it('takes the branch the If emitted items on and whose target ran', () => {
		const trace = traceOf([
			run('manual', { main: [{ score: 80 }] }),
			run('if', { true: [{ score: 80 }], false: [] }),
			run('hot', { main: [{ score: 80 }] })
		]);
		expect(edges.map((candidate) => isTaken(candidate, trace))).toEqual([true, true, false]);
	});

	it('does not take an edge whose target did not run, even when items went out on its port', () => {
		const trace = traceOf([run('manual', { main: [{}] }), run('if', { true: [{}], false: [{}] }), run('hot', { main: [{}] })]);
		expect(isTaken(edges[2], trace)).toBe(false);
	});

	it('does not take an edge whose source emitted nothing on its port, even when its target ran', () => {
		// cold ran from elsewhere; the If sent it nothing
		const trace = traceOf([run('if', { true: [{}], false: [] }), run('hot', {}), run('cold', {})]);
		expect(isTaken(edges[2], trace)).toBe(false);
	});

	it('takes the error edge of a failed node when the node after it ran', () => {
		const trace = traceOf([run('http', null, 'failed'), run('alert', { main: [{}] })]);
		expect(isTaken(edge('http', 'error', 'alert'), trace)).toBe(true);
		expect(isTaken(edge('http', 'main', 'next'), trace)).toBe(false);
	});

	it('follows live states before the stored runs are read again', () => {
		const trace = traceOf([run('manual', { main: [{}] })], {
			if: { status: 'succeeded', attempt: 1, items: { true: 0, false: 1 } },
			cold: { status: 'running', attempt: 1 }
		});
		expect(edges.map((candidate) => isTaken(candidate, trace))).toEqual([true, false, true]);
	});

	it('marks each edge taken or not, and keeps the array when nothing changed', () => {
		const trace = traceOf([run('manual', { main: [{}] }), run('if', { true: [{}], false: [] }), run('hot', {})]);
		const marked = markPath(edges, trace);
		expect(marked.map((candidate) => candidate.class)).toEqual([TAKEN_CLASS, TAKEN_CLASS, UNTAKEN_CLASS]);
		expect(marked[0].note).toBe('taken in this run');
		expect(marked[2].note).toBe('not taken in this run');
		expect(markPath(marked, trace)).toBe(marked);
	});
});
