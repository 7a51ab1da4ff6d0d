import { ProblemError, networkProblem, problemFrom } from './problem';
import type { NodeType, WorkflowDocument, WorkflowPage, WorkflowVersion } from './types';

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

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
		const token = this.token();
		if (token) {
			headers.Authorization = `Bearer ${token}`;
		}
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		let response: Response;
		try {
			response = await this.fetcher(this.base + path, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body)
			});
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
}
