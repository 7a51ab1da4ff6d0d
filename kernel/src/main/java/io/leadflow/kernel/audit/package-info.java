/** The append-only audit trail: who did what to what, when, from where. */
package io.leadflow.kernel.audit;
