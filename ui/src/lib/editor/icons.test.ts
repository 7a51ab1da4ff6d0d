import { describe, expect, it } from 'vitest';
import { iconClass, iconSvg, iconUrl, knownIcon } from './icons';

describe('iconSvg', () => {
	it('draws the outline icons by name and the channel brands in their colour', () => {
		expect(iconSvg('send')).toContain('stroke="currentColor"');
		expect(iconSvg('send')).toContain('<path d="M14.536');
		expect(iconSvg('whatsapp')).toContain('fill="#25D366"');
		expect(iconSvg('phone', 20)).toContain('width="20"');
	});

	it('falls back to a box for a name it does not bundle', () => {
		expect(knownIcon('send')).toBe(true);
		expect(knownIcon('rocket-launcher')).toBe(false);
		expect(iconSvg('rocket-launcher')).toBe(iconSvg(undefined));
		expect(iconSvg('rocket-launcher')).toContain('<svg');
	});
});

describe('iconUrl', () => {
	it('is a data URL of the same drawing, in a given colour', () => {
		const url = iconUrl('mail', '#4338ca');
		expect(url.startsWith('url("data:image/svg+xml,')).toBe(true);
		expect(decodeURIComponent(url)).toContain('stroke="#4338ca"');
		expect(decodeURIComponent(iconUrl('whatsapp'))).toContain('fill="#25D366"');
		// the quotes of the drawing are encoded: only the url's own remain
		expect(url.slice(5, -2)).not.toContain('"');
	});
});

describe('iconClass', () => {
	it('names one class per icon and colour', () => {
		expect(iconClass('mail', '#111111')).toBe(iconClass('mail', '#111111'));
		expect(iconClass('mail', '#222222')).not.toBe(iconClass('mail', '#111111'));
		expect(iconClass('send', '#111111')).toMatch(/^lf-icon-\d+$/);
	});
});
