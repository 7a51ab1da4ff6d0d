import type { NodeRun } from '../api/types';
import { latestRun } from './liveRun';

interface NamedNode {
	id: string;
	name: string;
}

interface Link {
	source: string;
	target: string;
}

/** The first item a run put on its main port (or got there, for an input). */
function firstItem(ports: unknown): Record<string, unknown> | undefined {
	const main = (ports as Record<string, unknown> | null | undefined)?.main;
	const item = Array.isArray(main) ? main[0] : undefined;
	return item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
}

/** `prefix.key` for each key, and one level deeper for object values. */
function pathsOf(prefix: string, item: Record<string, unknown> | undefined): string[] {
	if (!item) {
		return [];
	}
	const field = (key: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${prefix}.${key}` : `${prefix}.\`${key}\``);
	return Object.entries(item).flatMap(([key, value]) => {
		const path = field(key);
		const nested = value !== null && typeof value === 'object' && !Array.isArray(value)
			? Object.keys(value as Record<string, unknown>).slice(0, 20).map((inner) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(inner) ? `${path}.${inner}` : `${path}.\`${inner}\``))
			: [];
		return [path, ...nested];
	});
}

/**
 * The paths a node's expressions can use: `$json` (its first input item), `$node.`Name`` of every
 * node upstream of it (nearest first), and `$execution`. With a run at hand, the fields those
 * items really had are listed too.
 */
export function expressionPaths(nodeId: string, nodes: NamedNode[], links: Link[], runs: NodeRun[] = []): string[] {
	const names = new Map(nodes.map((node) => [node.id, node.name]));
	const ancestors: string[] = [];
	const seen = new Set([nodeId]);
	let frontier = [nodeId];
	while (frontier.length) {
		const parents = links.filter((link) => frontier.includes(link.target)).map((link) => link.source).filter((id) => !seen.has(id));
		parents.forEach((id) => seen.add(id));
		ancestors.push(...new Set(parents));
		frontier = [...new Set(parents)];
	}
	const own = latestRun(runs, nodeId);
	const directParent = links.find((link) => link.target === nodeId)?.source;
	const input = firstItem(own?.input) ?? firstItem(directParent ? latestRun(runs, directParent)?.output : undefined);
	const paths = ['$json', ...pathsOf('$json', input)];
	for (const id of ancestors) {
		const node = `$node.\`${names.get(id) ?? id}\``;
		paths.push(node, ...pathsOf(node, firstItem(latestRun(runs, id)?.output)));
	}
	paths.push('$execution.id');
	return [...new Set(paths)];
}

/** The field's text with `path` added: bare in a JSONata field, as `{{ path }}` in a template. */
export function insertPath(text: string, path: string, jsonata: boolean): string {
	if (jsonata) {
		return text.trim() === '' ? path : `${text.replace(/\s+$/, '')} ${path}`;
	}
	return `${text}{{ ${path} }}`;
}
