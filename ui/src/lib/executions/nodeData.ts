/**
 * A node run's input or output as the kernel stores it, `{ "<port>": [ {item}, ... ] }`, turned into
 * what the node-data view shows: its ports, and the items of one port as a table.
 */

/** Items by port name, in the kernel's port order. */
export type PortItems = Record<string, unknown[]>;

/** Whether `value` is port-shaped: an object whose every member is a list of items. */
export function asPorts(value: unknown): PortItems | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return null;
	}
	const entries = Object.entries(value as Record<string, unknown>);
	return entries.every(([, items]) => Array.isArray(items)) ? (value as PortItems) : null;
}

/** The port shown first: the first one that carries items (an If's taken branch), else the first. */
export function defaultPort(ports: PortItems): string | undefined {
	const names = Object.keys(ports);
	return names.find((name) => ports[name].length > 0) ?? names[0];
}

/** `chosen` while the data still has that port (another node's data may not), else the default. */
export function shownPort(ports: PortItems, chosen: string | undefined): string | undefined {
	return chosen !== undefined && chosen in ports ? chosen : defaultPort(ports);
}

export function itemCount(count: number): string {
	return count === 1 ? '1 item' : `${count} items`;
}

/** The kind of a cell's value, for its colour and alignment. */
export type CellKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'missing';

export interface Cell {
	kind: CellKind;
	/** what the cell shows: strings as they are, other values as compact JSON, cut to `MAX_CELL` */
	text: string;
	/** the whole value when `text` was cut (for a tooltip) */
	full?: string;
}

/** Longest text of a cell; the whole value stays in the JSON view and the tooltip. */
export const MAX_CELL = 160;

/** The column that holds items that are not objects (a bare string or number). */
export const VALUE_COLUMN = '(value)';

function kindOf(value: unknown): CellKind {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	const type = typeof value;
	return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

export function formatCell(value: unknown): Cell {
	const kind = kindOf(value);
	let text: string;
	switch (kind) {
		case 'missing':
			text = '';
			break;
		case 'string':
			text = value as string;
			break;
		case 'object':
		case 'array':
			// nested values compactly, one line: {"email":"ada@example.org"}
			text = JSON.stringify(value) ?? '';
			break;
		default:
			text = String(value);
	}
	if (text.length > MAX_CELL) {
		return { kind, text: `${text.slice(0, MAX_CELL - 1)}…`, full: text };
	}
	return { kind, text };
}

export interface ItemTable {
	/** every top-level key of the items, in the order they first appear */
	columns: string[];
	/** one row per item, one cell per column */
	rows: Cell[][];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	!!value && typeof value === 'object' && !Array.isArray(value);

export function toTable(items: unknown[]): ItemTable {
	const columns: string[] = [];
	const seen = new Set<string>();
	const add = (column: string) => {
		if (!seen.has(column)) {
			seen.add(column);
			columns.push(column);
		}
	};
	for (const item of items) {
		if (isRecord(item)) {
			Object.keys(item).forEach(add);
		} else {
			add(VALUE_COLUMN);
		}
	}
	const rows = items.map((item) =>
		columns.map((column) => formatCell(isRecord(item) ? item[column] : column === VALUE_COLUMN ? item : undefined))
	);
	return { columns, rows };
}

/** The tab a key press moves to in a row of `count` tabs (arrows wrap, Home/End), or null for other keys. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
	switch (key) {
		case 'ArrowRight':
			return (index + 1) % count;
		case 'ArrowLeft':
			return (index - 1 + count) % count;
		case 'Home':
			return 0;
		case 'End':
			return count - 1;
		default:
			return null;
	}
}
