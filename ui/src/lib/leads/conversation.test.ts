import { describe, expect, it } from 'vitest';
import type { LeadMessage } from '../api/types';
import { conversation, mediumLabel } from './conversation';

const message = (id: string, at: string, extra: Partial<LeadMessage>): LeadMessage => ({
	id, direction: 'outbound', medium: 'sms', channelId: 'twilio.sms', status: 'sent', createdAt: at, occurredAt: at, ...extra
});

describe('conversation', () => {
	it('puts every channel in one thread, oldest first, with who spoke and the provider state', () => {
		const lines = conversation([
			message('c', '2026-12-06T10:03:00Z', { medium: 'voice', channelId: 'vapi.call', text: '[VAPI call]',
				call: { outcome: 'answered', summary: 'Wants a demo on Monday', transcript: 'AI: Hi Ada...' } }),
			message('b', '2026-12-06T10:01:00Z', { direction: 'inbound', medium: 'whatsapp', channelId: 'whatsapp.message',
				status: 'received', text: 'Yes please' }),
			message('a', '2026-12-06T10:00:00Z', { medium: 'whatsapp', channelId: 'whatsapp.message', text: '[WhatsApp template welcome_lead (en_US)]',
				delivery: { status: 'read', at: '2026-12-06T10:00:30Z', error: '' } }),
			message('d', '2026-12-06T10:04:00Z', { status: 'failed', error: 'lead opted out of sms' })
		]);
		expect(lines.map((line) => [line.id, line.side, line.medium, line.state, line.failed])).toEqual([
			['a', 'us', 'whatsapp', 'read', false],
			['b', 'lead', 'whatsapp', 'received', false],
			['c', 'us', 'voice', 'answered', false],
			['d', 'us', 'sms', 'failed', true]
		]);
		expect(lines[2]).toMatchObject({ text: 'Wants a demo on Monday', transcript: 'AI: Hi Ada...' });
		expect(lines[3].detail).toBe('lead opted out of sms');
	});

	it('shows an undelivered message as failed with the provider error, and names media', () => {
		const [line] = conversation([message('x', '2026-12-06T10:00:00Z', {
			delivery: { status: 'undelivered', at: '2026-12-06T10:00:05Z', error: '30007: Carrier violation' } })]);
		expect(line).toMatchObject({ state: 'undelivered', failed: true, detail: '30007: Carrier violation' });
		expect(mediumLabel('whatsapp')).toBe('WhatsApp');
		expect(mediumLabel('voice')).toBe('Call');
	});
});
