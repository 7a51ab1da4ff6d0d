import type { Advisory, AdvisorySeverity, MarketplacePlugin, MarketplaceRelease } from '$lib/api/types';

/** What the marketplace page offers for one plugin. */
export type PluginAction =
	| { kind: 'install'; version: string }
	| { kind: 'update'; version: string }
	| { kind: 'current' }
	| { kind: 'unavailable'; reason: string };

/** How one release stands for this kernel. */
export type ReleaseState = 'installed' | 'yanked' | 'incompatible' | 'available';

export interface CategoryCount {
	category: string;
	count: number;
}

const SEVERITY_RANK: Record<string, number> = { low: 1, moderate: 2, medium: 2, high: 3, critical: 4 };

/** A severity's rank; one the editor does not know ranks below low. */
const rank = (severity: string) => SEVERITY_RANK[severity] ?? 0;

/**
 * The plugins matching a search and a category. Every word of the query must occur (case-insensitive)
 * in the plugin's name, id, description or author; an empty query or category matches everything.
 */
export function searchPlugins(plugins: MarketplacePlugin[], query: string, category: string | null = null): MarketplacePlugin[] {
	const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
	return plugins.filter((plugin) => {
		if (category && !plugin.categories.includes(category)) {
			return false;
		}
		const text = [plugin.name, plugin.id, plugin.description, plugin.author].join('\n').toLowerCase();
		return words.every((word) => text.includes(word));
	});
}

/** Every category of the index with how many plugins carry it, by name. */
export function categoryCounts(plugins: MarketplacePlugin[]): CategoryCount[] {
	const counts = new Map<string, number>();
	for (const plugin of plugins) {
		for (const category of new Set(plugin.categories)) {
			counts.set(category, (counts.get(category) ?? 0) + 1);
		}
	}
	return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => a.category.localeCompare(b.category));
}

/**
 * Orders semantic versions: numeric parts compared as numbers, a missing part as 0, and a
 * pre-release (`1.0.0-rc.1`) before its release; build metadata is ignored.
 */
export function compareVersions(a: string, b: string): number {
	const [coreA, preA] = splitVersion(a);
	const [coreB, preB] = splitVersion(b);
	for (let i = 0; i < Math.max(coreA.length, coreB.length); i++) {
		const difference = (coreA[i] ?? 0) - (coreB[i] ?? 0);
		if (difference !== 0) {
			return Math.sign(difference);
		}
	}
	if (preA === preB) {
		return 0;
	}
	if (preA === null) {
		return 1;
	}
	if (preB === null) {
		return -1;
	}
	return comparePreRelease(preA, preB);
}

function splitVersion(version: string): [number[], string | null] {
	const withoutBuild = version.trim().replace(/^v/i, '').split('+')[0];
	const dash = withoutBuild.indexOf('-');
	const core = dash < 0 ? withoutBuild : withoutBuild.slice(0, dash);
	const pre = dash < 0 ? null : withoutBuild.slice(dash + 1);
	return [core.split('.').map((part) => Number.parseInt(part, 10) || 0), pre];
}

function comparePreRelease(a: string, b: string): number {
	const partsA = a.split('.');
	const partsB = b.split('.');
	for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
		const x = partsA[i];
		const y = partsB[i];
		if (x === undefined || y === undefined) {
			return x === undefined ? -1 : 1;
		}
		const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
		const difference = numeric ? Number(x) - Number(y) : x.localeCompare(y);
		if (difference !== 0) {
			return Math.sign(difference);
		}
	}
	return 0;
}

/** The plugin's releases, newest first. */
export function releasesNewestFirst(plugin: MarketplacePlugin): MarketplaceRelease[] {
	return [...plugin.releases].sort((a, b) => compareVersions(b.version, a.version));
}

/** How a release stands: installed here, yanked, not for this kernel, or one that can be installed. */
export function releaseState(release: MarketplaceRelease, installedVersion: string | null): ReleaseState {
	if (installedVersion !== null && compareVersions(release.version, installedVersion) === 0) {
		return 'installed';
	}
	if (release.yanked) {
		return 'yanked';
	}
	return release.compatible ? 'available' : 'incompatible';
}

/**
 * The advisories that concern the installed version: those published against its release and not
 * fixed in it or before it. None when the plugin is not installed.
 */
export function advisoriesAffecting(plugin: MarketplacePlugin): Advisory[] {
	const installed = plugin.installedVersion;
	if (installed === null) {
		return [];
	}
	const release = plugin.releases.find((candidate) => compareVersions(candidate.version, installed) === 0);
	return (release?.advisories ?? []).filter((advisory) => !advisory.fixedIn || compareVersions(installed, advisory.fixedIn) < 0);
}

/** The worst severity among advisories, or null when there are none. */
export function highestSeverity(advisories: Advisory[]): AdvisorySeverity | null {
	let highest: AdvisorySeverity | null = null;
	for (const advisory of advisories) {
		if (highest === null || rank(advisory.severity) > rank(highest)) {
			highest = advisory.severity;
		}
	}
	return highest;
}

/** Advisories worst first. */
export function bySeverity(advisories: Advisory[]): Advisory[] {
	return [...advisories].sort((a, b) => rank(b.severity) - rank(a.severity));
}

/**
 * What the card's main button does: install the latest compatible release, update to it, nothing
 * (up to date), or nothing with the reason no release can be installed.
 */
export function pluginAction(plugin: MarketplacePlugin): PluginAction {
	const latest = plugin.latestCompatible;
	if (plugin.installedVersion === null) {
		return latest ? { kind: 'install', version: latest } : { kind: 'unavailable', reason: unavailableReason(plugin) };
	}
	if (plugin.updateAvailable && latest && compareVersions(latest, plugin.installedVersion) !== 0) {
		return { kind: 'update', version: latest };
	}
	return { kind: 'current' };
}

function unavailableReason(plugin: MarketplacePlugin): string {
	if (plugin.releases.length === 0) {
		return 'No releases published.';
	}
	const incompatible = releasesNewestFirst(plugin).find((release) => !release.yanked && !release.compatible);
	if (incompatible) {
		return `No release fits this kernel${incompatible.incompatibleReason ? `: ${incompatible.incompatibleReason}` : '.'}`;
	}
	return 'Every release has been yanked.';
}

/** The first 12 hex digits of a SHA-256, enough to compare by eye. */
export function shortSha(sha256: string): string {
	return sha256.slice(0, 12);
}

/** A byte count for people: 812 B, 9.8 KB, 14 KB, 3.1 MB. */
export function formatSize(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) {
		return '';
	}
	if (bytes < 1024) {
		return `${bytes} B`;
	}
	const units = ['KB', 'MB', 'GB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * The icon URL to show, or null for the initial-letter placeholder. The editor's Content-Security-Policy
 * allows images from its own origin and `data:` only, so another host's icon would be blocked (and
 * reported as a violation): only same-origin and `data:image/` URLs are used.
 */
export function iconSource(icon: string | null | undefined, origin: string): string | null {
	if (!icon) {
		return null;
	}
	if (icon.startsWith('data:image/')) {
		return icon;
	}
	try {
		const url = new URL(icon, origin);
		return url.origin === origin && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
	} catch {
		return null;
	}
}

/** A homepage link only when it is http(s): an index entry must not smuggle a `javascript:` URL into a link. */
export function safeHomepage(homepage: string | null | undefined): string | null {
	if (!homepage) {
		return null;
	}
	try {
		const url = new URL(homepage);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}
