/** An RFC 9457 problem as the kernel sends it, plus the per-field errors of a 422. */
export interface Problem {
	type?: string;
	title: string;
	status: number;
	detail?: string;
	errors?: FieldError[];
	[extension: string]: unknown;
}

/** One validation error: a JSON Pointer into the request document and what is wrong there. */
export interface FieldError {
	pointer: string;
	detail: string;
}

/** Thrown by the API client for every non-2xx answer and for network failures. */
export class ProblemError extends Error {
	readonly problem: Problem;

	constructor(problem: Problem) {
		super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
		this.name = 'ProblemError';
		this.problem = problem;
	}

	get status(): number {
		return this.problem.status;
	}
}

/**
 * Reads a problem from an error response. A body that is not problem+json (a proxy's HTML page,
 * an empty 502) still yields a problem, titled after the HTTP status, so the user always sees why.
 */
export async function problemFrom(response: Response): Promise<Problem> {
	const text = await response.text().catch(() => '');
	const fallback: Problem = {
		title: response.statusText || `HTTP ${response.status}`,
		status: response.status,
		detail: text && text.length < 300 && !text.trimStart().startsWith('<') ? text : undefined
	};
	if (!text) {
		return fallback;
	}
	try {
		const body = JSON.parse(text) as Record<string, unknown>;
		if (body === null || typeof body !== 'object' || typeof body.title !== 'string') {
			return fallback;
		}
		return {
			...body,
			title: body.title,
			status: typeof body.status === 'number' ? body.status : response.status,
			detail: typeof body.detail === 'string' ? body.detail : undefined,
			errors: fieldErrors(body.errors)
		};
	} catch {
		return fallback;
	}
}

function fieldErrors(value: unknown): FieldError[] | undefined {
	if (!Array.isArray(value)) {
		return undefined;
	}
	return value
		.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
		.map((item) => ({
			pointer: typeof item.pointer === 'string' ? item.pointer : '',
			detail: typeof item.detail === 'string' ? item.detail : String(item.detail ?? '')
		}));
}

/** A problem for a request that never got an answer. */
export function networkProblem(error: unknown): Problem {
	return {
		title: 'Network error',
		status: 0,
		detail: error instanceof Error ? error.message : 'the server could not be reached'
	};
}

/** Any thrown value as a problem to show. */
export function asProblem(error: unknown): Problem {
	if (error instanceof ProblemError) {
		return error.problem;
	}
	return { title: 'Unexpected error', status: 0, detail: error instanceof Error ? error.message : String(error) };
}
