import type { useStore } from '@xyflow/svelte';
import { XYHandle, isMouseEvent, type Connection } from '@xyflow/system';

type FlowStore = ReturnType<typeof useStore>;

/**
 * Starts dragging a connection from a port, as the canvas's own Handle component does. The nodes
 * draw their ports as plain elements with the Handle's classes and data attributes (a Handle
 * component per port made opening a large workflow several times slower); this is the one thing
 * the Handle did on a press.
 */
export function startConnection(store: FlowStore, event: MouseEvent | TouchEvent, nodeId: string, handleId: string, isTarget: boolean): void {
	const isMouse = isMouseEvent(event);
	if (!event.currentTarget || (isMouse && (event as MouseEvent).button !== 0)) {
		return;
	}
	// the page owns the edges (the canvas draws none of its own): a connection goes to it alone
	const onConnect = (connection: Connection) => store.onconnect?.(connection);
	XYHandle.onPointerDown(event, {
		handleId,
		nodeId,
		isTarget,
		connectionRadius: store.connectionRadius,
		domNode: store.domNode,
		nodeLookup: store.nodeLookup,
		connectionMode: store.connectionMode,
		lib: 'svelte',
		autoPanOnConnect: store.autoPanOnConnect,
		autoPanSpeed: store.autoPanSpeed,
		flowId: store.flowId,
		isValidConnection: (...args) => store.isValidConnection?.(...args) ?? true,
		updateConnection: store.updateConnection,
		cancelConnection: store.cancelConnection,
		panBy: store.panBy,
		onConnect,
		onConnectStart: store.onconnectstart,
		onConnectEnd: (...args) => store.onconnectend?.(...args),
		getTransform: () => [store.viewport.x, store.viewport.y, store.viewport.zoom],
		getFromHandle: () => store.connection.fromHandle,
		dragThreshold: store.connectionDragThreshold,
		handleDomNode: event.currentTarget as HTMLElement
	});
}
