/** What a key press asks the editor to do. */
export type EditorCommand = 'save' | 'undo' | 'redo' | 'copy' | 'paste' | 'duplicate' | 'delete' | 'escape' | 'layout';

export interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
	/** whether the focus is in a text input, textarea, select or contenteditable */
	inTextField: boolean;
}

/**
 * The editor's shortcuts. Inside a text field only save and escape apply, so Ctrl+Z, Ctrl+C and
 * Delete keep their meaning for the text being typed.
 */
export function commandFor(press: KeyPress): EditorCommand | null {
	const mod = press.ctrlKey || press.metaKey;
	const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
	if (mod && key === 's') {
		return 'save';
	}
	if (key === 'Escape') {
		return 'escape';
	}
	if (press.inTextField) {
		return null;
	}
	if (mod && key === 'z') {
		return press.shiftKey ? 'redo' : 'undo';
	}
	if (mod && key === 'y') {
		return 'redo';
	}
	if (mod && key === 'c') {
		return 'copy';
	}
	if (mod && key === 'v') {
		return 'paste';
	}
	if (mod && key === 'd') {
		return 'duplicate';
	}
	if (mod && press.shiftKey && key === 'l') {
		return 'layout';
	}
	if (!mod && (key === 'Delete' || key === 'Backspace')) {
		return 'delete';
	}
	return null;
}

/** Whether an element takes typed text (then editing shortcuts leave it alone). */
export function isTextField(target: EventTarget | null): boolean {
	if (!target || typeof target !== 'object' || !('tagName' in target)) {
		return false;
	}
	const element = target as HTMLElement;
	const tag = element.tagName;
	if (tag === 'TEXTAREA' || tag === 'SELECT') {
		return true;
	}
	if (tag === 'INPUT') {
		const type = (element as HTMLInputElement).type;
		return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
	}
	return element.isContentEditable === true;
}
