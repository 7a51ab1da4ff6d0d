/**
 * Workflow templates: a gallery of ready lead-generation workflows shipped as JSON resources in the
 * kernel ({@code io/leadflow/kernel/template/*.json}), each a workflow document in the saved format
 * plus gallery metadata. {@code GET /api/v1/templates} lists them with what each needs (node types
 * and channels of started plugins, credential types); {@code POST /api/v1/templates/{id}/import}
 * saves one as a new, inactive workflow through the workflow feature, so it is validated like any
 * other document, and answers which nodes still need a credential.
 */
package io.leadflow.kernel.template;
