package io.leadflow.kernel.plugin;

import io.leadflow.kernel.http.ProblemException;

/** A plugin jar failed one of the install checks; the problem names the check and the detail. */
final class PluginRefusedException {
    private PluginRefusedException() {
    }

    static ProblemException of(String check, String detail) {
        return new ProblemException(422, "plugin-refused", "Plugin refused", detail).with("check", check);
    }
}
