/**
 * The dashboard: leads created, executions by status, failing workflows and open circuits over the
 * last 24 hours, 7 days or 30 days, counted in PostgreSQL by range-bounded, indexed queries (lead
 * PII stays encrypted: rows are counted, never read). The editor re-reads it when the
 * {@code leads}, {@code executions} and {@code circuits} topics say something changed.
 */
package io.leadflow.kernel.dashboard;
