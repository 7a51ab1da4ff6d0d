import { describe, expect, it } from 'vitest';
import { duration, leadName, when } from './format';

describe('format', () => {
	it('formats durations', () => {
		expect(duration('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.850Z')).toBe('850 ms');
		expect(duration('2026-01-01T00:00:00Z', '2026-01-01T00:00:04.200Z')).toBe('4.2 s');
		expect(duration('2026-01-01T00:00:00Z', '2026-01-01T00:03:05Z')).toBe('3 min 5 s');
		expect(duration('2026-01-01T00:00:00Z', null)).toBe('');
		expect(duration('2026-01-01T00:00:05Z', '2026-01-01T00:00:00Z')).toBe('');
	});

	it('keeps an unreadable instant as it is and shows nothing for none', () => {
		expect(when(undefined)).toBe('');
		expect(when('yesterday-ish')).toBe('yesterday-ish');
		expect(when('2026-01-01T00:00:00Z')).not.toBe('');
	});

	it('names a lead', () => {
		expect(leadName({ firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
		expect(leadName({ company: 'Analytical Engines' })).toBe('Analytical Engines');
		expect(leadName({ emails: ['ada@example.org'] })).toBe('ada@example.org');
		expect(leadName({})).toBe('(no name)');
	});
});
