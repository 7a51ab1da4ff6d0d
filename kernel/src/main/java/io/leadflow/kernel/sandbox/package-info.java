/**
 * The code sandbox: a pool of Node.js worker processes, each confined by bubblewrap (own user,
 * network, pid, ipc and mount namespaces; a read-only {@code /usr}, a private tmpfs, no host
 * files, no environment) under resource limits (address space, CPU seconds, processes, open files,
 * file size), that runs users' Code nodes. User code never runs in the kernel's process. Where the
 * sandbox cannot be set up the kernel says why and nodes that need it are unavailable.
 */
package io.leadflow.kernel.sandbox;
