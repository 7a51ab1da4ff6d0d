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
	/** test data kept with the draft: per node id, the items test runs use as its output */
	pinData?: Record<string, Record<string, unknown>[]>;
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
	credentialTypes?: string[];
	/** False when this kernel cannot run the node (e.g. no code sandbox); the reason says why. */
	available?: boolean;
	unavailableReason?: string;
}

export interface VersionSummary {
	version: number;
	savedAt: string;
	active: boolean;
}

/** One node's run in an execution: what it got, what it gave, how it ended. */
export interface NodeRun {
	nodeId: string;
	status: string;
	attempt: number;
	startedAt?: string;
	finishedAt?: string;
	input?: unknown;
	output?: unknown;
	error?: string;
	/** a test run replayed the node's pinned data instead of running it */
	pinned?: boolean;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	workflowVersion: number;
	status: string;
	mode: string;
	triggerNode?: string;
	startedAt?: string;
	finishedAt?: string;
	error?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
	nodeRuns: NodeRun[];
}

export interface Page<T> {
	items: T[];
	next?: string;
}

export interface InstalledPlugin {
	id: string;
	version: string;
	state: string;
	enabled: boolean;
	description?: string;
	provider?: string;
	nodeTypes: string[];
	credentialTypes: string[];
	channels: string[];
	sha256?: string;
	installedAt?: string;
	updatedAt?: string;
	/** the version a rollback returns to (the kernel keeps the previous jar), null when there is none */
	previousVersion?: string | null;
}

/** How bad a security advisory is (the index format says `moderate`; `medium` is read the same). */
export type AdvisorySeverity = 'low' | 'moderate' | 'medium' | 'high' | 'critical';

/** A security advisory published in the marketplace index against a release. */
export interface Advisory {
	id: string;
	severity: AdvisorySeverity;
	summary: string;
	/** the first version without the flaw */
	fixedIn?: string | null;
}

/** One published release of a marketplace plugin, as this kernel judges it. */
export interface MarketplaceRelease {
	version: string;
	/** the LeadFlow version range it needs */
	requires: string;
	/** the jar's size in bytes */
	size: number;
	sha256: string;
	yanked: boolean;
	yankedReason?: string | null;
	/** whether this kernel can run it */
	compatible: boolean;
	incompatibleReason?: string | null;
	advisories: Advisory[];
}

/** A plugin of the marketplace index, with what this kernel has installed of it. */
export interface MarketplacePlugin {
	id: string;
	name: string;
	description: string;
	author: string;
	homepage?: string | null;
	/** a URL, or null */
	icon?: string | null;
	categories: string[];
	installedVersion: string | null;
	/** the newest release that is compatible and not yanked */
	latestCompatible: string | null;
	updateAvailable: boolean;
	releases: MarketplaceRelease[];
}

/** `GET /api/v1/marketplace`: the verified index, or `configured: false` when none is set up. */
export interface MarketplaceIndex {
	configured: boolean;
	/** where the index was read from (a URL or a folder) */
	source?: string;
	/** the index's sequence number, which only increases */
	sequence?: number;
	issuedAt?: string;
	expiresAt?: string;
	plugins: MarketplacePlugin[];
}

/** `POST /api/v1/marketplace/install`: a version of an index plugin; `force` upgrades even when active workflows would break. */
export interface MarketplaceInstall {
	id: string;
	version: string;
	force?: boolean;
}

export interface CredentialType {
	type: string;
	label: string;
	description?: string;
	plugin: string;
	schema: JsonSchema;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	fields: Record<string, unknown>;
	secretFields: string[];
	createdAt?: string;
	/** why its provider last refused it (an expired token), until a connection test passes */
	problem?: { message: string; at: string } | null;
}

export interface ConnectionTest {
	ok?: boolean;
	success?: boolean;
	message?: string;
	[other: string]: unknown;
}

/** A lead's consent on one medium, as the API gives it. */
export interface Consent {
	/** opted_in, opted_out or unknown */
	state?: string;
	at?: string | null;
	source?: string | null;
	[other: string]: unknown;
}

export interface Lead {
	id: string;
	firstName?: string | null;
	lastName?: string | null;
	company?: string | null;
	emails: string[];
	phones: string[];
	source?: string | null;
	status?: string | null;
	tags: string[];
	owner?: string | null;
	customFields?: Record<string, unknown>;
	consent?: Record<string, Consent>;
	createdAt?: string;
	updatedAt?: string;
}

export interface AuditEntry {
	id: number;
	occurredAt: string;
	actorType: string;
	actorId?: string;
	actorName?: string;
	action: string;
	outcome: string;
	targetType?: string;
	targetId?: string;
	clientIp?: string;
	detail?: Record<string, unknown>;
}

export interface LeadExport {
	exportedAt: string;
	lead: Lead;
	consent?: Record<string, Consent>;
	auditTrail: AuditEntry[];
	/** every channel's messages and calls, newest first, decrypted */
	messages?: LeadMessage[];
}

/** How a call placed through a voice channel ended. */
export interface CallResult {
	outcome: string;
	endedReason?: string | null;
	transcript?: string | null;
	summary?: string | null;
	structuredData?: Record<string, unknown>;
	cost?: number | null;
	startedAt?: string | null;
	endedAt?: string | null;
}

/** One stored message (or call) of a lead on any channel. */
export interface LeadMessage {
	id: string;
	direction: 'inbound' | 'outbound';
	medium: string;
	channelId: string;
	status: string;
	providerMessageId?: string | null;
	from?: string | null;
	to?: string | null;
	subject?: string | null;
	text?: string | null;
	error?: string | null;
	delivery?: { status: string; at: string; error: string };
	call?: CallResult;
	executionId?: string | null;
	occurredAt?: string | null;
	createdAt: string;
}

/** Filters of the leads list; empty values are left out of the query. */
export interface LeadFilters {
	q?: string;
	status?: string;
	source?: string;
	tag?: string;
	after?: string;
}

export interface ExecutionFilters {
	workflowId?: string;
	status?: string;
	/** started at or after this ISO-8601 instant */
	since?: string;
	before?: string;
	/** at most this many (the API's default is 50) */
	limit?: number;
}

/** The periods `GET /api/v1/dashboard` counts over. */
export type DashboardRange = '24h' | '7d' | '30d';

/** Leads created in one bucket (`t`: its start, ISO-8601 UTC). */
export interface LeadBucket {
	t: string;
	count: number;
}

/** Executions started in one bucket, by their status now. */
export interface ExecutionBucket {
	t: string;
	succeeded: number;
	failed: number;
	running: number;
	waiting: number;
	canceled: number;
}

/** A workflow whose executions failed in the range, most failures first. */
export interface FailingWorkflow {
	id: string;
	name: string;
	failures: number;
	lastFailureAt: string;
}

/** A circuit breaker that is open or half-open (from `GET /api/v1/circuits`). */
export interface CircuitState {
	host: string;
	credential: string;
	state: 'open' | 'half-open' | 'closed';
	since: string;
	recentFailures: number;
	recentSuccesses: number;
}

/** The dashboard of one range: every bucket present, oldest first. */
export interface Dashboard {
	range: DashboardRange;
	/** '1h', '6h' or '1d' */
	bucket: string;
	bucketSeconds: number;
	from: string;
	to: string;
	leadsCreated: LeadBucket[];
	executions: ExecutionBucket[];
	failingWorkflows: FailingWorkflow[];
	openCircuits: CircuitState[];
	totals: {
		leadsCreated: number;
		executions: number;
		succeeded: number;
		failed: number;
		running: number;
		waiting: number;
		canceled: number;
		failingWorkflows: number;
		openCircuits: number;
	};
}

/** A node type a template uses; label, icon and credential types come from its plugin when started. */
export interface TemplateNodeType {
	type: string;
	label: string;
	icon?: string | null;
	plugin: string;
	installed: boolean;
	credentialTypes: string[];
}

/** A channel a template sends or receives through (its plugin is required too). */
export interface TemplateChannel {
	channel: string;
	label: string;
	plugin: string;
	installed: boolean;
	credentialType?: string | null;
}

/** A gallery entry of GET /api/v1/templates. */
export interface WorkflowTemplate {
	id: string;
	name: string;
	description: string;
	category: string;
	nodeCount: number;
	nodeTypes: TemplateNodeType[];
	channels: TemplateChannel[];
	plugins: string[];
	/** plugins not installed and started; the template imports only when this is empty */
	missingPlugins: string[];
	available: boolean;
	credentialTypes: string[];
}

/** A node of an imported template that needs a credential chosen. */
export interface CredentialNeeded {
	nodeId: string;
	nodeName: string;
	credentialType: string;
	credentialTypes: string[];
	credentialTypeLabel: string;
}

/** The answer of POST /api/v1/templates/{id}/import. */
export interface ImportedTemplate {
	workflowId: string;
	name: string;
	templateId: string;
	version: number;
	credentialsNeeded: CredentialNeeded[];
	credentialsAssigned: { nodeId: string; nodeName: string; credentialType: string; credentialId: string }[];
	credentialsOptional: { nodeId: string; nodeName: string; credentialType: string; credentialTypes: string[]; reason: string }[];
	channelCredentialsNeeded: { channel: string; credentialType: string; credentialTypeLabel: string }[];
}
