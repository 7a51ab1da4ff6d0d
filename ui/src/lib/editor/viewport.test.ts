import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, boundsOf, openingViewport } from './viewport';

const node = (x: number, y: number) => ({ x, y, width: 208, height: 54 });

describe('openingViewport', () => {
	it('fits a small workflow to the pane, never above zoom 1', () => {
		const viewport = openingViewport([node(0, 0), node(300, 0)], { width: 1200, height: 800 });
		expect(viewport.zoom).toBe(1);
		// centred: the workflow's middle (254, 27) sits at the pane's middle
		expect(viewport.x + 254 * viewport.zoom).toBeCloseTo(600);
		expect(viewport.y + 27 * viewport.zoom).toBeCloseTo(400);
	});

	it('fits a workflow that stays readable when shrunk', () => {
		const viewport = openingViewport([node(0, 0), node(800, 300)], { width: 1000, height: 700 });
		expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
		expect(viewport.zoom).toBeLessThan(1);
	});

	it('opens a large workflow readable at its top-left corner, centred on the axis it fits', () => {
		const boxes = Array.from({ length: 200 }, (_, index) => node((index % 20) * 260, Math.floor(index / 20) * 120));
		const pane = { width: 1360, height: 1100 };
		const viewport = openingViewport(boxes, pane);
		expect(viewport.zoom).toBe(READABLE_ZOOM);
		// the first column starts near the left edge
		expect(viewport.x).toBeGreaterThan(0);
		expect(viewport.x).toBeLessThan(100);
		// ten rows (1134 high) fit at the readable zoom: centred vertically
		const bounds = boundsOf(boxes);
		expect(viewport.y + (bounds.y + bounds.height / 2) * viewport.zoom).toBeCloseTo(pane.height / 2);
	});

	it('opens an empty workflow at zoom 1, so drops land where they are dropped', () => {
		expect(openingViewport([], { width: 1000, height: 700 })).toEqual({ x: 0, y: 0, zoom: 1 });
	});
});
