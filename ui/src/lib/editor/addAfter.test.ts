import { describe, expect, it } from 'vitest';
import { pickerBox, placeAfter } from './addAfter';
import { NODE_HEADER, NODE_WIDTH } from './nodeGeometry';

const at = (x: number, y: number, height = NODE_HEADER + 2) => ({ position: { x, y }, measured: { width: NODE_WIDTH, height } });

describe('placeAfter', () => {
	it('puts the new node right of its source, on the row of the output', () => {
		const source = at(0, 100);
		expect(placeAfter(source, 0, [source])).toEqual({ x: NODE_WIDTH + 100, y: 100 });
		expect(placeAfter(source, 1, [source])).toEqual({ x: NODE_WIDTH + 100, y: 100 + NODE_HEADER + 60 });
	});

	it('moves it down past the nodes already there', () => {
		const source = at(0, 100);
		const there = at(NODE_WIDTH + 80, 90, 112);
		const place = placeAfter(source, 0, [source, there]);
		expect(place.x).toBe(NODE_WIDTH + 100);
		expect(place.y).toBeGreaterThanOrEqual(90 + 112 + 20);
	});
});

describe('pickerBox', () => {
	it('opens under the "+" when there is room, fitted to it', () => {
		expect(pickerBox({ x: 500, y: 300 }, { width: 700, height: 700 })).toEqual({ left: 372, top: 320, maxHeight: 372 });
	});

	it('opens over the "+" near the bottom, and stays inside the area', () => {
		const box = pickerBox({ x: 20, y: 650 }, { width: 700, height: 700 });
		expect(box.left).toBe(8);
		expect(box.top + box.maxHeight).toBeLessThanOrEqual(650);
		expect(box.top).toBeGreaterThanOrEqual(8);
	});
});
