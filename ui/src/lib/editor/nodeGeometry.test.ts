import { describe, expect, it } from 'vitest';
import type { NodeType } from '../api/types';
import { handleBoxes, handleTop, initialSize, portRows } from './nodeGeometry';

const type = (inputs: string[], outputs: string[]): NodeType => ({
	type: 't', version: 1, kind: 'action', label: 'T', configSchema: {},
	inputs: inputs.map((name) => ({ name, label: name, error: false })),
	outputs: outputs.map((name) => ({ name, label: name, error: false }))
});

describe('node geometry', () => {
	it('keeps lone main ports on the header', () => {
		expect(portRows(type(['main'], ['main']))).toBe(0);
		expect(handleTop(0, 0)).toBe(30);
		expect(initialSize(type(['main'], ['main']))).toEqual({ width: 240, height: 62 });
	});

	it('gives named ports one row each', () => {
		expect(portRows(type(['main'], ['true', 'false']))).toBe(2);
		expect(handleTop(2, 1)).toBe(60 + 24 + 12);
		expect(initialSize(type(['main'], ['true', 'false'])).height).toBe(60 + 48 + 2);
		expect(portRows(undefined)).toBe(0);
	});

	it('places handles centred on the left (inputs) and right (outputs) edges', () => {
		expect(handleBoxes(type(['main'], ['true', 'false']))).toEqual([
			{ id: 'main', type: 'target', position: 'left', x: -5, y: 67, width: 10, height: 10 },
			{ id: 'true', type: 'source', position: 'right', x: 235, y: 67, width: 10, height: 10 },
			{ id: 'false', type: 'source', position: 'right', x: 235, y: 91, width: 10, height: 10 }
		]);
		expect(handleBoxes(undefined)).toEqual([]);
	});
});
