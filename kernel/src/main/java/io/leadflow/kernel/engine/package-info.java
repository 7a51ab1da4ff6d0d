/**
 * The engine: the durable work queue in PostgreSQL, the workers that claim due work under a lease,
 * and the node executor that runs one node, checkpoints its run and routes its items on.
 */
package io.leadflow.kernel.engine;
