/** The JSON shapes of the kernel's API that the editor reads (see the kernel's OpenAPI document). */

export interface Position {
	x: number;
	y: number;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion?: number;
	config?: Record<string, unknown>;
	position?: Position;
	[other: string]: unknown;
}

export interface Endpoint {
	node: string;
	port: string;
}

export interface WorkflowEdge {
	from: Endpoint;
	to: Endpoint;
}

export interface WorkflowDocument {
	name: string;
	description?: string;
	nodes: WorkflowNode[];
	edges: WorkflowEdge[];
	settings?: Record<string, unknown>;
}

export interface WorkflowSummary {
	id: string;
	name: string;
	latestVersion?: number;
	activeVersion?: number | null;
	updatedAt?: string;
	[other: string]: unknown;
}

export interface WorkflowPage {
	items: WorkflowSummary[];
	next?: string;
}

export interface WorkflowVersion {
	workflow: WorkflowSummary;
	version: number;
	document: WorkflowDocument;
	[other: string]: unknown;
}

export interface PortDescriptor {
	name: string;
	label: string;
	error: boolean;
}

/** A JSON Schema, as far as the config forms read it. */
export interface JsonSchema {
	type?: string | string[];
	title?: string;
	description?: string;
	default?: unknown;
	enum?: unknown[];
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	minimum?: number;
	maximum?: number;
	[keyword: string]: unknown;
}

export interface NodeType {
	type: string;
	version: number;
	kind: 'trigger' | 'action' | string;
	label: string;
	description?: string;
	category?: string;
	icon?: string;
	plugin?: { id: string; version: string };
	inputs: PortDescriptor[];
	outputs: PortDescriptor[];
	configSchema: JsonSchema;
}
