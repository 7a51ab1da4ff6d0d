/**
 * The checks the LeadFlow kernel runs on a plugin jar before it loads any of its classes: a real,
 * bounded zip; PF4J's manifest headers; a {@code Plugin-Requires} range the kernel satisfies; and
 * {@code Import-Package} ranges of the plugin API that the running API meets. Shared by the kernel,
 * the marketplace index tool and the plugin test kit, so all three refuse the same jars.
 */
package io.leadflow.plugincheck;
