import { describe, expect, it } from 'vitest';
import { ApiClient } from '$lib/api/client';
import type { Dashboard } from '$lib/api/types';
import {
	bucketLabel,
	changesDashboard,
	chartData,
	describeExecutions,
	describeSeries,
	refresher,
	successRate,
	type Timers
} from './dashboard';

function sample(): Dashboard {
	return {
		range: '24h',
		bucket: '1h',
		bucketSeconds: 3600,
		from: '2026-12-07T09:00:00Z',
		to: '2026-12-07T12:00:00Z',
		leadsCreated: [
			{ t: '2026-12-07T09:00:00Z', count: 2 },
			{ t: '2026-12-07T10:00:00Z', count: 7 },
			{ t: '2026-12-07T11:00:00Z', count: 1 }
		],
		executions: [
			{ t: '2026-12-07T09:00:00Z', succeeded: 4, failed: 1, running: 0, waiting: 0, canceled: 0 },
			{ t: '2026-12-07T10:00:00Z', succeeded: 0, failed: 0, running: 0, waiting: 0, canceled: 0 },
			{ t: '2026-12-07T11:00:00Z', succeeded: 5, failed: 2, running: 1, waiting: 3, canceled: 0 }
		],
		failingWorkflows: [],
		openCircuits: [],
		totals: { leadsCreated: 10, executions: 16, succeeded: 9, failed: 3, running: 1, waiting: 3, canceled: 0, failingWorkflows: 1, openCircuits: 0 }
	};
}

/** A clock and timers the test moves by hand. */
function manualTimers() {
	let now = 0;
	let queue: { at: number; callback: () => void; id: number }[] = [];
	let ids = 0;
	const timers: Timers = {
		now: () => now,
		setTimeout: (callback, millis) => {
			const id = ++ids;
			queue.push({ at: now + millis, callback, id });
			return id;
		},
		clearTimeout: (handle) => {
			queue = queue.filter((entry) => entry.id !== handle);
		}
	};
	return {
		timers,
		async advance(millis: number) {
			const until = now + millis;
			for (;;) {
				queue.sort((a, b) => a.at - b.at);
				const next = queue[0];
				if (!next || next.at > until) break;
				queue.shift();
				now = next.at;
				next.callback();
				await Promise.resolve();
			}
			now = until;
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
	};
}

describe('dashboard', () => {
	it('re-reads for lead and execution changes, not for node runs or other topics', () => {
		expect(changesDashboard({ topic: 'leads', type: 'lead.created' })).toBe(true);
		expect(changesDashboard({ topic: 'leads', type: 'lead.deleted' })).toBe(true);
		expect(changesDashboard({ topic: 'leads', type: 'lead.updated' })).toBe(false);
		expect(changesDashboard({ topic: 'executions', type: 'execution.finished' })).toBe(true);
		expect(changesDashboard({ topic: 'executions', type: 'execution.started' })).toBe(true);
		expect(changesDashboard({ topic: 'executions', type: 'node.finished' })).toBe(false);
		expect(changesDashboard({ topic: 'circuits', type: 'circuit.open' })).toBe(true);
		expect(changesDashboard({ topic: 'workflows', type: 'workflow.deleted' })).toBe(true);
		expect(changesDashboard({ topic: 'plugins', type: 'plugin.started' })).toBe(false);
	});

	it('turns the answer into one value per bucket for each chart', () => {
		const data = chartData(sample(), 'en-GB');
		expect(data.labels).toHaveLength(3);
		expect(data.leads).toEqual([2, 7, 1]);
		expect(data.executions.succeeded).toEqual([4, 0, 5]);
		expect(data.executions.waiting).toEqual([0, 0, 3]);
		expect(data.failures).toEqual([1, 0, 2]);
	});

	it('labels buckets by hour, by day and hour, or by day', () => {
		const t = '2026-12-07T10:00:00Z';
		expect(bucketLabel(t, '24h', 'en-GB')).toMatch(/^\d\d:00$/);
		expect(bucketLabel(t, '7d', 'en-GB')).toMatch(/^[A-Z][a-z]{2} \d\d:00$/);
		expect(bucketLabel(t, '30d', 'en-GB')).toMatch(/^\d{1,2} Dec$/);
		expect(bucketLabel('not a time', '24h')).toBe('not a time');
	});

	it('describes each chart in words for screen readers', () => {
		expect(describeSeries('Leads created', 'the last 24 hours', ['09:00', '10:00', '11:00'], [2, 7, 1], 'en'))
			.toBe('Leads created in the last 24 hours: 10 in total, most at 10:00 (7).');
		expect(describeSeries('Failed executions', 'the last 7 days', ['a', 'b'], [0, 0])).toBe('Failed executions in the last 7 days: none.');
		expect(describeExecutions('the last 24 hours', chartData(sample()), 'en'))
			.toBe('Executions in the last 24 hours: 16 in total; 9 succeeded, 3 failed, 1 running, 3 waiting.');
	});

	it('gives the success rate of finished executions', () => {
		expect(successRate(sample().totals)).toBe('75 %');
		expect(successRate({ ...sample().totals, succeeded: 0, failed: 0 })).toBe('–');
	});

	it('folds a burst of requests into one read per second, and reflects the last one', async () => {
		const clock = manualTimers();
		let reads = 0;
		const refresh = refresher(async () => { reads++; }, 1000, clock.timers);
		refresh.request();
		expect(reads).toBe(1);
		for (let i = 0; i < 50; i++) {
			refresh.request();
			await clock.advance(10);
		}
		expect(reads).toBe(1);
		await clock.advance(600);
		expect(reads).toBe(2);
		await clock.advance(5000);
		expect(reads).toBe(2);
		refresh.request();
		expect(reads).toBe(3);
		refresh.stop();
	});

	it('never overlaps two reads: a request during a slow read runs after it', async () => {
		const clock = manualTimers();
		let reads = 0;
		let finish: () => void = () => {};
		const refresh = refresher(() => { reads++; return new Promise<void>((resolve) => (finish = resolve)); }, 1000, clock.timers);
		refresh.request();
		await clock.advance(1500);
		refresh.request();
		await clock.advance(2000);
		expect(reads).toBe(1);
		finish();
		await clock.advance(0);
		expect(reads).toBe(2);
		refresh.stop();
	});

	it('runs nothing after stop', async () => {
		const clock = manualTimers();
		let reads = 0;
		const refresh = refresher(async () => { reads++; }, 1000, clock.timers);
		refresh.request();
		refresh.request();
		refresh.stop();
		await clock.advance(5000);
		expect(reads).toBe(1);
	});

	it('reads GET /api/v1/dashboard with the range', async () => {
		const urls: string[] = [];
		const client = new ApiClient(async (input) => {
			urls.push(String(input));
			return new Response(JSON.stringify(sample()), { status: 200, headers: { 'Content-Type': 'application/json' } });
		}, () => 'token');
		expect((await client.dashboard('7d')).totals.leadsCreated).toBe(10);
		await client.dashboard();
		expect(urls).toEqual(['/api/v1/dashboard?range=7d', '/api/v1/dashboard?range=24h']);
	});
});
