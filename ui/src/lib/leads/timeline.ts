import type { AuditEntry } from '../api/types';

export type TimelineKind = 'message' | 'execution' | 'change' | 'access';

/** One line of a lead's timeline. */
export interface TimelineEntry {
	id: number;
	at: string;
	kind: TimelineKind;
	title: string;
	who: string;
	outcome: string;
	/** an execution the entry belongs to (a workflow acted on the lead) */
	executionId?: string;
	fields?: string[];
}

const TITLES: Record<string, string> = {
	'lead.created': 'Created',
	'lead.merged': 'Merged with a duplicate',
	'lead.updated': 'Updated',
	'lead.read': 'Viewed',
	'lead.exported': 'Exported',
	'lead.deleted': 'Erased',
	'lead.listed': 'Found in a search'
};

function kindOf(entry: AuditEntry): TimelineKind {
	if (entry.action.startsWith('message.') || entry.action.startsWith('channel.')) {
		return 'message';
	}
	if (entry.actorType === 'workflow') {
		return 'execution';
	}
	return ['lead.read', 'lead.exported', 'lead.listed'].includes(entry.action) ? 'access' : 'change';
}

function fieldsOf(entry: AuditEntry): string[] | undefined {
	const fields = entry.detail?.fields;
	return Array.isArray(fields) ? fields.map(String) : undefined;
}

/**
 * A lead's timeline, newest first, from its audit trail (the export's and the audit log's, which
 * overlap: each entry once): messages, what workflows did to it, changes and reads by people.
 */
export function leadTimeline(...sources: AuditEntry[][]): TimelineEntry[] {
	const byId = new Map<number, AuditEntry>();
	for (const entry of sources.flat()) {
		byId.set(entry.id, entry);
	}
	return [...byId.values()]
		.sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || b.id - a.id)
		.map((entry) => {
			const kind = kindOf(entry);
			return {
				id: entry.id,
				at: entry.occurredAt,
				kind,
				title: TITLES[entry.action] ?? entry.action,
				who: entry.actorType === 'workflow' ? (entry.actorName ?? 'a workflow') : (entry.actorName ?? entry.actorType),
				outcome: entry.outcome,
				executionId: kind === 'execution' || (entry.actorType === 'workflow' && entry.actorId) ? entry.actorId ?? undefined : undefined,
				fields: fieldsOf(entry)
			};
		});
}

/** Only the kinds asked for (all when none). */
export function filterTimeline(entries: TimelineEntry[], kinds: TimelineKind[]): TimelineEntry[] {
	return kinds.length === 0 ? entries : entries.filter((entry) => kinds.includes(entry.kind));
}
