import { describe, expect, it } from 'vitest';
import { coalesced } from './reload';

/** A read that finishes when the test says so, counting how often it started. */
function controlledRead() {
	const finishers: (() => void)[] = [];
	let fail = false;
	const read = () => new Promise<void>((resolve, reject) => finishers.push(() => (fail ? reject(new Error('down')) : resolve())));
	return {
		read,
		get started() {
			return finishers.length;
		},
		finish: (index: number) => finishers[index](),
		failNext: () => (fail = true)
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalesced', () => {
	it('reads once for a call with nothing in flight', async () => {
		const reads = controlledRead();
		const load = coalesced(reads.read);
		const done = load();
		expect(reads.started).toBe(1);
		reads.finish(0);
		await done;
		load();
		expect(reads.started).toBe(2);
	});

	it('queues one read after the one in flight for any number of calls, and resolves them after it', async () => {
		const reads = controlledRead();
		const load = coalesced(reads.read);
		load();
		let settled = 0;
		const waiting = [load(), load(), load()].map((promise) => promise.then(() => settled++));
		expect(reads.started).toBe(1);
		reads.finish(0);
		await tick();
		expect(reads.started).toBe(2);
		expect(settled).toBe(0);
		reads.finish(1);
		await Promise.all(waiting);
		expect(settled).toBe(3);
		expect(reads.started).toBe(2);
	});

	it('still runs the queued read when the one in flight fails', async () => {
		const reads = controlledRead();
		const load = coalesced(reads.read);
		reads.failNext();
		const first = load().catch((error: Error) => error.message);
		const second = load();
		reads.finish(0);
		expect(await first).toBe('down');
		await tick();
		expect(reads.started).toBe(2);
	});
});
