/** A live event from the kernel's WebSocket hub. */
export interface LiveEvent {
	op: 'event';
	topic: string;
	type: string;
	data: unknown;
}

export interface LiveOptions {
	url: string;
	topics: string[];
	onEvent: (event: LiveEvent) => void;
	onStatus?: (connected: boolean) => void;
	/** test seam */
	socket?: (url: string) => WebSocket;
	retryMillis?: number;
}

/** The /ws URL of the page's origin, with the token as the browser's way to authenticate. */
export function liveUrl(location: Location | URL, token: string): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}/ws?access_token=${encodeURIComponent(token)}`;
}

/**
 * Subscribes to topics and reconnects (re-subscribing) when the connection drops, until the
 * returned function is called.
 */
export function connectLive(options: LiveOptions): () => void {
	const open = options.socket ?? ((url: string) => new WebSocket(url));
	let socket: WebSocket | null = null;
	let stopped = false;
	let retry: ReturnType<typeof setTimeout> | undefined;

	const connect = () => {
		socket = open(options.url);
		socket.onopen = () => {
			for (const topic of options.topics) {
				socket?.send(JSON.stringify({ op: 'subscribe', topic }));
			}
		};
		socket.onmessage = (message) => {
			try {
				const parsed = JSON.parse(String(message.data));
				if (parsed?.op === 'event') {
					options.onEvent(parsed as LiveEvent);
				} else if (parsed?.op === 'batch' && Array.isArray(parsed.messages)) {
					// events that were waiting together, in the order they happened
					for (const event of parsed.messages) {
						if (event?.op === 'event') options.onEvent(event as LiveEvent);
					}
				} else if (parsed?.op === 'subscribed') {
					// live from here on: events of this topic will arrive
					options.onStatus?.(true);
				}
			} catch {
				// not JSON: nothing the editor can use
			}
		};
		socket.onclose = () => {
			options.onStatus?.(false);
			if (!stopped) {
				retry = setTimeout(connect, options.retryMillis ?? 3000);
			}
		};
	};
	connect();
	return () => {
		stopped = true;
		clearTimeout(retry);
		socket?.close();
	};
}
