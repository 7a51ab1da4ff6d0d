/**
 * Running a user's own code outside the kernel's process: a plugin's node hands the kernel's
 * {@link io.leadflow.api.code.CodeSandbox} a {@link io.leadflow.api.code.CodeRequest} (the source,
 * the items, a time limit) and gets a {@link io.leadflow.api.code.CodeResult} back, or a
 * {@link io.leadflow.api.code.CodeException} saying why not. The sandbox is the kernel's: a node
 * never starts processes of its own for user code.
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.code;
