import { describe, expect, it } from 'vitest';
import { duration, leadName, sinceInstant, when } from './format';

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

describe('sinceInstant', () => {
	const now = new Date('2026-03-10T12:00:00Z');

	it('takes a window back from now', () => {
		expect(sinceInstant('1h', '', now)).toBe('2026-03-10T11:00:00.000Z');
		expect(sinceInstant('7d', '', now)).toBe('2026-03-03T12:00:00.000Z');
	});

	it('reads a custom local date and time as an instant', () => {
		expect(sinceInstant('custom', '2026-03-01T08:30', now)).toBe(new Date(2026, 2, 1, 8, 30).toISOString());
	});

	it('has no bound for any time, or for a custom window without a date', () => {
		expect(sinceInstant('', '', now)).toBeUndefined();
		expect(sinceInstant('custom', '', now)).toBeUndefined();
		expect(sinceInstant('custom', 'not a date', now)).toBeUndefined();
	});
});
