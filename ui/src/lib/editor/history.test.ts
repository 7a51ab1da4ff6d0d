import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
	it('undoes and redoes in order', () => {
		const history = new History<number>();
		history.record(1);
		history.record(2);
		expect(history.undo(3)).toBe(2);
		expect(history.undo(2)).toBe(1);
		expect(history.undo(1)).toBeUndefined();
		expect(history.redo(1)).toBe(2);
		expect(history.redo(2)).toBe(3);
		expect(history.redo(3)).toBeUndefined();
	});

	it('drops the redo branch on a new change', () => {
		const history = new History<string>();
		history.record('a');
		expect(history.undo('b')).toBe('a');
		expect(history.canRedo).toBe(true);
		history.record('a');
		expect(history.canRedo).toBe(false);
		expect(history.undo('c')).toBe('a');
	});

	it('keeps at most its limit of steps', () => {
		const history = new History<number>(2);
		history.record(1);
		history.record(2);
		history.record(3);
		expect(history.undo(4)).toBe(3);
		expect(history.undo(3)).toBe(2);
		expect(history.canUndo).toBe(false);
	});
});
