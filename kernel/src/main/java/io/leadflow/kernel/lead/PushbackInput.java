package io.leadflow.kernel.lead;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * A reader with one character of push-back, end of input included ({@link java.io.PushbackReader}
 * cannot push back -1), for the streaming import readers.
 */
final class PushbackInput {
    private static final int NONE = -2;

    private final Reader in;
    private int pending = NONE;

    PushbackInput(Reader in) {
        this.in = in;
    }

    /** The next character, or -1 at the end. */
    int read() {
        if (pending != NONE) {
            int c = pending;
            pending = NONE;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code c} (possibly -1) the next character {@link #read} returns. */
    void unread(int c) {
        pending = c;
    }
}
