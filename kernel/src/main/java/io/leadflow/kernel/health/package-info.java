/** The health endpoint. */
package io.leadflow.kernel.health;
