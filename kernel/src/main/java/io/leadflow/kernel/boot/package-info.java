/** Configuration, wiring and the entry point. */
package io.leadflow.kernel.boot;
