/** Persistence: the PostgreSQL connection (embedded or external), migrations and MyBatis. */
package io.leadflow.kernel.store;
