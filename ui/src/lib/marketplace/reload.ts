/**
 * Wraps a read so that bursts of calls (live events arriving together) cost at most one read in
 * flight and one queued after it. A call made while a read is in flight resolves when the queued
 * read is done, so a caller always awaits data read after it asked.
 */
export function coalesced(read: () => Promise<void>): () => Promise<void> {
	let reading: Promise<void> | null = null;
	let queued: Promise<void> | null = null;
	const run = (): Promise<void> => {
		if (!reading) {
			reading = read().finally(() => {
				reading = null;
			});
			return reading;
		}
		const after = () => {
			queued = null;
			return run();
		};
		queued ??= reading.then(after, after);
		return queued;
	};
	return run;
}
