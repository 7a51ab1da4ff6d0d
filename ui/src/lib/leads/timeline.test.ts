import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api/types';
import { filterTimeline, leadTimeline } from './timeline';

const entry = (id: number, at: string, action: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
	id, occurredAt: at, actorType: 'user', actorName: 'admin', action, outcome: 'success', targetType: 'lead', targetId: 'l1', ...extra
});

describe('leadTimeline', () => {
	const created = entry(1, '2026-01-01T10:00:00Z', 'lead.created', { detail: { fields: ['email', 'firstName'] } });
	const byWorkflow = entry(2, '2026-01-01T11:00:00Z', 'lead.updated', { actorType: 'workflow', actorId: 'e-42', actorName: 'workflow w1' });
	const sent = entry(3, '2026-01-02T09:00:00Z', 'message.sent', { detail: { channel: 'email' } });
	const read = entry(4, '2026-01-03T09:00:00Z', 'lead.read');

	it('merges both sources once each, newest first, with kinds and titles', () => {
		const timeline = leadTimeline([created, byWorkflow, read], [read, sent]);
		expect(timeline.map((line) => [line.id, line.kind, line.title])).toEqual([
			[4, 'access', 'Viewed'],
			[3, 'message', 'message.sent'],
			[2, 'execution', 'Updated'],
			[1, 'change', 'Created']
		]);
		expect(timeline[2]).toMatchObject({ executionId: 'e-42', who: 'workflow w1' });
		expect(timeline[3].fields).toEqual(['email', 'firstName']);
		expect(timeline[3].executionId).toBeUndefined();
	});

	it('filters by kind', () => {
		const timeline = leadTimeline([created, byWorkflow, sent, read]);
		expect(filterTimeline(timeline, ['message', 'execution']).map((line) => line.id)).toEqual([3, 2]);
		expect(filterTimeline(timeline, [])).toHaveLength(4);
	});
});
