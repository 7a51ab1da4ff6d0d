import type { ImportedTemplate, TemplateNodeType, WorkflowTemplate } from '../api/types';

/** One section of the gallery: a category and its templates, in the kernel's order. */
export interface GallerySection {
	category: string;
	templates: WorkflowTemplate[];
}

/** The templates by category; categories in the order their first template comes. */
export function sections(templates: WorkflowTemplate[]): GallerySection[] {
	const byCategory = new Map<string, WorkflowTemplate[]>();
	for (const template of templates) {
		const list = byCategory.get(template.category) ?? [];
		list.push(template);
		byCategory.set(template.category, list);
	}
	return [...byCategory].map(([category, list]) => ({ category, templates: list }));
}

/** The templates whose name, description, category or node labels contain every word of `query`. */
export function matching(templates: WorkflowTemplate[], query: string): WorkflowTemplate[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) {
		return templates;
	}
	return templates.filter((template) => {
		const text = [template.name, template.description, template.category, ...template.nodeTypes.map((type) => type.label)]
			.join(' ').toLowerCase();
		return words.every((word) => text.includes(word));
	});
}

/** The node types a card shows as icons: each icon once (two Mailgun nodes are one envelope). */
export function cardIcons(template: WorkflowTemplate): TemplateNodeType[] {
	const seen = new Set<string>();
	return template.nodeTypes.filter((type) => {
		const key = type.installed ? `icon:${type.icon ?? type.type}` : `plugin:${type.plugin}`;
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}

/** Why "Use template" is disabled, or null when the template can be imported. */
export function unavailableReason(template: WorkflowTemplate): string | null {
	if (template.available) {
		return null;
	}
	const plugins = template.missingPlugins;
	return `Needs the ${plugins.join(', ')} plugin${plugins.length === 1 ? '' : 's'}: install ${plugins.length === 1 ? 'it' : 'them'} from the Marketplace or Plugins page.`;
}

/** A short line of the credentials a template asks for, or null when it needs none. */
export function credentialsLine(template: WorkflowTemplate): string | null {
	return template.credentialTypes.length ? `Credentials: ${template.credentialTypes.join(', ')}` : null;
}

/** Where the editor opens an imported template: its workflow with the setup checklist. */
export function setupUrl(imported: Pick<ImportedTemplate, 'workflowId'>): string {
	return `/workflows/${encodeURIComponent(imported.workflowId)}?setup=1`;
}
