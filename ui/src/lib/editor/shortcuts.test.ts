import { describe, expect, it } from 'vitest';
import { commandFor, isTextField, type KeyPress } from './shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
	key,
	ctrlKey: false,
	metaKey: false,
	shiftKey: false,
	altKey: false,
	inTextField: false,
	...extra
});

describe('commandFor', () => {
	it('maps the editing shortcuts on the canvas', () => {
		expect(commandFor(press('z', { ctrlKey: true }))).toBe('undo');
		expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
		expect(commandFor(press('y', { metaKey: true }))).toBe('redo');
		expect(commandFor(press('c', { ctrlKey: true }))).toBe('copy');
		expect(commandFor(press('v', { ctrlKey: true }))).toBe('paste');
		expect(commandFor(press('d', { ctrlKey: true }))).toBe('duplicate');
		expect(commandFor(press('L', { ctrlKey: true, shiftKey: true }))).toBe('layout');
		expect(commandFor(press('Delete'))).toBe('delete');
		expect(commandFor(press('Backspace'))).toBe('delete');
		expect(commandFor(press('Escape'))).toBe('escape');
		expect(commandFor(press('s', { ctrlKey: true }))).toBe('save');
		expect(commandFor(press('a'))).toBeNull();
	});

	it('leaves text fields their own undo, copy, paste and delete', () => {
		for (const key of ['z', 'c', 'v']) {
			expect(commandFor(press(key, { ctrlKey: true, inTextField: true }))).toBeNull();
		}
		expect(commandFor(press('Delete', { inTextField: true }))).toBeNull();
		expect(commandFor(press('s', { ctrlKey: true, inTextField: true }))).toBe('save');
		expect(commandFor(press('Escape', { inTextField: true }))).toBe('escape');
	});
});

describe('isTextField', () => {
	it('tells text inputs from other elements', () => {
		expect(isTextField({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
		expect(isTextField({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
		expect(isTextField({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
		expect(isTextField({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false);
		expect(isTextField(null)).toBe(false);
	});
});
