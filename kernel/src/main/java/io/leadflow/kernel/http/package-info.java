/** The HTTP edge: server, filters (client address, body limit, rate limits), problem+json, OpenAPI. */
package io.leadflow.kernel.http;
