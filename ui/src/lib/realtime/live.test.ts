import { describe, expect, it } from 'vitest';
import { connectLive, liveUrl, type LiveEvent } from './live';

/** A stand-in for the browser's WebSocket that records what is sent. */
class FakeSocket {
	sent: string[] = [];
	closed = false;
	onopen: (() => void) | null = null;
	onmessage: ((message: { data: string }) => void) | null = null;
	onclose: (() => void) | null = null;
	constructor(readonly url: string) {}
	send(text: string) {
		this.sent.push(text);
	}
	close() {
		this.closed = true;
	}
}

describe('live', () => {
	it('builds the /ws URL with the token as access_token', () => {
		expect(liveUrl(new URL('https://leadflow.example/workflows/1'), 'lf_a b')).toBe('wss://leadflow.example/ws?access_token=lf_a%20b');
		expect(liveUrl(new URL('http://127.0.0.1:8080/'), 't')).toBe('ws://127.0.0.1:8080/ws?access_token=t');
	});

	it('subscribes on open, reports live once subscribed, and passes events on', () => {
		const sockets: FakeSocket[] = [];
		const events: LiveEvent[] = [];
		const status: boolean[] = [];
		const stop = connectLive({
			url: 'ws://x/ws',
			topics: ['plugins'],
			onEvent: (event) => events.push(event),
			onStatus: (live) => status.push(live),
			socket: (url) => {
				const socket = new FakeSocket(url);
				sockets.push(socket);
				return socket as unknown as WebSocket;
			}
		});
		const socket = sockets[0];
		socket.onopen?.();
		expect(socket.sent.map((text) => JSON.parse(text))).toEqual([{ op: 'subscribe', topic: 'plugins' }]);
		expect(status).toEqual([]);
		socket.onmessage?.({ data: JSON.stringify({ op: 'subscribed', topic: 'plugins' }) });
		socket.onmessage?.({ data: 'not json' });
		socket.onmessage?.({ data: JSON.stringify({ op: 'event', topic: 'plugins', type: 'plugin.started', data: { id: 'core' } }) });
		expect(status).toEqual([true]);
		expect(events).toEqual([{ op: 'event', topic: 'plugins', type: 'plugin.started', data: { id: 'core' } }]);
		const first = { op: 'event', topic: 'plugins', type: 'plugin.stopped', data: { id: 'core' } };
		const second = { op: 'event', topic: 'plugins', type: 'plugin.started', data: { id: 'x' } };
		socket.onmessage?.({ data: JSON.stringify({ op: 'batch', messages: [first, second] }) });
		expect(events.slice(1)).toEqual([first, second]);
		stop();
		expect(socket.closed).toBe(true);
		socket.onclose?.();
		expect(sockets).toHaveLength(1);
	});
});
