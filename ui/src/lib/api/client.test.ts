import { describe, expect, it, vi } from 'vitest';
import { ApiClient, type Fetch } from './client';
import { ProblemError } from './problem';

interface Call {
	url: string;
	init: RequestInit;
}

function fakeFetch(response: () => Response): { fetch: Fetch; calls: Call[] } {
	const calls: Call[] = [];
	const fetch: Fetch = async (input, init) => {
		calls.push({ url: String(input), init: init ?? {} });
		return response();
	};
	return { fetch, calls };
}

const problemResponse = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

async function rejection(promise: Promise<unknown>): Promise<ProblemError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ProblemError);
		return error as ProblemError;
	}
	throw new Error('expected the request to fail');
}

describe('ApiClient', () => {
	it('sends the bearer token and JSON body', async () => {
		const { fetch, calls } = fakeFetch(() => Response.json({ workflow: { id: 'w1' }, version: 2 }));
		const client = new ApiClient(fetch, () => 'lf_secret');

		const saved = await client.saveWorkflow('w1', { name: 'A', nodes: [], edges: [] });

		expect(saved.version).toBe(2);
		expect(calls).toHaveLength(1);
		expect(calls[0].url).toBe('/api/v1/workflows/w1');
		expect(calls[0].init.method).toBe('PUT');
		const headers = calls[0].init.headers as Record<string, string>;
		expect(headers.Authorization).toBe('Bearer lf_secret');
		expect(headers['Content-Type']).toBe('application/json');
		expect(JSON.parse(String(calls[0].init.body))).toEqual({ name: 'A', nodes: [], edges: [] });
	});

	it('sends no Authorization header without a token, and no body on GET', async () => {
		const { fetch, calls } = fakeFetch(() => Response.json({ items: [] }));
		await new ApiClient(fetch, () => null).listWorkflows('  lead  form ');
		expect(calls[0].url).toBe('/api/v1/workflows?q=lead%20%20form');
		expect((calls[0].init.headers as Record<string, string>).Authorization).toBeUndefined();
		expect(calls[0].init.body).toBeUndefined();
	});

	it('reads the token for every request', async () => {
		const { fetch, calls } = fakeFetch(() => Response.json({ items: [] }));
		let token = 'first';
		const client = new ApiClient(fetch, () => token);
		await client.nodeTypes();
		token = 'second';
		await client.nodeTypes();
		expect(calls.map((call) => (call.init.headers as Record<string, string>).Authorization)).toEqual(['Bearer first', 'Bearer second']);
	});

	it('turns problem+json into a ProblemError with title, detail and field errors', async () => {
		const { fetch } = fakeFetch(() =>
			problemResponse(422, {
				type: 'urn:leadflow:problem:invalid-workflow',
				title: 'Invalid workflow',
				status: 422,
				detail: '2 problems',
				errors: [
					{ pointer: '/nodes/0/config/url', detail: 'required' },
					{ pointer: '/edges/0', detail: 'unknown port' }
				]
			})
		);
		const error = await rejection(new ApiClient(fetch, () => 't').saveWorkflow('w', { name: 'x', nodes: [], edges: [] }));
		expect(error.status).toBe(422);
		expect(error.problem.title).toBe('Invalid workflow');
		expect(error.problem.detail).toBe('2 problems');
		expect(error.problem.type).toBe('urn:leadflow:problem:invalid-workflow');
		expect(error.problem.errors).toEqual([
			{ pointer: '/nodes/0/config/url', detail: 'required' },
			{ pointer: '/edges/0', detail: 'unknown port' }
		]);
		expect(error.message).toBe('Invalid workflow: 2 problems');
	});

	it('calls onUnauthorized on a 401 and still throws its problem', async () => {
		const { fetch } = fakeFetch(() => problemResponse(401, { title: 'Invalid credentials', status: 401, detail: 'wrong password' }));
		const onUnauthorized = vi.fn();
		const error = await rejection(new ApiClient(fetch, () => null, onUnauthorized).login('admin', 'nope'));
		expect(onUnauthorized).toHaveBeenCalledOnce();
		expect(error.problem).toMatchObject({ title: 'Invalid credentials', detail: 'wrong password', status: 401 });
	});

	it('makes a problem out of an error body that is not problem+json', async () => {
		const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
		const error = await rejection(new ApiClient(fetch, () => null).nodeTypes());
		expect(error.problem).toEqual({ title: 'Bad Gateway', status: 502, detail: undefined });
	});

	it('makes a problem out of an empty error body', async () => {
		const { fetch } = fakeFetch(() => new Response(null, { status: 500 }));
		const error = await rejection(new ApiClient(fetch, () => null).nodeTypes());
		expect(error.problem.status).toBe(500);
		expect(error.problem.title).toBeTruthy();
	});

	it('reports a network failure as a problem', async () => {
		const fetch: Fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		const error = await rejection(new ApiClient(fetch, () => null).nodeTypes());
		expect(error.problem).toEqual({ title: 'Network error', status: 0, detail: 'Failed to fetch' });
	});

	it('returns undefined for 204', async () => {
		const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
		await expect(new ApiClient(fetch, () => 't').request('POST', '/api/v1/auth/logout')).resolves.toBeUndefined();
	});
	describe('marketplace', () => {
		it('reads the index', async () => {
			const { fetch, calls } = fakeFetch(() => Response.json({ configured: false, plugins: [] }));
			const index = await new ApiClient(fetch, () => 't').marketplace();
			expect(index).toEqual({ configured: false, plugins: [] });
			expect(calls[0].url).toBe('/api/v1/marketplace');
			expect(calls[0].init.method).toBe('GET');
		});

		it('installs a release with its id and version, and no force flag unless asked', async () => {
			const { fetch, calls } = fakeFetch(() => Response.json({ id: 'acme', version: '1.2.0', state: 'started' }));
			const client = new ApiClient(fetch, () => 't');
			const installed = await client.installFromMarketplace({ id: 'acme', version: '1.2.0', force: false });
			await client.installFromMarketplace({ id: 'acme', version: '1.2.0', force: true });
			expect(installed.version).toBe('1.2.0');
			expect(calls[0].url).toBe('/api/v1/marketplace/install');
			expect(calls[0].init.method).toBe('POST');
			expect(JSON.parse(String(calls[0].init.body))).toEqual({ id: 'acme', version: '1.2.0' });
			expect(JSON.parse(String(calls[1].init.body))).toEqual({ id: 'acme', version: '1.2.0', force: true });
		});

		it('keeps the check of a refused install on its problem', async () => {
			const { fetch } = fakeFetch(() => problemResponse(422, { title: 'Release refused', status: 422, detail: 'hash differs', check: 'sha256' }));
			const error = await rejection(new ApiClient(fetch, () => 't').installFromMarketplace({ id: 'acme', version: '1.2.0' }));
			expect(error.status).toBe(422);
			expect(error.problem.check).toBe('sha256');
		});

		it('rolls a plugin back by id', async () => {
			const { fetch, calls } = fakeFetch(() => Response.json({ id: 'a/b', version: '1.0.0', previousVersion: null }));
			const plugin = await new ApiClient(fetch, () => 't').rollbackPlugin('a/b');
			expect(plugin.previousVersion).toBeNull();
			expect(calls[0].url).toBe('/api/v1/plugins/a%2Fb/rollback');
			expect(calls[0].init.method).toBe('POST');
			expect(calls[0].init.body).toBeUndefined();
		});

		it('forces a rollback with ?force=true', async () => {
			const { fetch, calls } = fakeFetch(() => Response.json({ id: 'acme', version: '1.0.0' }));
			await new ApiClient(fetch, () => 't').rollbackPlugin('acme', true);
			expect(calls[0].url).toBe('/api/v1/plugins/acme/rollback?force=true');
		});
	});
});
