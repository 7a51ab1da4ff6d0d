import { describe, expect, it } from 'vitest';
import type { JsonSchema, NodeType, WorkflowNode } from '../api/types';
import { nodeSummary } from './nodeSummary';

const type = (id: string, configSchema: JsonSchema = {}): NodeType => ({
	type: id, version: 1, kind: 'action', label: `Label of ${id}`, configSchema, inputs: [], outputs: []
});
const node = (id: string, config: Record<string, unknown>): WorkflowNode => ({ id: 'n', name: 'N', type: id, config });

describe('nodeSummary', () => {
	it('says what a first-party node is set to do', () => {
		const webhook = type('core.webhook', { properties: { method: { default: 'POST' } } });
		expect(nodeSummary(node('core.webhook', { path: 'signup' }), webhook)).toBe('POST /hooks/signup');
		expect(nodeSummary(node('core.if', { condition: 'score > 50' }), type('core.if'))).toBe('score > 50');
		expect(nodeSummary(node('mailgun.send-email', { to: '{{lead.email}}', subject: 'Hi' }), type('mailgun.send-email'))).toBe('to {{lead.email}}');
		expect(nodeSummary(node('core.wait', { mode: 'duration', amount: 2, unit: 'days' }), type('core.wait'))).toBe('2 days');
		expect(nodeSummary(node('core.wait', { mode: 'duration', amount: 1, unit: 'days' }), type('core.wait'))).toBe('1 day');
		expect(nodeSummary(node('core.set', { mappings: { email: '$lowercase(email)', name: 'name' } }), type('core.set'))).toBe('set email, name');
		expect(nodeSummary(node('core.http-request', { method: 'POST', url: 'https://crm.example/leads' }), type('core.http-request'))).toBe('POST https://crm.example/leads');
	});

	it('says a node still needs setting up, else what its type is, never its own name again', () => {
		expect(nodeSummary(node('core.if', {}), type('core.if', { required: ['condition'] }))).toBe('not set up yet');
		expect(nodeSummary(node('core.if', {}), type('core.if'))).toBe('Label of core.if');
		const named = { ...node('core.if', {}), name: 'Label of core.if' };
		expect(nodeSummary(named, { ...type('core.if'), description: 'Sends each item to true or false.' })).toBe('Sends each item to true or false.');
		expect(nodeSummary(node('gone.node', {}), undefined)).toBe('gone.node (not installed)');
	});

	it('shows a third party\'s first required setting, never a secret', () => {
		const schema: JsonSchema = {
			required: ['token', 'list'],
			properties: { token: { title: 'Token', 'x-leadflow-secret': true }, list: { title: 'List' }, tag: { title: 'Tag', default: 'x' } }
		};
		expect(nodeSummary(node('acme.add', { token: 's3cret', list: 'Newsletter' }), type('acme.add', schema))).toBe('List: Newsletter');
		expect(nodeSummary(node('acme.add', { token: 's3cret', tag: 'vip' }), type('acme.add', schema))).toBe('Tag: vip');
		expect(nodeSummary(node('acme.add', { token: 's3cret' }), type('acme.add', schema))).toBe('not set up yet');
	});

	it('keeps to one line', () => {
		expect(nodeSummary(node('core.code', { code: '\n  // greet\n  return items;' }), type('core.code'))).toBe('// greet');
		expect(nodeSummary(node('core.if', { condition: 'a\n and b' }), type('core.if'))).toBe('a and b');
	});
});
