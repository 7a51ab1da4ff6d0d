import {
	Box, ChartCandlestick, Clock, Code, Globe, GitBranch, GitMerge, Hand, Hourglass, Mail, MessageCircle, MessageSquareDot,
	Pencil, Phone, Play, Repeat, Reply, Search, Send, ShieldCheck, Shuffle, Split, Tag, UserCheck, UserPlus, Webhook, Workflow,
	type IconNode
} from 'lucide';
import { siInstagram, siMessenger, siWhatsapp } from 'simple-icons';

/**
 * The icons node descriptors name (`icon("send")`): Lucide's outline icons by their kebab-case
 * names, and the brands of the channels from Simple Icons. Only these are bundled; another name
 * gets a plain box, so a plugin's unknown icon never breaks the palette.
 */
const OUTLINE: Record<string, IconNode> = {
	'candlestick-chart': ChartCandlestick, clock: Clock, code: Code, edit: Pencil, globe: Globe, 'git-branch': GitBranch, 'git-merge': GitMerge, hand: Hand,
	hourglass: Hourglass, mail: Mail, 'message-circle': MessageCircle, 'message-square-dot': MessageSquareDot,
	phone: Phone, play: Play, repeat: Repeat, reply: Reply, search: Search, send: Send, 'shield-check': ShieldCheck,
	shuffle: Shuffle, split: Split, tag: Tag, 'user-check': UserCheck, 'user-plus': UserPlus, webhook: Webhook,
	workflow: Workflow
};
const BRANDS: Record<string, { path: string; hex: string }> = {
	whatsapp: siWhatsapp, messenger: siMessenger, instagram: siInstagram
};

const cache = new Map<string, string>();

function escape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function outline(node: IconNode, size: number): string {
	const parts = node.map(([tag, attributes]) => `<${tag} ${Object.entries(attributes)
		.map(([key, value]) => `${key}="${escape(String(value))}"`).join(' ')}/>`).join('');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" `
		+ `stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${parts}</svg>`;
}

/** The SVG markup of an icon name at `size` px; a box for a name not bundled. Cached: a node list renders it often. */
export function iconSvg(name: string | undefined, size = 16): string {
	const key = `${name ?? ''}@${size}`;
	const known = cache.get(key);
	if (known) {
		return known;
	}
	const brand = name ? BRANDS[name] : undefined;
	const svg = brand
		? `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="#${brand.hex}" `
			+ `aria-hidden="true"><path d="${escape(brand.path)}"/></svg>`
		: outline((name && OUTLINE[name]) || Box, size);
	cache.set(key, svg);
	return svg;
}

/** Whether a name is one of the bundled icons. */
export function knownIcon(name: string | undefined): boolean {
	return !!name && (name in OUTLINE || name in BRANDS);
}

const urls = new Map<string, string>();

/**
 * The icon as a CSS `url(...)` of an SVG data URL, for a canvas node: one element with a
 * background image instead of an SVG tree per node (a 200-node workflow mounts 200 of them). The
 * outline icons are drawn in `color`, since an image cannot take the page's `currentColor`.
 */
export function iconUrl(name: string | undefined, color = '#334155'): string {
	const key = `${name ?? ''}@${color}`;
	let url = urls.get(key);
	if (!url) {
		const svg = iconSvg(name, 24).replace('stroke="currentColor"', `stroke="${color}"`);
		url = `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
		urls.set(key, url);
	}
	return url;
}

const classes = new Map<string, string>();
let sheet: CSSStyleSheet | undefined;

/**
 * A class whose background is the icon in `color` (see {@link iconUrl}): one stylesheet rule per
 * icon and colour, added on first use. Nodes of one type then share a rule instead of each parsing
 * its own inline style, and the browser's style caches can share their computed styles.
 */
export function iconClass(name: string | undefined, color = '#334155'): string {
	const key = `${name ?? ''}@${color}`;
	let found = classes.get(key);
	if (!found) {
		found = `lf-icon-${classes.size}`;
		classes.set(key, found);
		if (typeof document !== 'undefined' && typeof CSSStyleSheet !== 'undefined') {
			if (!sheet) {
				sheet = new CSSStyleSheet();
				document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
			}
			sheet.insertRule(`.${found} { background-image: ${iconUrl(name, color)}; }`, sheet.cssRules.length);
		}
	}
	return found;
}
