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
