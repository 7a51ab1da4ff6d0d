import type { JsonSchema, NodeType, WorkflowNode } from '../api/types';

/** Reads a node's setting: its configured value, else its schema's default. */
type Read = (key: string) => unknown;

/** The longest summary kept (the card cuts it to its width anyway; this bounds the measuring). */
const MAX_LENGTH = 80;

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** A value on one line: texts as they are, lists joined, objects by their keys. */
function shown(value: unknown): string {
	if (typeof value === 'string') {
		return value.replace(/\s+/g, ' ').trim();
	}
	if (Array.isArray(value)) {
		return value.map(shown).join(', ');
	}
	if (value && typeof value === 'object') {
		return Object.keys(value).join(', ');
	}
	return String(value);
}

function plural(amount: unknown, unit: unknown): string {
	const count = Number(amount);
	const name = String(unit ?? '');
	return `${shown(amount)} ${count === 1 && name.endsWith('s') ? name.slice(0, -1) : name}`;
}

/**
 * What a first-party node's card says about its configuration, in the words a marketer would use.
 * Undefined (or empty) falls back to the generic summary.
 */
const BY_TYPE: Record<string, (read: Read) => string | undefined> = {
	'core.webhook': (read) => (present(read('path')) ? `${shown(read('method') ?? 'POST')} /hooks/${shown(read('path')).replace(/^\/+/, '')}` : undefined),
	'core.schedule': (read) => (present(read('cron')) ? `${shown(read('cron'))}${present(read('timezone')) ? ` (${shown(read('timezone'))})` : ''}` : undefined),
	'core.manual': () => 'when run by hand',
	'core.lead-created': () => 'when a lead is created',
	'core.lead-updated': (read) => (present(read('fields')) ? `when ${shown(read('fields'))} change` : 'when a lead changes'),
	'core.tag-added': (read) => (present(read('tags')) ? `tag ${shown(read('tags'))}` : 'any tag'),
	'core.message-received': (read) => (present(read('medium')) && read('medium') !== 'any' ? `by ${shown(read('medium'))}` : 'on any channel'),
	'core.if': (read) => (present(read('condition')) ? shown(read('condition')) : undefined),
	'core.switch': (read) => {
		const cases = ['case1', 'case2', 'case3', 'case4', 'case5'].filter((key) => present(read(key)));
		return cases.length ? `${shown(read(cases[0]))}${cases.length > 1 ? ` (+${cases.length - 1})` : ''}` : undefined;
	},
	'core.wait': (read) => (read('mode') === 'until'
		? (present(read('until')) ? `until ${shown(read('until'))}` : undefined)
		: present(read('amount')) ? plural(read('amount'), read('unit') ?? 'minutes') : undefined),
	'core.wait-for-reply': (read) => (present(read('amount')) ? `a reply, up to ${plural(read('amount'), read('unit') ?? 'days')}` : 'a reply'),
	'core.http-request': (read) => (present(read('url')) ? `${shown(read('method') ?? 'GET')} ${shown(read('url'))}` : undefined),
	'core.set': (read) => (present(read('mappings')) ? `set ${shown(read('mappings'))}` : undefined),
	'core.code': (read) => (present(read('code')) ? shown(String(read('code')).split('\n').find((line) => line.trim()) ?? '') : undefined),
	'core.split': (read) => (present(read('field')) ? `each of ${shown(read('field'))}` : undefined),
	'core.loop': (read) => (present(read('batchSize')) ? `in batches of ${shown(read('batchSize'))}` : undefined),
	'core.merge': (read) => (read('mode') === 'combineByField' && present(read('field')) ? `match on ${shown(read('field'))}` : present(read('mode')) ? shown(read('mode')) : undefined),
	'core.respond': (read) => (present(read('statusCode')) ? `answer ${shown(read('statusCode'))}` : undefined),
	'core.execute-workflow': (read) => (present(read('workflowId')) ? `workflow ${shown(read('workflowId'))}` : undefined),
	'core.upsert-lead': (read) => (present(read('fields')) ? `fields ${shown(read('fields'))}` : undefined),
	'core.find-lead': (read) => (present(read('value')) ? `by ${shown(read('by') ?? 'email')} = ${shown(read('value'))}` : undefined),
	'core.add-tag': (read) => (present(read('tags')) ? `add ${shown(read('tags'))}` : undefined),
	'core.remove-tag': (read) => (present(read('tags')) ? `remove ${shown(read('tags'))}` : undefined),
	'core.set-consent': (read) => (present(read('channel')) ? `${shown(read('channel'))}: ${shown(read('consent') ?? 'opted_in').replace('_', ' ')}` : undefined),
	'core.send-message': (read) => (present(read('text')) || present(read('subject'))
		? `${present(read('channel')) ? `${shown(read('channel'))}: ` : ''}${shown(present(read('subject')) ? read('subject') : read('text'))}`
		: present(read('channel')) ? `by ${shown(read('channel'))}` : undefined),
	'mailgun.send-email': (read) => (present(read('to')) ? `to ${shown(read('to'))}` : undefined),
	'whatsapp.send-template': (read) => (present(read('template')) ? `template ${shown(read('template'))}` : undefined),
	'mt5.read-account': (read) => (present(read('login')) ? `account ${shown(read('login'))}${present(read('server')) ? ` on ${shown(read('server'))}` : ''}` : undefined),
	'vapi.call-and-wait': (read) => (present(read('timeoutAmount')) ? `call, wait up to ${plural(read('timeoutAmount'), read('timeoutUnit') ?? 'minutes')}` : 'call the lead')
};

/**
 * Any other node (a third party's): its first required setting that has a value, else its first
 * setting changed from the default, as "Label: value". Secrets are never shown.
 */
function generic(schema: JsonSchema | undefined, read: Read, config: Record<string, unknown>): string | undefined {
	const properties = Object.entries(schema?.properties ?? {}).filter(([, property]) => property['x-leadflow-secret'] !== true);
	const required = new Set(schema?.required ?? []);
	const pick = properties.find(([key]) => required.has(key) && present(read(key)))
		?? properties.find(([key, property]) => present(config[key]) && JSON.stringify(config[key]) !== JSON.stringify(property.default));
	if (!pick) {
		return undefined;
	}
	const [key, property] = pick;
	return `${property.title ?? key}: ${shown(read(key))}`;
}

/** What the card of a node missing a required setting says. */
export const NOT_SET_UP = 'not set up yet';

/** A node without a summary: says it still needs setting up, else what its type does (never its name again). */
function unconfigured(node: WorkflowNode, nodeType: NodeType, read: Read): string {
	if ((nodeType.configSchema?.required ?? []).some((key) => !present(read(key)))) {
		return NOT_SET_UP;
	}
	if (nodeType.label !== node.name) {
		return nodeType.label;
	}
	return nodeType.description ? shown(nodeType.description) : nodeType.label;
}

/**
 * The one line a canvas card shows under a node's name about what it is set to do, e.g.
 * "POST /hooks/signup", "score > 50", "to {{lead.email}}"; "not set up yet" while a required setting is
 * missing; otherwise the type's label or description.
 */
export function nodeSummary(node: WorkflowNode, nodeType: NodeType | undefined): string {
	if (!nodeType) {
		return `${node.type} (not installed)`;
	}
	const config = node.config ?? {};
	const properties = nodeType.configSchema?.properties ?? {};
	const read: Read = (key) => (present(config[key]) ? config[key] : properties[key]?.default);
	let summary: string | undefined;
	try {
		summary = BY_TYPE[node.type]?.(read) || generic(nodeType.configSchema, read, config);
	} catch {
		// a config of an unexpected shape: the card says what the node is instead
		summary = undefined;
	}
	const line = summary || unconfigured(node, nodeType, read);
	return line.length > MAX_LENGTH ? line.slice(0, MAX_LENGTH) : line;
}
