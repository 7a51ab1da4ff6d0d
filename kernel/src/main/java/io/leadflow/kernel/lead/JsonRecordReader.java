package io.leadflow.kernel.lead;

import java.io.Reader;

/**
 * Splits a JSON import stream into one text per lead without parsing the whole: either a JSON
 * array of objects (the first non-blank character is {@code [}) or NDJSON, one object per line.
 * An element longer than the limit is read on to its end (honouring strings and nesting) without
 * being kept, and reported as unreadable; each element's text is parsed later, on its own.
 */
final class JsonRecordReader {
    private final PushbackInput in;
    private final int maxChars;
    private Boolean array;
    private boolean finished;
    private long row;
    private long line = 1;

    JsonRecordReader(Reader in, int maxChars) {
        this.in = new PushbackInput(in);
        this.maxChars = maxChars;
    }

    /** The next record, or null at the end. */
    ImportRecord next() {
        if (finished) {
            return null;
        }
        if (array == null) {
            int first = skipBlanks();
            if (first == -1) {
                finished = true;
                return null;
            }
            array = first == '[';
            if (!array) {
                in.unread(first);
            }
        }
        return array ? nextElement() : nextLine();
    }

    private ImportRecord nextLine() {
        while (true) {
            StringBuilder text = new StringBuilder();
            boolean tooLong = false;
            long number = line;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (!tooLong) {
                    text.append((char) c);
                    if (text.length() > maxChars) {
                        tooLong = true;
                        text = new StringBuilder();
                    }
                }
            }
            if (c == '\n') {
                line++;
            } else {
                finished = true;
            }
            if (tooLong) {
                return ImportRecord.unreadable(number, "the line is longer than " + maxChars + " characters");
            }
            if (!text.toString().isBlank()) {
                return ImportRecord.json(number, text.toString());
            }
            if (finished) {
                return null;
            }
        }
    }

    private ImportRecord nextElement() {
        int c = skipBlanks();
        if (c == ',' && row > 0) {
            c = skipBlanks();
        }
        if (c == ']' || c == -1) {
            finished = true;
            if (c == -1) {
                return ImportRecord.unreadable(row + 1, "the JSON array is not closed before the end of the body");
            }
            int trailing = skipBlanks();
            return trailing == -1 ? null
                    : ImportRecord.unreadable(row + 1, "unexpected content after the end of the JSON array");
        }
        row++;
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        boolean inString = false;
        boolean escaped = false;
        int depth = 0;
        while (c != -1) {
            if (!inString && (c == '}' || c == ']') && depth == 0) {
                in.unread(c); // the array's own closing bracket ends a bare value
                break;
            }
            if (!tooLong) {
                text.append((char) c);
                if (text.length() > maxChars) {
                    tooLong = true;
                    text = new StringBuilder();
                }
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            if (depth == 0 && !inString) {
                int following = peekBlanks();
                if (following == ',' || following == ']' || following == -1) {
                    break;
                }
            }
            c = in.read();
        }
        if (tooLong) {
            return ImportRecord.unreadable(row, "the element is longer than " + maxChars + " characters");
        }
        return ImportRecord.json(row, text.toString());
    }

    private int skipBlanks() {
        int c;
        do {
            c = in.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\ufeff');
        return c;
    }

    /** The next non-blank character, left unread. */
    private int peekBlanks() {
        int c = skipBlanks();
        in.unread(c);
        return c;
    }
}
