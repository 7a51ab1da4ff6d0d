import { describe, expect, it } from 'vitest';
import { fitText, surelyFits } from './textFit';

// a monospace font of 10px per character, the ellipsis included
const mono = (text: string) => text.length * 10;

describe('fitText', () => {
	it('keeps a text that fits', () => {
		expect(fitText('Set fields', 100, mono)).toBe('Set fields');
	});

	it('cuts a long text to the longest start that fits with an ellipsis', () => {
		const fitted = fitText('Send the welcome email', 100, mono);
		expect(fitted).toBe('Send the…');
		expect(mono(fitted)).toBeLessThanOrEqual(100);
	});

	it('does not leave a space before the ellipsis', () => {
		expect(fitText('abcd efgh', 60, mono)).toBe('abcd…');
	});

	it('follows the measure, not the number of characters', () => {
		const wide = (text: string) => [...text].reduce((sum, char) => sum + (char === 'W' ? 30 : 10), 0);
		expect(fitText('WWWWabc', 70, wide)).toBe('WW…');
		expect(fitText('abcWWWW', 70, wide)).toBe('abcW…');
	});

	it('gives at least the ellipsis when nothing fits', () => {
		expect(fitText('Webhook', 5, mono)).toBe('…');
	});
});

describe('surelyFits', () => {
	it('knows a short ASCII text fits: 1.1 em per character at most', () => {
		expect(surelyFits('Step 12', 110, 14)).toBe(true);
		expect(surelyFits('Step 123', 110, 14)).toBe(false);
	});

	it('measures anything else: wide scripts and emoji can be wider than an em', () => {
		expect(surelyFits('発送', 100, 14)).toBe(false);
		expect(surelyFits('Lead 🎉', 100, 14)).toBe(false);
	});
});
