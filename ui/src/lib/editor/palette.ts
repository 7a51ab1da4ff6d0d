import type { NodeType } from '../api/types';

/** The palette's sections, in the order a marketer builds a workflow. */
export const SECTIONS = [
	{ id: 'triggers', title: 'Triggers' },
	{ id: 'leads', title: 'Leads' },
	{ id: 'messaging', title: 'Messaging channels' },
	{ id: 'logic', title: 'Logic' },
	{ id: 'data', title: 'Data' },
	{ id: 'integrations', title: 'Integrations' }
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export interface PaletteSection {
	id: SectionId;
	title: string;
	items: NodeType[];
}

/** A descriptor's category, as plugins name it, to its section (lower case; a plugin may use any of these words). */
const BY_CATEGORY: Record<string, SectionId> = {
	leads: 'leads', lead: 'leads', crm: 'leads', contacts: 'leads',
	'messaging channels': 'messaging', messaging: 'messaging', channels: 'messaging', email: 'messaging', sms: 'messaging',
	voice: 'messaging', chat: 'messaging', whatsapp: 'messaging',
	logic: 'logic', flow: 'logic', 'flow control': 'logic',
	data: 'data', transform: 'data', transformation: 'data',
	integrations: 'integrations', integration: 'integrations'
};

/**
 * First-party nodes whose category ("Core", "Leads") says where they come from rather than what
 * they do: a message to the lead is a channel's business, whatever plugin sends it.
 */
const BY_TYPE: Record<string, SectionId> = {
	'core.send-message': 'messaging',
	'core.wait-for-reply': 'messaging',
	'core.if': 'logic',
	'core.switch': 'logic',
	'core.merge': 'logic',
	'core.loop': 'logic',
	'core.wait': 'logic',
	'core.execute-workflow': 'logic',
	'core.set': 'data',
	'core.split': 'data',
	'core.code': 'data',
	'core.http-request': 'integrations',
	'core.respond': 'integrations'
};

/** The section a node type is listed in: triggers together; then by its type, then its category; anything else is an integration. */
export function sectionOf(node: NodeType): SectionId {
	if (node.kind === 'trigger') {
		return 'triggers';
	}
	return BY_TYPE[node.type] ?? BY_CATEGORY[(node.category ?? '').trim().toLowerCase()] ?? 'integrations';
}

function haystack(node: NodeType): string {
	const section = SECTIONS.find((candidate) => candidate.id === sectionOf(node))?.title;
	return [node.label, node.type, node.category, node.description, section].filter(Boolean).join(' ').toLowerCase();
}

function matches(node: NodeType, words: string[]): boolean {
	const text = haystack(node);
	return words.every((word) => text.includes(word));
}

/** How well a node answers the query: its label starting with the query first, then a word of its label, then anything. */
function rank(node: NodeType, query: string): number {
	const label = node.label.toLowerCase();
	if (label.startsWith(query)) {
		return 0;
	}
	return label.split(/[\s(]+/).some((word) => word.startsWith(query)) ? 1 : 2;
}

export interface PaletteFilter {
	/** only the node types this holds for (e.g. those with an input, to connect after an output) */
	accept?: (node: NodeType) => boolean;
}

/**
 * The palette: node types matching every word of the query, in their sections (empty ones left
 * out). Without a query each section is sorted by label; with one, the best matches come first.
 */
export function groupPalette(nodes: NodeType[], query = '', filter: PaletteFilter = {}): PaletteSection[] {
	const wanted = query.trim().toLowerCase();
	const words = wanted.split(/\s+/).filter(Boolean);
	const bySection = new Map<SectionId, NodeType[]>();
	for (const node of nodes) {
		if ((filter.accept && !filter.accept(node)) || !matches(node, words)) {
			continue;
		}
		const section = sectionOf(node);
		bySection.set(section, [...(bySection.get(section) ?? []), node]);
	}
	return SECTIONS.filter((section) => bySection.has(section.id)).map((section) => ({
		id: section.id,
		title: section.title,
		items: bySection.get(section.id)!.sort((a, b) => (wanted ? rank(a, wanted) - rank(b, wanted) : 0) || a.label.localeCompare(b.label))
	}));
}

/** The items in the order the palette shows them: what the arrow keys walk through. */
export function paletteOrder(sections: PaletteSection[]): NodeType[] {
	return sections.flatMap((section) => section.items);
}

/** The drag-and-drop data type that carries a node type id from the palette to the canvas. */
export const PALETTE_DRAG_TYPE = 'application/x-leadflow-node-type';
