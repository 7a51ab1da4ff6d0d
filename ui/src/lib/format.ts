/** A stored instant as the reader's local date and time ('' when there is none). */
export function when(instant: string | null | undefined): string {
	if (!instant) {
		return '';
	}
	const date = new Date(instant);
	return Number.isNaN(date.getTime()) ? instant : date.toLocaleString();
}

/** How long from one instant to another: `850 ms`, `4.2 s`, `3 min 5 s`; '' while unfinished. */
export function duration(from: string | null | undefined, to: string | null | undefined): string {
	if (!from || !to) {
		return '';
	}
	const millis = Date.parse(to) - Date.parse(from);
	if (!Number.isFinite(millis) || millis < 0) {
		return '';
	}
	if (millis < 1000) {
		return `${millis} ms`;
	}
	if (millis < 60_000) {
		return `${(millis / 1000).toFixed(1)} s`;
	}
	const seconds = Math.round(millis / 1000);
	return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A person's name for a lead: first and last name, else the company, else the first email. */
export function leadName(lead: { firstName?: string | null; lastName?: string | null; company?: string | null; emails?: string[] }): string {
	const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
	return name || lead.company || lead.emails?.[0] || '(no name)';
}

/** The time windows the executions list offers, as their length in milliseconds ('custom': a date and time picked). */
export const SINCE_WINDOWS: { value: string; label: string; millis?: number }[] = [
	{ value: '', label: 'any time' },
	{ value: '1h', label: 'last hour', millis: 3_600_000 },
	{ value: '24h', label: 'last 24 hours', millis: 86_400_000 },
	{ value: '7d', label: 'last 7 days', millis: 7 * 86_400_000 },
	{ value: '30d', label: 'last 30 days', millis: 30 * 86_400_000 },
	{ value: 'custom', label: 'since…' }
];

/**
 * The `since` instant (ISO-8601, UTC) of a time window: `now` minus the window, or the reader's
 * local date and time from a datetime-local field for 'custom'; undefined for any time or an empty
 * or unreadable custom value.
 */
export function sinceInstant(window: string, custom: string, now: Date = new Date()): string | undefined {
	if (window === 'custom') {
		const local = custom ? new Date(custom) : null;
		return local && !Number.isNaN(local.getTime()) ? local.toISOString() : undefined;
	}
	const millis = SINCE_WINDOWS.find((option) => option.value === window)?.millis;
	return millis === undefined ? undefined : new Date(now.getTime() - millis).toISOString();
}
