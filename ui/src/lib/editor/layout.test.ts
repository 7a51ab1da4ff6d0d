import { describe, expect, it } from 'vitest';
import { autoLayout } from './layout';

const box = (id: string) => ({ id, width: 208, height: 60 });

describe('autoLayout', () => {
	it('puts each node right of the nodes feeding it, without overlaps', () => {
		const positions = autoLayout(
			[box('hook'), box('set'), box('if'), box('yes'), box('no')],
			[
				{ source: 'hook', target: 'set' },
				{ source: 'set', target: 'if' },
				{ source: 'if', target: 'yes' },
				{ source: 'if', target: 'no' }
			]
		);
		const x = (id: string) => positions.get(id)!.x;
		expect(x('hook')).toBeLessThan(x('set'));
		expect(x('set')).toBeLessThan(x('if'));
		expect(x('if')).toBeLessThan(x('yes'));
		expect(x('yes')).toBe(x('no'));
		expect(Math.abs(positions.get('yes')!.y - positions.get('no')!.y)).toBeGreaterThanOrEqual(60);
		expect(x('set') - x('hook')).toBeGreaterThanOrEqual(208);
	});

	it('lays out unconnected nodes and ignores edges to unknown nodes', () => {
		const positions = autoLayout([box('a'), box('b')], [{ source: 'a', target: 'gone' }]);
		expect(positions.size).toBe(2);
		const a = positions.get('a')!;
		const b = positions.get('b')!;
		expect(a.x === b.x ? Math.abs(a.y - b.y) >= 60 : true).toBe(true);
	});

	it('keeps two edges between the same nodes (true and false to one target)', () => {
		const positions = autoLayout([box('if'), box('next')], [
			{ source: 'if', target: 'next' },
			{ source: 'if', target: 'next' }
		]);
		expect(positions.get('if')!.x).toBeLessThan(positions.get('next')!.x);
	});
});
