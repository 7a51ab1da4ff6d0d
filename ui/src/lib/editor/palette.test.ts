import { describe, expect, it } from 'vitest';
import type { NodeType } from '../api/types';
import { groupPalette, paletteOrder, sectionOf } from './palette';

const type = (over: Partial<NodeType>): NodeType => ({
	type: 'x', version: 1, kind: 'action', label: 'X', category: 'Core', configSchema: {}, inputs: [{ name: 'main', label: 'main', error: false }], outputs: [], ...over
});

const nodes = [
	type({ type: 'core.set', label: 'Set fields', description: 'Adds or replaces fields' }),
	type({ type: 'core.http-request', label: 'HTTP Request' }),
	type({ type: 'core.webhook', label: 'Webhook', kind: 'trigger', inputs: [] }),
	type({ type: 'core.lead-created', label: 'Lead created', kind: 'trigger', category: 'Leads', inputs: [] }),
	type({ type: 'core.if', label: 'If' }),
	type({ type: 'core.upsert-lead', label: 'Create or update lead', category: 'Leads' }),
	type({ type: 'core.send-message', label: 'Send message', category: 'Leads' }),
	type({ type: 'mailgun.send-email', label: 'Send email (Mailgun)', category: 'Email' }),
	type({ type: 'whatsapp.send-template', label: 'Send WhatsApp template', category: 'Messaging channels' }),
	type({ type: 'mt5.read-account', label: 'Read MT5 account', category: 'Trading' })
];

const titles = (sections: ReturnType<typeof groupPalette>) => sections.map((section) => [section.title, section.items.map((item) => item.label)]);

describe('groupPalette', () => {
	it('groups triggers, leads, messaging channels, logic, data and integrations, each by label', () => {
		expect(titles(groupPalette(nodes))).toEqual([
			['Triggers', ['Lead created', 'Webhook']],
			['Leads', ['Create or update lead']],
			['Messaging channels', ['Send email (Mailgun)', 'Send message', 'Send WhatsApp template']],
			['Logic', ['If']],
			['Data', ['Set fields']],
			['Integrations', ['HTTP Request', 'Read MT5 account']]
		]);
	});

	it('puts a third party\'s node by its category, and an unknown category under Integrations', () => {
		expect(sectionOf(type({ type: 'acme.sms', category: 'SMS' }))).toBe('messaging');
		expect(sectionOf(type({ type: 'acme.crm', category: 'CRM' }))).toBe('leads');
		expect(sectionOf(type({ type: 'acme.weather', category: 'Weather' }))).toBe('integrations');
		expect(sectionOf(type({ type: 'acme.poll', kind: 'trigger', category: 'CRM' }))).toBe('triggers');
	});

	it('filters by every word of the query, in labels, descriptions and section titles, best match first', () => {
		expect(paletteOrder(groupPalette(nodes, 'http req')).map((item) => item.type)).toEqual(['core.http-request']);
		expect(paletteOrder(groupPalette(nodes, 'replaces')).map((item) => item.type)).toEqual(['core.set']);
		expect(paletteOrder(groupPalette(nodes, 'messaging')).map((item) => item.type)).toEqual(['mailgun.send-email', 'core.send-message', 'whatsapp.send-template']);
		expect(paletteOrder(groupPalette(nodes, 'whatsapp')).map((item) => item.type)).toEqual(['whatsapp.send-template']);
		expect(groupPalette(nodes, 'nothing-like-this')).toEqual([]);
	});

	it('ranks a label that starts with the query first', () => {
		const found = paletteOrder(groupPalette([type({ type: 'a', label: 'Lead scoring' }), type({ type: 'b', label: 'Add lead' }), type({ type: 'c', label: 'Bleach' })], 'lea', {}));
		expect(found.map((item) => item.label)).toEqual(['Lead scoring', 'Add lead', 'Bleach']);
	});

	it('keeps only the nodes a filter accepts', () => {
		expect(paletteOrder(groupPalette(nodes, '', { accept: (node) => node.inputs.length > 0 })).some((item) => item.kind === 'trigger')).toBe(false);
	});
});
