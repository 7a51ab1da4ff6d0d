import { ApiClient } from './client';

const TOKEN_KEY = 'leadflow.token';

/** The session token lives in sessionStorage: gone when the tab closes, never in a cookie. */
export function readToken(storage: Storage | undefined = globalThis.sessionStorage): string | null {
	return storage?.getItem(TOKEN_KEY) ?? null;
}

export function storeToken(token: string, storage: Storage | undefined = globalThis.sessionStorage): void {
	storage?.setItem(TOKEN_KEY, token);
}

export function clearToken(storage: Storage | undefined = globalThis.sessionStorage): void {
	storage?.removeItem(TOKEN_KEY);
}

/** A client for the browser: window.fetch, the session token, and back to /login on a 401. */
export function browserClient(onUnauthorized: () => void = () => {}): ApiClient {
	return new ApiClient((input, init) => fetch(input, init), () => readToken(), () => {
		clearToken();
		onUnauthorized();
	});
}
