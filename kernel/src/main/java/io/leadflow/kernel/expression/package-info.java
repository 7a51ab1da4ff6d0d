/**
 * The editor's live preview of {@code {{ }}} expressions: the kernel's own evaluator over the test
 * data the editor holds, so what the preview shows is what a run computes.
 */
package io.leadflow.kernel.expression;
