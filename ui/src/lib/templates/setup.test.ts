import { describe, expect, it } from 'vitest';
import type { Credential, ImportedTemplate, NodeType } from '../api/types';
import type { CanvasNode } from '../editor/document';
import { inSetupMode, progress, recallSetup, rememberSetup, selectOnly, setupItems } from './setup';

/** A Storage over a Map, as sessionStorage behaves. */
class MemoryStorage implements Storage {
	private readonly values = new Map<string, string>();
	get length() {
		return this.values.size;
	}
	clear() {
		this.values.clear();
	}
	getItem(key: string) {
		return this.values.get(key) ?? null;
	}
	key(index: number) {
		return [...this.values.keys()][index] ?? null;
	}
	removeItem(key: string) {
		this.values.delete(key);
	}
	setItem(key: string, value: string) {
		this.values.set(key, value);
	}
}

function nodeType(credentialTypes: string[]): NodeType {
	return { type: 'x.y', version: 1, kind: 'action', label: 'X', inputs: [], outputs: [], configSchema: {}, credentialTypes } as NodeType;
}

function node(id: string, name: string, credentialTypes: string[], credential?: string, selected = false): CanvasNode {
	return {
		id, type: 'workflow', position: { x: 0, y: 0 }, selected,
		data: { node: { id, name, type: 'x.y', ...(credential ? { credential } : {}) }, nodeType: nodeType(credentialTypes), errors: [] }
	};
}

const imported: ImportedTemplate = {
	workflowId: 'wf-1', name: 'Missed call SMS', templateId: 'missed-call-sms', version: 1,
	credentialsNeeded: [{ nodeId: 'call-lead', nodeName: 'Call lead', credentialType: 'vapi.account', credentialTypes: ['vapi.account'], credentialTypeLabel: 'VAPI account' }],
	credentialsAssigned: [],
	credentialsOptional: [{ nodeId: 'read-account', nodeName: 'Read MT5 account', credentialType: 'mt5.investor-account', credentialTypes: ['mt5.investor-account'], reason: 'from the form' }],
	channelCredentialsNeeded: [{ channel: 'twilio.sms', credentialType: 'twilio.account', credentialTypeLabel: 'Twilio account' }]
};

const twilio: Credential = { id: 'c-1', name: 'Twilio', type: 'twilio.account', fields: {}, secretFields: [] };

describe('rememberSetup and recallSetup', () => {
	it('keeps the import answer per workflow', () => {
		const storage = new MemoryStorage();
		rememberSetup(imported, storage);
		expect(recallSetup('wf-1', storage)?.credentialsNeeded[0].nodeId).toBe('call-lead');
		expect(recallSetup('wf-2', storage)).toBeNull();
	});

	it('forgets what is not JSON of the right shape', () => {
		const storage = new MemoryStorage();
		storage.setItem('leadflow.template-setup.wf-1', '{not json');
		expect(recallSetup('wf-1', storage)).toBeNull();
		storage.setItem('leadflow.template-setup.wf-1', JSON.stringify({ workflowId: 'wf-9', credentialsNeeded: [] }));
		expect(recallSetup('wf-1', storage)).toBeNull();
	});
});

describe('inSetupMode', () => {
	it('is on only with setup=1', () => {
		expect(inSetupMode(new URL('http://x/workflows/1?setup=1'))).toBe(true);
		expect(inSetupMode(new URL('http://x/workflows/1'))).toBe(false);
		expect(inSetupMode(new URL('http://x/workflows/1?setup=0'))).toBe(false);
	});
});

describe('setupItems', () => {
	it('lists the nodes the import named and the channels, ticking what is set up', () => {
		const nodes = [node('new-lead', 'New lead', []), node('call-lead', 'Call lead', ['vapi.account']),
			node('other', 'Other', ['mailgun.api-key'])];
		const items = setupItems(nodes, [], { ...imported });
		expect(items.map((item) => item.key)).toEqual(['node:call-lead', 'channel:twilio.sms']);
		expect(items.map((item) => item.kind === 'node' ? item.credentialLabel : item.label)).toEqual(['VAPI account', 'Twilio account']);
		expect(items.every((item) => !item.done)).toBe(true);
		expect(progress(items)).toEqual({ done: 0, total: 2 });

		const withCredential = [nodes[0], node('call-lead', 'Call lead', ['vapi.account'], 'cred-vapi'), nodes[2]];
		const later = setupItems(withCredential, [twilio], imported);
		expect(later.map((item) => item.done)).toEqual([true, true]);
		expect(progress(later)).toEqual({ done: 2, total: 2 });
	});

	it('without a remembered answer, lists every node whose type takes a credential', () => {
		const nodes = [node('hook', 'Web form', []), node('welcome', 'Welcome email', ['mailgun.api-key'], 'c-9'),
			node('follow', 'Follow-up email', ['mailgun.api-key'])];
		const items = setupItems(nodes, [], null);
		expect(items.map((item) => [item.label, item.credentialType, item.done]))
			.toEqual([['Welcome email', 'mailgun.api-key', true], ['Follow-up email', 'mailgun.api-key', false]]);
	});

	it('drops a node the user deleted since', () => {
		expect(setupItems([node('new-lead', 'New lead', [])], [], imported).map((item) => item.kind)).toEqual(['channel']);
	});
});

describe('selectOnly', () => {
	it('selects the one node and keeps the others that did not change', () => {
		const a = node('a', 'A', [], undefined, true);
		const b = node('b', 'B', []);
		const c = node('c', 'C', []);
		const next = selectOnly([a, b, c], 'b');
		expect(next.map((item) => !!item.selected)).toEqual([false, true, false]);
		expect(next[2]).toBe(c);
	});
});
