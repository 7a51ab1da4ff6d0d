import type { ExecutionDetail, NodeRun } from '$lib/api/types';

/** One item's JSON, as node runs carry them. */
export type ItemJson = Record<string, unknown>;

/** The draft's pinned data: for a node id, the items test runs use as its output instead of running it. */
export type PinData = Record<string, ItemJson[]>;

/** What the editor knows of a node's output: pinned, or what it produced in the latest test run. */
export interface KnownOutput {
	items: ItemJson[];
	source: 'pinned' | 'run';
}

/** A node's input for a test, and where it comes from (for the caption). */
export interface TestInput {
	items: ItemJson[];
	source: 'pinned' | 'run';
	/** the node whose output it is */
	fromNodeId: string;
}

interface EdgeLike {
	source: string;
	sourceHandle: string;
	target: string;
}

function isItems(value: unknown): value is ItemJson[] {
	return Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

/** The items a node run emitted on a port (default main). */
export function outputItems(run: NodeRun | undefined, port = 'main'): ItemJson[] | undefined {
	const output = run?.output;
	if (!output || typeof output !== 'object') {
		return undefined;
	}
	const items = (output as Record<string, unknown>)[port];
	return isItems(items) ? items : undefined;
}

/**
 * Keeps, per node, its latest run across test runs: testing one node alone must not forget what
 * the nodes before it produced in an earlier run (their output is the next test's input).
 */
export function mergeRuns(known: Record<string, NodeRun>, detail: ExecutionDetail): Record<string, NodeRun> {
	const next = { ...known };
	for (const run of detail.nodeRuns) {
		if (run.status === 'succeeded' || run.status === 'failed') {
			next[run.nodeId] = run;
		}
	}
	return next;
}

/** A node's output for tests: its pinned data first (what a test run replays), else its latest run's. */
export function knownOutput(nodeId: string, pinData: PinData, runs: Record<string, NodeRun>, port = 'main'): KnownOutput | undefined {
	if (pinData[nodeId] && port === 'main') {
		return { items: pinData[nodeId], source: 'pinned' };
	}
	const items = outputItems(runs[nodeId], port);
	return items ? { items, source: 'run' } : undefined;
}

/** The input a test of this node runs with: the known output of the node its first incoming edge comes from. */
export function testInput(nodeId: string, edges: EdgeLike[], pinData: PinData, runs: Record<string, NodeRun>): TestInput | undefined {
	for (const edge of edges.filter((candidate) => candidate.target === nodeId)) {
		const known = knownOutput(edge.source, pinData, runs, edge.sourceHandle);
		if (known) {
			return { ...known, fromNodeId: edge.source };
		}
	}
	return undefined;
}

/** The bindings a node's `{{ }}` expressions would see: `$json`, `$items` and `$node` by node name. */
export function previewBindings(
	nodeId: string,
	nodes: { id: string; name: string }[],
	edges: EdgeLike[],
	pinData: PinData,
	runs: Record<string, NodeRun>
): { json: ItemJson; items: ItemJson[]; node: Record<string, { json: ItemJson; items: ItemJson[] }> } {
	const input = testInput(nodeId, edges, pinData, runs)?.items ?? [];
	const byName: Record<string, { json: ItemJson; items: ItemJson[] }> = {};
	for (const node of nodes) {
		const known = knownOutput(node.id, pinData, runs);
		if (known && node.id !== nodeId) {
			byName[node.name] = { json: known.items[0] ?? {}, items: known.items };
		}
	}
	return { json: input[0] ?? {}, items: input, node: byName };
}

/** Pinned data from a past run: each node's main output in its latest successful run ("copy to editor"). */
export function pinDataFromExecution(detail: ExecutionDetail, nodeIds: Iterable<string>): PinData {
	const wanted = new Set(nodeIds);
	const pinned: PinData = {};
	for (const run of detail.nodeRuns) {
		const items = outputItems(run);
		if (run.status === 'succeeded' && items && wanted.has(run.nodeId)) {
			pinned[run.nodeId] = items;
		}
	}
	return pinned;
}

/** Drops pinned data of nodes that are gone (the kernel refuses it) and empty entries. */
export function prunePinData(pinData: PinData, nodeIds: Iterable<string>): PinData | undefined {
	const present = new Set(nodeIds);
	const kept = Object.entries(pinData).filter(([id, items]) => present.has(id) && items.length > 0);
	return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Reads what a user typed as items: one object, or an array of objects. */
export function parseItems(text: string): { ok: true; items: ItemJson[] } | { ok: false; error: string } {
	let value: unknown;
	try {
		value = JSON.parse(text.trim() === '' ? '[]' : text);
	} catch (error) {
		return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
	}
	const items = Array.isArray(value) ? value : [value];
	if (!isItems(items)) {
		return { ok: false, error: 'Items are JSON objects: give one object, or an array of objects.' };
	}
	if (items.length === 0) {
		return { ok: false, error: 'Give at least one item.' };
	}
	return { ok: true, items };
}

/** Whether a field's text holds something to preview: a `{{ }}` template, or any text of a JSONata field. */
export function previewable(text: string, jsonata: boolean): boolean {
	return jsonata ? text.trim() !== '' : text.includes('{{');
}

/** The text the kernel evaluates: a JSONata field is one whole expression. */
export function previewText(text: string, jsonata: boolean): string {
	return jsonata ? `{{ ${text} }}` : text;
}

/** A preview value as one line of text: strings as they are, everything else as compact JSON. */
export function showValue(value: unknown): string {
	if (value === undefined || value === null) {
		return '(empty)';
	}
	return typeof value === 'string' ? (value === '' ? '(empty text)' : value) : JSON.stringify(value);
}
