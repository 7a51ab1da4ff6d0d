/**
 * Undo/redo over immutable snapshots: `record` the state before each change, `undo` hands back the
 * previous one and keeps the current for `redo`. A new change after an undo drops the redo branch.
 */
export class History<T> {
	private past: T[] = [];
	private future: T[] = [];

	constructor(private readonly limit = 100) {}

	/** Remembers `before`, the state as it was before a change about to be made. */
	record(before: T): void {
		this.past.push(before);
		if (this.past.length > this.limit) {
			this.past.shift();
		}
		this.future = [];
	}

	/** The state to go back to, given the current one; undefined when there is nothing to undo. */
	undo(current: T): T | undefined {
		const previous = this.past.pop();
		if (previous !== undefined) {
			this.future.push(current);
		}
		return previous;
	}

	redo(current: T): T | undefined {
		const next = this.future.pop();
		if (next !== undefined) {
			this.past.push(current);
		}
		return next;
	}

	get canUndo(): boolean {
		return this.past.length > 0;
	}

	get canRedo(): boolean {
		return this.future.length > 0;
	}

	clear(): void {
		this.past = [];
		this.future = [];
	}
}
