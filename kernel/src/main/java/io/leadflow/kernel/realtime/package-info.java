/** Live updates: the internal event bus and the authenticated WebSocket hub at /ws. */
package io.leadflow.kernel.realtime;
