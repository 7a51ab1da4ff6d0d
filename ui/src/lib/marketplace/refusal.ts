import type { Problem } from '$lib/api/problem';

/** What each of the kernel's marketplace checks guards, to say why it refused. */
const CHECKS: Record<string, string> = {
	signature: 'its signature does not verify against the pinned root keys and the signing keys of keys.json',
	expired: 'it is past its expiry date; the publisher has to sign a fresh index',
	replayed: 'its sequence number is older than that of an index this kernel has already accepted (a replayed index)',
	schema: 'it does not follow the marketplace index format',
	sha256: "the downloaded jar's SHA-256 differs from the one in the index",
	size: "the downloaded jar's size differs from the one in the index",
	incompatible: "the release does not fit this kernel's LeadFlow version or plugin-api packages",
	yanked: 'the publisher has yanked this release',
	start: 'the new version did not start, so the kernel put the installed version back'
};

/** The `check` member of a refusal (a 422 of the marketplace endpoints), or null. */
export function refusedCheck(problem: Problem): string | null {
	return typeof problem.check === 'string' && problem.check !== '' ? problem.check : null;
}

function explained(check: string, detail: string | undefined): string {
	const why = CHECKS[check];
	const kernel = detail ? ` The kernel says: ${detail}` : '';
	return (why ? `Check “${check}” failed: ${why}.` : `Check “${check}” failed.`) + kernel;
}

/**
 * The problem to show when reading the index failed: a refused index (422 with `check`) says so and
 * which check refused it; any other problem is shown as it came.
 */
export function indexProblem(problem: Problem): Problem {
	const check = refusedCheck(problem);
	if (problem.status !== 422 || !check) {
		return problem;
	}
	return { ...problem, title: `The marketplace index was refused (${check})`, detail: explained(check, problem.detail) };
}

/** The problem to show when installing `name` `version` failed; a refusal names its check. */
export function installProblem(problem: Problem, name: string, version: string): Problem {
	const check = refusedCheck(problem);
	if (problem.status !== 422 || !check) {
		return problem;
	}
	return { ...problem, title: `${name} ${version} was refused (${check})`, detail: explained(check, problem.detail) };
}

/**
 * Whether the kernel would take the install (or rollback) with `force`: a 409 `plugin-incompatible`,
 * i.e. the version would break workflows that are active. Other 409s (no marketplace configured, no
 * previous version) cannot be forced.
 */
export function offersForce(problem: Problem): boolean {
	return problem.status === 409 && String(problem.type ?? '').endsWith(':plugin-incompatible');
}
