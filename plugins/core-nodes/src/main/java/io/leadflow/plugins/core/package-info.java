/**
 * The core nodes plugin: triggers and actions every workflow needs. Its nodes are written against
 * the plugin API by the plugin-platform work; the module builds empty until then.
 */
package io.leadflow.plugins.core;
