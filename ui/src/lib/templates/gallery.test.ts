import { describe, expect, it } from 'vitest';
import type { TemplateNodeType, WorkflowTemplate } from '../api/types';
import { cardIcons, credentialsLine, matching, sections, setupUrl, unavailableReason } from './gallery';

function type(typeId: string, icon: string | null, installed = true): TemplateNodeType {
	return { type: typeId, label: typeId.split('.')[1], icon, plugin: typeId.split('.')[0], installed, credentialTypes: [] };
}

function template(id: string, category: string, overrides: Partial<WorkflowTemplate> = {}): WorkflowTemplate {
	return {
		id, name: `Template ${id}`, description: `Does ${id}`, category, nodeCount: 3,
		nodeTypes: [type('core.webhook', 'webhook')], channels: [], plugins: ['core'], missingPlugins: [], available: true,
		credentialTypes: [], ...overrides
	};
}

describe('sections', () => {
	it('groups by category in the order the categories first come, keeping each template order', () => {
		const grouped = sections([template('a', 'Email'), template('b', 'Qualification'), template('c', 'Email')]);
		expect(grouped.map((section) => section.category)).toEqual(['Email', 'Qualification']);
		expect(grouped[0].templates.map((item) => item.id)).toEqual(['a', 'c']);
	});
});

describe('matching', () => {
	const all = [
		template('form', 'Email', { name: 'Web form follow-up', nodeTypes: [type('mailgun.send-email', 'mail')] }),
		template('whatsapp', 'Qualification', { name: 'Inbound WhatsApp' })
	];

	it('keeps every template for an empty query', () => {
		expect(matching(all, '  ')).toHaveLength(2);
	});

	it('needs every word, in name, category or node labels, ignoring case', () => {
		expect(matching(all, 'WEB send-email').map((item) => item.id)).toEqual(['form']);
		expect(matching(all, 'qualification').map((item) => item.id)).toEqual(['whatsapp']);
		expect(matching(all, 'follow-up whatsapp')).toEqual([]);
	});
});

describe('cardIcons', () => {
	it('shows each icon once, and a missing plugin once', () => {
		const icons = cardIcons(template('form', 'Email', {
			nodeTypes: [type('core.webhook', 'webhook'), type('mailgun.send-email', 'mail'), type('core.add-tag', 'tag'),
				type('mailgun.other', 'mail'), type('twilio.a', null, false), type('twilio.b', null, false)]
		}));
		expect(icons.map((icon) => icon.type)).toEqual(['core.webhook', 'mailgun.send-email', 'core.add-tag', 'twilio.a']);
	});
});

describe('unavailableReason', () => {
	it('is null for an available template', () => {
		expect(unavailableReason(template('a', 'x'))).toBeNull();
	});

	it('names the missing plugins, singular and plural', () => {
		expect(unavailableReason(template('a', 'x', { available: false, missingPlugins: ['twilio'] })))
			.toBe('Needs the twilio plugin: install it from the Marketplace or Plugins page.');
		expect(unavailableReason(template('a', 'x', { available: false, missingPlugins: ['vapi', 'twilio'] })))
			.toContain('vapi, twilio plugins: install them');
	});
});

describe('credentialsLine and setupUrl', () => {
	it('lists the credential types, or nothing', () => {
		expect(credentialsLine(template('a', 'x', { credentialTypes: ['vapi.account', 'twilio.account'] })))
			.toBe('Credentials: vapi.account, twilio.account');
		expect(credentialsLine(template('a', 'x'))).toBeNull();
	});

	it('opens the imported workflow in setup mode', () => {
		expect(setupUrl({ workflowId: '0b7c3c1e-1f7e-4bd4-9c39-2f0c1c7b8a10' }))
			.toBe('/workflows/0b7c3c1e-1f7e-4bd4-9c39-2f0c1c7b8a10?setup=1');
	});
});
