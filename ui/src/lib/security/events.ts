import type { AuditEntry } from '$lib/api/types';

/** The audited actions the security page shows: who got in (or tried), who got keys, what code and keys changed. */
export const SECURITY_ACTIONS = [
	'auth.login',
	'token.created',
	'token.revoked',
	'user.created',
	'user.updated',
	'plugin.installed',
	'plugin.upgraded',
	'plugin.rolled-back',
	'marketplace.install',
	'plugin.uninstalled',
	'keys.rotated',
	'keys.master-rotated',
	'credential.created',
	'credential.deleted'
] as const;

/** Failed logins within the window at which the page raises an alert. */
export const FAILED_LOGIN_ALERT = 5;
export const ALERT_WINDOW_MS = 60 * 60 * 1000;

/** All entries newest first, without duplicates (one entry can come back from two queries). */
export function merge(lists: AuditEntry[][]): AuditEntry[] {
	const byId = new Map<number, AuditEntry>();
	for (const list of lists) {
		for (const entry of list) {
			byId.set(entry.id, entry);
		}
	}
	return [...byId.values()].sort((a, b) => b.id - a.id);
}

export interface FailedLoginAlert {
	count: number;
	/** client IPs the failures came from, most frequent first */
	sources: string[];
}

/** Failed logins within `windowMs` before `now`, or null while they stay below the threshold. */
export function failedLoginAlert(entries: AuditEntry[], now: number, windowMs = ALERT_WINDOW_MS,
	threshold = FAILED_LOGIN_ALERT): FailedLoginAlert | null {
	const recent = entries.filter((entry) => entry.action === 'auth.login' && entry.outcome !== 'success'
		&& now - Date.parse(entry.occurredAt) <= windowMs);
	if (recent.length < threshold) {
		return null;
	}
	const bySource = new Map<string, number>();
	for (const entry of recent) {
		const source = entry.clientIp ?? 'unknown';
		bySource.set(source, (bySource.get(source) ?? 0) + 1);
	}
	return { count: recent.length, sources: [...bySource.entries()].sort((a, b) => b[1] - a[1]).map(([source]) => source) };
}

/** A short human description of one entry. */
export function describe(entry: AuditEntry): string {
	const who = entry.actorName ?? entry.actorType;
	const failed = entry.outcome !== 'success';
	switch (entry.action) {
		case 'auth.login':
			return failed ? `Failed login${entry.detail?.username ? ` as ${String(entry.detail.username)}` : ''}` : `${who} signed in`;
		case 'token.created':
			return `${who} created the token ${String(entry.detail?.name ?? '')}`.trim();
		case 'token.revoked':
			return `${who} revoked a token`;
		case 'keys.rotated':
			return `${who} rotated the data keys`;
		case 'keys.master-rotated':
			return 'The master key was changed';
		default:
			return `${who}: ${entry.action}${failed ? ` (${entry.outcome})` : ''}`;
	}
}
