import type { Dashboard, DashboardRange, ExecutionBucket } from '$lib/api/types';
import type { LiveEvent } from '$lib/realtime/live';

/** The periods the dashboard offers, as the API names them. */
export const RANGES: { value: DashboardRange; label: string; span: string }[] = [
	{ value: '24h', label: '24 hours', span: 'the last 24 hours' },
	{ value: '7d', label: '7 days', span: 'the last 7 days' },
	{ value: '30d', label: '30 days', span: 'the last 30 days' }
];

/** Execution statuses in the order the stacked chart draws them, with their colours. */
export const EXECUTION_STATUSES: { key: keyof Omit<ExecutionBucket, 't'>; label: string; color: string }[] = [
	{ key: 'succeeded', label: 'Succeeded', color: '#10b981' },
	{ key: 'failed', label: 'Failed', color: '#ef4444' },
	{ key: 'running', label: 'Running', color: '#0ea5e9' },
	{ key: 'waiting', label: 'Waiting', color: '#f59e0b' },
	{ key: 'canceled', label: 'Canceled', color: '#94a3b8' }
];

/** The topics whose events can change what the dashboard shows. */
export const DASHBOARD_TOPICS = ['leads', 'executions', 'circuits', 'workflows'];

/**
 * Whether a live event changes a figure: a lead created or erased, an execution starting, finishing
 * or retried (not its node runs, which are most of the traffic), a circuit changing state, a
 * workflow renamed or deleted (the failing list names them).
 */
export function changesDashboard(event: Pick<LiveEvent, 'topic' | 'type'>): boolean {
	switch (event.topic) {
		case 'leads':
			return event.type === 'lead.created' || event.type === 'lead.deleted';
		case 'executions':
			return event.type.startsWith('execution.');
		case 'circuits':
			return event.type.startsWith('circuit.');
		case 'workflows':
			return event.type === 'workflow.saved' || event.type === 'workflow.deleted';
		default:
			return false;
	}
}

/** The label of a bucket in the reader's time zone: an hour for 24h, day and hour for 7d, a day for 30d. */
export function bucketLabel(t: string, range: DashboardRange, locale?: string): string {
	const date = new Date(t);
	if (Number.isNaN(date.getTime())) {
		return t;
	}
	if (range === '24h') {
		return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
	}
	if (range === '7d') {
		return date.toLocaleString(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
	}
	return date.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
}

/** One line or bar series of a chart. */
export interface ChartSeries {
	label: string;
	values: number[];
	color: string;
}

/** The data of the three charts, one entry per bucket, oldest first. */
export interface ChartData {
	labels: string[];
	leads: number[];
	executions: Record<(typeof EXECUTION_STATUSES)[number]['key'], number[]>;
	/** executions that finished failed, per bucket */
	failures: number[];
}

export function chartData(dashboard: Dashboard, locale?: string): ChartData {
	const executions = Object.fromEntries(EXECUTION_STATUSES.map((status) => [status.key, [] as number[]])) as ChartData['executions'];
	for (const bucket of dashboard.executions) {
		for (const status of EXECUTION_STATUSES) {
			executions[status.key].push(bucket[status.key] ?? 0);
		}
	}
	return {
		labels: dashboard.leadsCreated.map((bucket) => bucketLabel(bucket.t, dashboard.range, locale)),
		leads: dashboard.leadsCreated.map((bucket) => bucket.count),
		executions,
		failures: executions.failed
	};
}

/** No buckets yet: the charts' shape before the first answer. */
export function emptyChartData(): ChartData {
	const executions = Object.fromEntries(EXECUTION_STATUSES.map((status) => [status.key, [] as number[]])) as ChartData['executions'];
	return { labels: [], leads: [], executions, failures: executions.failed };
}

/** 1,234 in the reader's locale. */
export function count(value: number, locale?: string): string {
	return value.toLocaleString(locale);
}

/** The share of finished executions that succeeded, as '97 %', or '–' when none finished. */
export function successRate(totals: Dashboard['totals']): string {
	const finished = totals.succeeded + totals.failed;
	return finished === 0 ? '–' : `${Math.round((totals.succeeded / finished) * 100)} %`;
}

/**
 * What a chart shows in words, for a screen reader (its aria-label): the total, and the busiest
 * bucket with its label, e.g. "Leads created in the last 24 hours: 42 in total, most at 14:00 (7)."
 */
export function describeSeries(title: string, span: string, labels: string[], values: number[], locale?: string): string {
	const total = values.reduce((sum, value) => sum + value, 0);
	if (total === 0) {
		return `${title} in ${span}: none.`;
	}
	let busiest = 0;
	values.forEach((value, index) => {
		if (value > values[busiest]) busiest = index;
	});
	return `${title} in ${span}: ${count(total, locale)} in total, most at ${labels[busiest]} (${count(values[busiest], locale)}).`;
}

/** The stacked executions chart in words: per status totals. */
export function describeExecutions(span: string, data: ChartData, locale?: string): string {
	const parts = EXECUTION_STATUSES.map((status) => ({
		label: status.label.toLowerCase(),
		total: data.executions[status.key].reduce((sum, value) => sum + value, 0)
	}));
	const total = parts.reduce((sum, part) => sum + part.total, 0);
	if (total === 0) {
		return `Executions in ${span}: none.`;
	}
	return `Executions in ${span}: ${count(total, locale)} in total; `
		+ parts.filter((part) => part.total > 0).map((part) => `${count(part.total, locale)} ${part.label}`).join(', ') + '.';
}

export interface Timers {
	now: () => number;
	setTimeout: (callback: () => void, millis: number) => unknown;
	clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
	now: () => Date.now(),
	setTimeout: (callback, millis) => setTimeout(callback, millis),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * Runs `load` when asked, at most once per `interval` and never twice at once: the first request
 * of a quiet period runs at once, requests during the interval or while a load is in flight fold
 * into one more load at the interval's end. So a burst of live events costs one re-read per
 * second, and the last event of a burst is always reflected.
 */
export function refresher(load: () => Promise<unknown>, interval = 1000, timers: Timers = realTimers) {
	let lastStart = -Infinity;
	let running = false;
	let pending = false;
	let timer: unknown = undefined;
	let stopped = false;

	const run = () => {
		timer = undefined;
		pending = false;
		running = true;
		lastStart = timers.now();
		load().catch(() => undefined).finally(() => {
			running = false;
			if (pending && !stopped) schedule();
		});
	};
	const schedule = () => {
		if (stopped || running || timer !== undefined) return;
		const wait = lastStart + interval - timers.now();
		if (wait <= 0) {
			run();
		} else {
			timer = timers.setTimeout(run, wait);
		}
	};
	return {
		/** Asks for a re-read. */
		request() {
			pending = true;
			schedule();
		},
		stop() {
			stopped = true;
			if (timer !== undefined) timers.clearTimeout(timer);
			timer = undefined;
		}
	};
}
