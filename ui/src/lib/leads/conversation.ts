import type { LeadMessage } from '../api/types';

/** One bubble of a lead's conversation, across every channel. */
export interface ConversationLine {
	id: string;
	at: string;
	/** who spoke: the lead, or us (a workflow or a person) */
	side: 'lead' | 'us';
	medium: string;
	channelId: string;
	/** what was said; a call's summary, or its outcome when it has none */
	text: string;
	/** the provider's last word on an outbound message (delivered, read, failed ...), or the send's failure */
	state: string;
	failed: boolean;
	detail?: string;
	transcript?: string;
	executionId?: string;
}

const MEDIUM_LABELS: Record<string, string> = {
	email: 'Email',
	sms: 'SMS',
	whatsapp: 'WhatsApp',
	messenger: 'Messenger',
	instagram: 'Instagram',
	voice: 'Call'
};

/** The label of a medium, e.g. WhatsApp. */
export function mediumLabel(medium: string): string {
	return MEDIUM_LABELS[medium] ?? medium;
}

function stateOf(message: LeadMessage): { state: string; failed: boolean; detail?: string } {
	if (message.direction === 'inbound') {
		return { state: 'received', failed: false };
	}
	if (message.status === 'failed') {
		return { state: 'failed', failed: true, detail: message.error ?? undefined };
	}
	if (message.call) {
		return { state: message.call.outcome, failed: message.call.outcome === 'failed', detail: message.call.endedReason ?? undefined };
	}
	if (message.delivery) {
		const failed = ['failed', 'undelivered'].includes(message.delivery.status);
		return { state: message.delivery.status, failed, detail: failed && message.delivery.error ? message.delivery.error : undefined };
	}
	return { state: message.status, failed: false };
}

/** A lead's messages and calls on every channel as one conversation, oldest first. */
export function conversation(messages: LeadMessage[]): ConversationLine[] {
	return [...messages]
		.map((message) => ({ message, at: message.occurredAt ?? message.createdAt }))
		.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.message.id.localeCompare(b.message.id))
		.map(({ message, at }) => {
			const call = message.call;
			const text = call ? (call.summary ?? `Call ${call.outcome}`) : [message.subject, message.text].filter(Boolean).join(' — ');
			return {
				id: message.id,
				at,
				side: message.direction === 'inbound' ? 'lead' : 'us',
				medium: message.medium,
				channelId: message.channelId,
				text: text || (message.medium === 'voice' ? 'Call placed' : '(no text)'),
				...stateOf(message),
				transcript: call?.transcript ?? undefined,
				executionId: message.executionId ?? undefined
			};
		});
}
