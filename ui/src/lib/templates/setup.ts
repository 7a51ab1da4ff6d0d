import type { Credential, ImportedTemplate } from '../api/types';
import type { CanvasNode } from '../editor/document';

/** What the import answered that the editor's checklist needs, kept per workflow for this tab. */
export type RememberedSetup = Pick<ImportedTemplate, 'workflowId' | 'credentialsNeeded' | 'credentialsOptional' | 'channelCredentialsNeeded'>;

/** One line of the "Finish setting up" checklist. */
export type SetupItem =
	| { kind: 'node'; key: string; nodeId: string; label: string; credentialType: string; credentialLabel: string; done: boolean }
	| { kind: 'channel'; key: string; channel: string; label: string; credentialType: string; done: boolean };

const PREFIX = 'leadflow.template-setup.';

/** Keeps the import's answer in sessionStorage, so the editor's checklist lists exactly what the kernel said. */
export function rememberSetup(imported: ImportedTemplate, storage: Storage | undefined = globalThis.sessionStorage): void {
	const kept: RememberedSetup = {
		workflowId: imported.workflowId,
		credentialsNeeded: imported.credentialsNeeded,
		credentialsOptional: imported.credentialsOptional,
		channelCredentialsNeeded: imported.channelCredentialsNeeded
	};
	storage?.setItem(PREFIX + imported.workflowId, JSON.stringify(kept));
}

/** The remembered import answer of a workflow, or null (another tab, or storage cleared). */
export function recallSetup(workflowId: string, storage: Storage | undefined = globalThis.sessionStorage): RememberedSetup | null {
	const text = storage?.getItem(PREFIX + workflowId);
	if (!text) {
		return null;
	}
	try {
		const parsed = JSON.parse(text) as RememberedSetup;
		return parsed.workflowId === workflowId && Array.isArray(parsed.credentialsNeeded) ? parsed : null;
	} catch {
		return null;
	}
}

/** Whether the editor was opened to finish setting up an imported template. */
export function inSetupMode(url: URL): boolean {
	return url.searchParams.get('setup') === '1';
}

function hasCredential(node: CanvasNode): boolean {
	return typeof node.data.node.credential === 'string' && node.data.node.credential.length > 0;
}

/**
 * The checklist: each node that needs a credential (those the import named, else every node whose
 * type takes one, less those the template leaves optional), ticked once the node has one; then each
 * channel whose credential type had no credential, ticked once one of that type exists.
 */
export function setupItems(nodes: CanvasNode[], credentials: Credential[], remembered: RememberedSetup | null): SetupItem[] {
	const optional = new Set((remembered?.credentialsOptional ?? []).map((item) => item.nodeId));
	const named = remembered ? new Set(remembered.credentialsNeeded.map((item) => item.nodeId)) : null;
	const items: SetupItem[] = [];
	for (const node of nodes) {
		const types = node.data.nodeType?.credentialTypes ?? [];
		const needs = named ? named.has(node.id) : types.length > 0 && !optional.has(node.id);
		if (!needs) {
			continue;
		}
		const need = remembered?.credentialsNeeded.find((item) => item.nodeId === node.id);
		const credentialType = need?.credentialType ?? types[0] ?? '';
		items.push({
			kind: 'node', key: `node:${node.id}`, nodeId: node.id, label: node.data.node.name, credentialType,
			credentialLabel: need?.credentialTypeLabel || credentialType, done: hasCredential(node)
		});
	}
	for (const channel of remembered?.channelCredentialsNeeded ?? []) {
		items.push({
			kind: 'channel',
			key: `channel:${channel.channel}`,
			channel: channel.channel,
			label: channel.credentialTypeLabel || channel.credentialType,
			credentialType: channel.credentialType,
			done: credentials.some((credential) => credential.type === channel.credentialType)
		});
	}
	return items;
}

/** How many items are ticked, of how many. */
export function progress(items: SetupItem[]): { done: number; total: number } {
	return { done: items.filter((item) => item.done).length, total: items.length };
}

/** The nodes with only `nodeId` selected, so the config panel (and its credential picker) shows it. */
export function selectOnly(nodes: CanvasNode[], nodeId: string): CanvasNode[] {
	return nodes.map((node) => {
		const selected = node.id === nodeId;
		return !!node.selected === selected ? node : { ...node, selected };
	});
}
