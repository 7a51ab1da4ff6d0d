import type { MarketplacePlugin, MarketplaceRelease } from '$lib/api/types';
import { describe, expect, it } from 'vitest';
import {
	advisoriesAffecting,
	bySeverity,
	categoryCounts,
	compareVersions,
	formatSize,
	highestSeverity,
	iconSource,
	pluginAction,
	releaseState,
	releasesNewestFirst,
	safeHomepage,
	searchPlugins,
	shortSha
} from './catalog';

function release(version: string, extra: Partial<MarketplaceRelease> = {}): MarketplaceRelease {
	return { version, requires: '>=1.0.0', size: 1000, sha256: 'ab'.repeat(32), yanked: false, compatible: true, advisories: [], ...extra };
}

function plugin(id: string, extra: Partial<MarketplacePlugin> = {}): MarketplacePlugin {
	return {
		id,
		name: id,
		description: '',
		author: 'LeadFlow',
		homepage: null,
		icon: null,
		categories: [],
		installedVersion: null,
		latestCompatible: '1.0.0',
		updateAvailable: false,
		releases: [release('1.0.0')],
		...extra
	};
}

const catalog = [
	plugin('acme.crm', { name: 'Acme CRM', description: 'Sync leads with Acme', author: 'Acme Inc', categories: ['crm', 'sync'] }),
	plugin('hubspot', { name: 'HubSpot', description: 'Contacts and deals', author: 'Ada Lovelace', categories: ['crm'] }),
	plugin('telegram', { name: 'Telegram', description: 'Messages to leads', author: 'Grace', categories: ['messaging'] })
];

describe('searchPlugins', () => {
	it('matches the name, id, description and author, ignoring case', () => {
		expect(searchPlugins(catalog, 'hubSPOT').map((p) => p.id)).toEqual(['hubspot']);
		expect(searchPlugins(catalog, 'acme.crm').map((p) => p.id)).toEqual(['acme.crm']);
		expect(searchPlugins(catalog, 'deals').map((p) => p.id)).toEqual(['hubspot']);
		expect(searchPlugins(catalog, 'grace').map((p) => p.id)).toEqual(['telegram']);
	});

	it('needs every word, in any field', () => {
		expect(searchPlugins(catalog, 'leads acme').map((p) => p.id)).toEqual(['acme.crm']);
		expect(searchPlugins(catalog, 'leads').map((p) => p.id)).toEqual(['acme.crm', 'telegram']);
		expect(searchPlugins(catalog, 'leads nobody')).toEqual([]);
	});

	it('keeps everything for an empty query and filters by category', () => {
		expect(searchPlugins(catalog, '   ')).toHaveLength(3);
		expect(searchPlugins(catalog, '', 'crm').map((p) => p.id)).toEqual(['acme.crm', 'hubspot']);
		expect(searchPlugins(catalog, 'ada', 'crm').map((p) => p.id)).toEqual(['hubspot']);
		expect(searchPlugins(catalog, '', 'voice')).toEqual([]);
	});
});

describe('categoryCounts', () => {
	it('counts each category once per plugin, by name', () => {
		const withDuplicate = [...catalog, plugin('x', { categories: ['sync', 'sync'] })];
		expect(categoryCounts(withDuplicate)).toEqual([
			{ category: 'crm', count: 2 },
			{ category: 'messaging', count: 1 },
			{ category: 'sync', count: 2 }
		]);
	});
});

describe('compareVersions', () => {
	it('compares numerically, a pre-release before its release', () => {
		expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
		expect(compareVersions('1.2', '1.2.0')).toBe(0);
		expect(compareVersions('v2.0.0', '2.0.0')).toBe(0);
		expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
		expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
		expect(compareVersions('1.0.0-beta', '1.0.0-alpha')).toBe(1);
		expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
	});

	it('sorts releases newest first', () => {
		const sorted = releasesNewestFirst(plugin('p', { releases: [release('1.2.0'), release('1.10.0'), release('1.9.0')] }));
		expect(sorted.map((r) => r.version)).toEqual(['1.10.0', '1.9.0', '1.2.0']);
	});
});

describe('releaseState', () => {
	it('says installed, yanked, incompatible or available', () => {
		expect(releaseState(release('1.0.0', { yanked: true }), '1.0.0')).toBe('installed');
		expect(releaseState(release('1.1.0', { yanked: true, compatible: false }), '1.0.0')).toBe('yanked');
		expect(releaseState(release('2.0.0', { compatible: false }), '1.0.0')).toBe('incompatible');
		expect(releaseState(release('1.1.0'), null)).toBe('available');
	});
});

describe('advisories', () => {
	const advised = plugin('p', {
		installedVersion: '1.1.0',
		releases: [
			release('1.1.0', {
				advisories: [
					{ id: 'LF-1', severity: 'medium', summary: 'leaks a header', fixedIn: '1.2.0' },
					{ id: 'LF-2', severity: 'high', summary: 'SSRF' },
					{ id: 'LF-3', severity: 'critical', summary: 'fixed long ago', fixedIn: '1.0.5' }
				]
			}),
			release('1.0.0', { advisories: [{ id: 'LF-0', severity: 'critical', summary: 'old release' }] })
		]
	});

	it('are those of the installed release not fixed by it', () => {
		expect(advisoriesAffecting(advised).map((a) => a.id)).toEqual(['LF-1', 'LF-2']);
		expect(highestSeverity(advisoriesAffecting(advised))).toBe('high');
	});

	it('concern nobody when the plugin is not installed', () => {
		expect(advisoriesAffecting({ ...advised, installedVersion: null })).toEqual([]);
		expect(highestSeverity([])).toBeNull();
	});

	it('sort worst first', () => {
		expect(bySeverity(advised.releases[0].advisories).map((a) => a.severity)).toEqual(['critical', 'high', 'medium']);
	});

	it('rank moderate (the index format\'s word) with medium, and an unknown severity below low', () => {
		const advisories = [
			{ id: 'a', severity: 'low' as const, summary: '' },
			{ id: 'b', severity: 'moderate' as const, summary: '' },
			{ id: 'c', severity: 'severe' as never, summary: '' }
		];
		expect(highestSeverity(advisories)).toBe('moderate');
		expect(bySeverity(advisories).map((a) => a.id)).toEqual(['b', 'a', 'c']);
		expect(highestSeverity([advisories[2]])).toBe('severe');
	});
});

describe('pluginAction', () => {
	it('installs the latest compatible release of a plugin not installed', () => {
		expect(pluginAction(plugin('p', { latestCompatible: '1.3.0' }))).toEqual({ kind: 'install', version: '1.3.0' });
	});

	it('updates an installed plugin when an update is available', () => {
		expect(pluginAction(plugin('p', { installedVersion: '1.0.0', latestCompatible: '1.3.0', updateAvailable: true })))
			.toEqual({ kind: 'update', version: '1.3.0' });
		expect(pluginAction(plugin('p', { installedVersion: '1.3.0', latestCompatible: '1.3.0', updateAvailable: false })))
			.toEqual({ kind: 'current' });
	});

	it('explains why nothing can be installed', () => {
		const incompatible = plugin('p', {
			latestCompatible: null,
			releases: [release('2.0.0', { compatible: false, incompatibleReason: 'needs LeadFlow >=2.0' }), release('1.0.0', { yanked: true })]
		});
		expect(pluginAction(incompatible)).toEqual({ kind: 'unavailable', reason: 'No release fits this kernel: needs LeadFlow >=2.0' });
		expect(pluginAction(plugin('p', { latestCompatible: null, releases: [release('1.0.0', { yanked: true })] })))
			.toEqual({ kind: 'unavailable', reason: 'Every release has been yanked.' });
		expect(pluginAction(plugin('p', { latestCompatible: null, releases: [] }))).toEqual({ kind: 'unavailable', reason: 'No releases published.' });
	});
});

describe('formatting', () => {
	it('shortens a SHA-256 and sizes bytes', () => {
		expect(shortSha('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
		expect(formatSize(812)).toBe('812 B');
		expect(formatSize(14540)).toBe('14 KB');
		expect(formatSize(3 * 1024 * 1024 + 200000)).toBe('3.2 MB');
		expect(formatSize(-1)).toBe('');
	});
});

describe('iconSource', () => {
	const origin = 'http://localhost:8080';

	it('keeps same-origin and data: images, which the Content-Security-Policy allows', () => {
		expect(iconSource('/icons/acme.svg', origin)).toBe('http://localhost:8080/icons/acme.svg');
		expect(iconSource('http://localhost:8080/a.png', origin)).toBe('http://localhost:8080/a.png');
		expect(iconSource('data:image/png;base64,AAAA', origin)).toBe('data:image/png;base64,AAAA');
	});

	it('drops other hosts, other schemes and nothing', () => {
		expect(iconSource('https://cdn.example.org/a.png', origin)).toBeNull();
		expect(iconSource('javascript:alert(1)', origin)).toBeNull();
		expect(iconSource('data:text/html,<b>', origin)).toBeNull();
		expect(iconSource(null, origin)).toBeNull();
	});
});

describe('safeHomepage', () => {
	it('links only http(s) pages', () => {
		expect(safeHomepage('https://acme.example/crm')).toBe('https://acme.example/crm');
		expect(safeHomepage('javascript:alert(1)')).toBeNull();
		expect(safeHomepage('not a url')).toBeNull();
		expect(safeHomepage(undefined)).toBeNull();
	});
});
