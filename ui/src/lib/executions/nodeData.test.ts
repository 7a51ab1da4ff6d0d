import { describe, expect, it } from 'vitest';
import { MAX_CELL, VALUE_COLUMN, asPorts, defaultPort, formatCell, itemCount, shownPort, tabAfterKey, toTable } from './nodeData';

describe('asPorts', () => {
	it('accepts items by port and refuses anything else', () => {
		expect(asPorts({ true: [{ a: 1 }], false: [] })).toEqual({ true: [{ a: 1 }], false: [] });
		expect(asPorts({})).toEqual({});
		expect(asPorts(null)).toBeNull();
		expect(asPorts(undefined)).toBeNull();
		expect(asPorts([{ a: 1 }])).toBeNull();
		expect(asPorts({ main: [], note: 'x' })).toBeNull();
		expect(asPorts('text')).toBeNull();
	});
});

describe('port selection', () => {
	it('shows the first port with items, else the first port', () => {
		expect(defaultPort({ true: [], false: [{ a: 1 }] })).toBe('false');
		expect(defaultPort({ main: [], error: [] })).toBe('main');
		expect(defaultPort({})).toBeUndefined();
	});

	it('keeps the chosen port while the data has it', () => {
		const ports = { true: [{ a: 1 }], false: [{ a: 2 }] };
		expect(shownPort(ports, 'false')).toBe('false');
		expect(shownPort(ports, 'main')).toBe('true');
		expect(shownPort(ports, undefined)).toBe('true');
	});

	it('counts items in words', () => {
		expect(itemCount(0)).toBe('0 items');
		expect(itemCount(1)).toBe('1 item');
		expect(itemCount(12)).toBe('12 items');
	});
});

describe('formatCell', () => {
	it('shows strings as they are and other values as compact JSON', () => {
		expect(formatCell('ada@example.org')).toEqual({ kind: 'string', text: 'ada@example.org' });
		expect(formatCell(42)).toEqual({ kind: 'number', text: '42' });
		expect(formatCell(false)).toEqual({ kind: 'boolean', text: 'false' });
		expect(formatCell(null)).toEqual({ kind: 'null', text: 'null' });
		expect(formatCell(undefined)).toEqual({ kind: 'missing', text: '' });
		expect(formatCell({ email: 'a@b.c', tags: ['x'] })).toEqual({ kind: 'object', text: '{"email":"a@b.c","tags":["x"]}' });
		expect(formatCell([1, 2])).toEqual({ kind: 'array', text: '[1,2]' });
	});

	it('cuts long values and keeps the whole one for the tooltip', () => {
		const long = 'x'.repeat(MAX_CELL + 10);
		const cell = formatCell(long);
		expect(cell.text).toHaveLength(MAX_CELL);
		expect(cell.text.endsWith('…')).toBe(true);
		expect(cell.full).toBe(long);
		expect(formatCell('x'.repeat(MAX_CELL)).full).toBeUndefined();
	});
});

describe('toTable', () => {
	it('has a column per top-level key in first-seen order and a row per item', () => {
		const table = toTable([{ email: 'a@x.org', score: 7 }, { email: 'b@x.org', body: { ok: true } }]);
		expect(table.columns).toEqual(['email', 'score', 'body']);
		expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
			['a@x.org', '7', ''],
			['b@x.org', '', '{"ok":true}']
		]);
		expect(table.rows[1][1].kind).toBe('missing');
	});

	it('puts items that are not objects in a value column', () => {
		const table = toTable([{ a: 1 }, 'plain', 3]);
		expect(table.columns).toEqual(['a', VALUE_COLUMN]);
		expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([['1', ''], ['', 'plain'], ['', '3']]);
	});

	it('is empty without items', () => {
		expect(toTable([])).toEqual({ columns: [], rows: [] });
	});
});

describe('tabAfterKey', () => {
	it('moves with the arrows (wrapping), Home and End', () => {
		expect(tabAfterKey('ArrowRight', 0, 3)).toBe(1);
		expect(tabAfterKey('ArrowRight', 2, 3)).toBe(0);
		expect(tabAfterKey('ArrowLeft', 0, 3)).toBe(2);
		expect(tabAfterKey('Home', 2, 3)).toBe(0);
		expect(tabAfterKey('End', 0, 3)).toBe(2);
		expect(tabAfterKey('a', 0, 3)).toBeNull();
	});
});
