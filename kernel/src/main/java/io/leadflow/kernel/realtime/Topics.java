package io.leadflow.kernel.realtime;

import java.util.regex.Pattern;

/** The topics a client may subscribe to: {@code workflow:<id>}, {@code execution:<id>}, and fixed ones. */
final class Topics {
    private static final Pattern VALID = Pattern.compile(
            "(workflow|execution):[A-Za-z0-9_-]{1,64}|leads|plugins|circuits|workflows|executions|keys");

    private Topics() {
    }

    static boolean valid(String topic) {
        return topic != null && VALID.matcher(topic).matches();
    }
}
