import { describe, expect, it } from 'vitest';
import { indexProblem, installProblem, offersForce, refusedCheck } from './refusal';

describe('refusals', () => {
	it('says the index was refused and by which check', () => {
		const shown = indexProblem({ title: 'Unprocessable', status: 422, detail: 'key lf-2024 unknown', check: 'signature' });
		expect(shown.title).toBe('The marketplace index was refused (signature)');
		expect(shown.detail).toContain('Check “signature” failed');
		expect(shown.detail).toMatch(/\. The kernel says: key lf-2024 unknown$/);
		expect(shown.check).toBe('signature');
	});

	it('says an upgrade that did not start was put back', () => {
		expect(installProblem({ title: 'Plugin refused', status: 422, check: 'start' }, 'Acme', '2.0.0').detail)
			.toBe('Check “start” failed: the new version did not start, so the kernel put the installed version back.');
	});

	it('names a check it has no words for', () => {
		expect(indexProblem({ title: 'x', status: 422, check: 'novel' }).detail).toBe('Check “novel” failed.');
	});

	it('leaves other problems as they came', () => {
		const unavailable = { title: 'Service Unavailable', status: 503, detail: 'index server down' };
		expect(indexProblem(unavailable)).toBe(unavailable);
		const invalid = { title: 'Invalid', status: 422, detail: 'no version' };
		expect(installProblem(invalid, 'Acme', '1.0.0')).toBe(invalid);
		expect(refusedCheck(invalid)).toBeNull();
	});

	it('names the release a refused install was for', () => {
		const shown = installProblem({ title: 'Unprocessable', status: 422, check: 'sha256' }, 'Acme CRM', '1.2.0');
		expect(shown.title).toBe('Acme CRM 1.2.0 was refused (sha256)');
		expect(shown.detail).toBe("Check “sha256” failed: the downloaded jar's SHA-256 differs from the one in the index.");
	});

	it('offers force for a conflict, not for a missing previous version', () => {
		expect(offersForce({ title: 'Would break active workflows', status: 409, type: 'urn:leadflow:problem:plugin-incompatible' })).toBe(true);
		expect(offersForce({ title: 'No previous version', status: 409, type: 'urn:leadflow:problem:no-previous-version' })).toBe(false);
		expect(offersForce({ title: 'Refused', status: 422, check: 'yanked' })).toBe(false);
		expect(offersForce({ title: 'No marketplace configured', status: 409, type: 'urn:leadflow:problem:marketplace-not-configured' })).toBe(false);
		expect(offersForce({ title: 'Conflict', status: 409 })).toBe(false);
	});
});
