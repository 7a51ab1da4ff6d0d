import type { NodeType } from '../api/types';

export interface PaletteCategory {
	name: string;
	items: NodeType[];
}

export interface PaletteGroup {
	kind: string;
	title: string;
	categories: PaletteCategory[];
}

const KIND_TITLES: Record<string, string> = { trigger: 'Triggers', action: 'Actions' };
const KIND_ORDER = ['trigger', 'action'];

function matches(node: NodeType, query: string): boolean {
	if (!query) {
		return true;
	}
	const haystack = [node.label, node.type, node.category, node.description].filter(Boolean).join(' ').toLowerCase();
	return query
		.toLowerCase()
		.split(/\s+/)
		.filter(Boolean)
		.every((word) => haystack.includes(word));
}

/** The palette: node types matching the query, grouped by kind (triggers first), then category, sorted by label. */
export function groupPalette(nodes: NodeType[], query = ''): PaletteGroup[] {
	const byKind = new Map<string, Map<string, NodeType[]>>();
	for (const node of nodes.filter((candidate) => matches(candidate, query.trim()))) {
		const categories = byKind.get(node.kind) ?? new Map<string, NodeType[]>();
		const category = node.category || 'Other';
		categories.set(category, [...(categories.get(category) ?? []), node]);
		byKind.set(node.kind, categories);
	}
	const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
	return [...byKind.entries()]
		.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
		.map(([kind, categories]) => ({
			kind,
			title: KIND_TITLES[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1) + 's',
			categories: [...categories.entries()]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([name, items]) => ({ name, items: items.sort((a, b) => a.label.localeCompare(b.label)) }))
		}));
}

/** The drag-and-drop data type that carries a node type id from the palette to the canvas. */
export const PALETTE_DRAG_TYPE = 'application/x-leadflow-node-type';
