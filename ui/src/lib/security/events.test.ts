import { describe as suite, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/api/types';
import { describe, failedLoginAlert, merge } from './events';

const now = Date.parse('2026-12-07T12:00:00Z');
function entry(id: number, action: string, outcome: string, minutesAgo: number, clientIp = '203.0.113.9'): AuditEntry {
	return { id, action, outcome, actorType: 'anonymous', clientIp, occurredAt: new Date(now - minutesAgo * 60_000).toISOString() };
}

suite('failedLoginAlert', () => {
	it('stays quiet below the threshold and for old or successful logins', () => {
		const entries = [1, 2, 3, 4].map((id) => entry(id, 'auth.login', 'failure', 5))
			.concat([entry(5, 'auth.login', 'failure', 90), entry(6, 'auth.login', 'success', 1)]);
		expect(failedLoginAlert(entries, now)).toBeNull();
	});

	it('raises an alert with the sources, most frequent first', () => {
		const entries = [1, 2, 3, 4].map((id) => entry(id, 'auth.login', 'failure', 5))
			.concat([entry(5, 'auth.login', 'failure', 1, '198.51.100.7')]);
		expect(failedLoginAlert(entries, now)).toEqual({ count: 5, sources: ['203.0.113.9', '198.51.100.7'] });
	});
});

suite('merge and describe', () => {
	it('keeps one copy of each entry, newest first', () => {
		const a = entry(1, 'token.created', 'success', 3);
		const b = entry(2, 'auth.login', 'failure', 2);
		expect(merge([[a], [b, a]]).map((e) => e.id)).toEqual([2, 1]);
	});

	it('says what happened', () => {
		expect(describe({ ...entry(1, 'auth.login', 'failure', 1), detail: { username: 'admin' } })).toBe('Failed login as admin');
		expect(describe({ ...entry(2, 'token.created', 'success', 1), actorName: 'ada', detail: { name: 'ci' } }))
			.toBe('ada created the token ci');
	});
});
