/**
 * The append-only audit trail: who did what to what, when, from where; each row hash-chained to
 * the one before it, so an altered or missing row shows ({@link io.leadflow.kernel.audit.AuditChain}).
 */
package io.leadflow.kernel.audit;
