import { ProblemError, networkProblem, problemFrom } from './problem';
import type {
	AuditEntry,
	ConnectionTest,
	Credential,
	CredentialType,
	ExecutionDetail,
	ExecutionFilters,
	ExecutionSummary,
	InstalledPlugin,
	Lead,
	LeadExport,
	LeadFilters,
	MarketplaceIndex,
	MarketplaceInstall,
	NodeType,
	Page,
	VersionSummary,
	WorkflowDocument,
	WorkflowPage,
	WorkflowSummary,
	WorkflowVersion
} from './types';

export type Fetch = typeof fetch;

/** Where the client reads the current bearer token from (sessionStorage in the browser). */
export type TokenSource = () => string | null;

/**
 * The editor's only way to the kernel: JSON over /api/v1 with the bearer token, every error as a
 * {@link ProblemError}. A 401 also calls `onUnauthorized`, so the app can send the user to login.
 */
export class ApiClient {
	constructor(
		private readonly fetcher: Fetch,
		private readonly token: TokenSource,
		private readonly onUnauthorized: () => void = () => {},
		private readonly base = ''
	) {}

	request<T>(method: string, path: string, body?: unknown): Promise<T> {
		return this.send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
	}

	/** Sends a raw body (a plugin jar) with its content type. */
	async send<T>(method: string, path: string, body: BodyInit | undefined, contentType: string | undefined): Promise<T> {
		const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
		const token = this.token();
		if (token) {
			headers.Authorization = `Bearer ${token}`;
		}
		if (contentType) {
			headers['Content-Type'] = contentType;
		}
		let response: Response;
		try {
			response = await this.fetcher(this.base + path, { method, headers, body });
		} catch (error) {
			throw new ProblemError(networkProblem(error));
		}
		if (!response.ok) {
			const problem = await problemFrom(response);
			if (response.status === 401) {
				this.onUnauthorized();
			}
			throw new ProblemError(problem);
		}
		if (response.status === 204) {
			return undefined as T;
		}
		const text = await response.text();
		return (text ? JSON.parse(text) : undefined) as T;
	}

	login(username: string, password: string): Promise<{ token: string; expiresAt: string }> {
		return this.request('POST', '/api/v1/auth/login', { username, password });
	}

	listWorkflows(query = ''): Promise<WorkflowPage> {
		const q = query.trim();
		return this.request('GET', '/api/v1/workflows' + (q ? `?q=${encodeURIComponent(q)}` : ''));
	}

	createWorkflow(document: WorkflowDocument): Promise<WorkflowVersion> {
		return this.request('POST', '/api/v1/workflows', document);
	}

	getWorkflow(id: string): Promise<WorkflowVersion> {
		return this.request('GET', `/api/v1/workflows/${encodeURIComponent(id)}`);
	}

	saveWorkflow(id: string, document: WorkflowDocument): Promise<WorkflowVersion> {
		return this.request('PUT', `/api/v1/workflows/${encodeURIComponent(id)}`, document);
	}

	nodeTypes(): Promise<{ items: NodeType[] }> {
		return this.request('GET', '/api/v1/nodes');
	}

	versions(id: string): Promise<{ items: VersionSummary[] }> {
		return this.request('GET', `/api/v1/workflows/${encodeURIComponent(id)}/versions`);
	}

	getVersion(id: string, version: number): Promise<WorkflowVersion> {
		return this.request('GET', `/api/v1/workflows/${encodeURIComponent(id)}?version=${version}`);
	}

	activate(id: string, version?: number): Promise<WorkflowSummary> {
		return this.request('POST', `/api/v1/workflows/${encodeURIComponent(id)}/activate${version ? `?version=${version}` : ''}`);
	}

	deactivate(id: string): Promise<WorkflowSummary> {
		return this.request('POST', `/api/v1/workflows/${encodeURIComponent(id)}/deactivate`);
	}

	deleteWorkflow(id: string): Promise<void> {
		return this.request('DELETE', `/api/v1/workflows/${encodeURIComponent(id)}`);
	}

	exportWorkflow(id: string): Promise<WorkflowDocument> {
		return this.request('GET', `/api/v1/workflows/${encodeURIComponent(id)}/export`);
	}

	/** Runs the saved workflow now; the payload becomes the start node's item(s). */
	runWorkflow(id: string, payload: unknown, node?: string): Promise<{ executionId: string }> {
		return this.request('POST', `/api/v1/workflows/${encodeURIComponent(id)}/executions`, node ? { payload, node } : { payload });
	}

	/** A test run of the saved draft: `until` a node, or `only` one node; pinned data replays. */
	testWorkflow(id: string, scope: { until?: string; only?: string; payload?: unknown }): Promise<{ executionId: string }> {
		return this.request('POST', `/api/v1/workflows/${encodeURIComponent(id)}/executions`, { test: true, ...scope });
	}

	/** What a field's `{{ }}` expressions evaluate to for test data: the kernel's own evaluator. */
	previewExpression(text: string, bindings: { json?: unknown; items?: unknown[]; node?: unknown }): Promise<{ value?: unknown; error?: string }> {
		return this.request('POST', '/api/v1/expressions/preview', { text, ...bindings });
	}

	executions(filters: ExecutionFilters = {}): Promise<Page<ExecutionSummary>> {
		return this.request('GET', '/api/v1/executions' + query({ ...filters }));
	}

	execution(id: string): Promise<ExecutionDetail> {
		return this.request('GET', `/api/v1/executions/${encodeURIComponent(id)}`);
	}

	retryExecution(id: string): Promise<ExecutionDetail> {
		return this.request('POST', `/api/v1/executions/${encodeURIComponent(id)}/retry`);
	}

	cancelExecution(id: string): Promise<ExecutionDetail> {
		return this.request('POST', `/api/v1/executions/${encodeURIComponent(id)}/cancel`);
	}

	plugins(): Promise<{ items: InstalledPlugin[] }> {
		return this.request('GET', '/api/v1/plugins');
	}

	installPlugin(jar: Blob): Promise<InstalledPlugin> {
		return this.send('POST', '/api/v1/plugins', jar, 'application/java-archive');
	}

	upgradePlugin(id: string, jar: Blob): Promise<InstalledPlugin> {
		return this.send('PUT', `/api/v1/plugins/${encodeURIComponent(id)}`, jar, 'application/java-archive');
	}

	startPlugin(id: string): Promise<InstalledPlugin> {
		return this.request('POST', `/api/v1/plugins/${encodeURIComponent(id)}/start`);
	}

	stopPlugin(id: string): Promise<InstalledPlugin> {
		return this.request('POST', `/api/v1/plugins/${encodeURIComponent(id)}/stop`);
	}

	uninstallPlugin(id: string): Promise<void> {
		return this.request('DELETE', `/api/v1/plugins/${encodeURIComponent(id)}`);
	}

	/**
	 * Returns the plugin to the version it had before its last upgrade: 409 `no-previous-version` when
	 * there is none, 409 `plugin-incompatible` when that version would break an active workflow, unless `force`.
	 */
	rollbackPlugin(id: string, force = false): Promise<InstalledPlugin> {
		return this.request('POST', `/api/v1/plugins/${encodeURIComponent(id)}/rollback${force ? '?force=true' : ''}`);
	}

	marketplace(): Promise<MarketplaceIndex> {
		return this.request('GET', '/api/v1/marketplace');
	}

	/** Installs, or upgrades to, a release of the index: the kernel downloads it and checks size, SHA-256, signatures and compatibility. */
	installFromMarketplace(install: MarketplaceInstall): Promise<InstalledPlugin> {
		return this.request('POST', '/api/v1/marketplace/install', install.force ? install : { id: install.id, version: install.version });
	}

	credentialTypes(): Promise<{ items: CredentialType[] }> {
		return this.request('GET', '/api/v1/credential-types');
	}

	credentials(): Promise<{ items: Credential[] }> {
		return this.request('GET', '/api/v1/credentials');
	}

	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<Credential> {
		return this.request('POST', '/api/v1/credentials', { name, type, data });
	}

	testCredential(id: string): Promise<ConnectionTest> {
		return this.request('POST', `/api/v1/credentials/${encodeURIComponent(id)}/test`);
	}

	deleteCredential(id: string): Promise<void> {
		return this.request('DELETE', `/api/v1/credentials/${encodeURIComponent(id)}`);
	}

	leads(filters: LeadFilters = {}): Promise<Page<Lead>> {
		return this.request('GET', '/api/v1/leads' + query({ ...filters }));
	}

	lead(id: string): Promise<Lead> {
		return this.request('GET', `/api/v1/leads/${encodeURIComponent(id)}`);
	}

	leadExport(id: string): Promise<LeadExport> {
		return this.request('GET', `/api/v1/leads/${encodeURIComponent(id)}/export`);
	}

	audit(filters: Record<string, string | undefined>): Promise<Page<AuditEntry>> {
		return this.request('GET', '/api/v1/audit' + query(filters));
	}

	/** Leads, executions by status, failing workflows and open circuits over `range`. */
	dashboard(range: import('./types').DashboardRange = '24h'): Promise<import('./types').Dashboard> {
		return this.request('GET', '/api/v1/dashboard' + query({ range }));
	}
}

/** `?a=1&b=2` of the non-empty values, or '' when there are none. */
export function query(params: Record<string, string | number | undefined | null>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && String(value).trim() !== '') {
			search.set(key, String(value).trim());
		}
	}
	const text = search.toString();
	return text ? `?${text}` : '';
}
