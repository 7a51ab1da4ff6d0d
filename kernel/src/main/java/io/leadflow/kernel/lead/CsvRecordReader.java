package io.leadflow.kernel.lead;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time from a stream: comma separated, double-quoted cells may
 * hold commas, quotes ({@code ""}) and line breaks; CRLF or LF ends a record. A record longer than
 * the limit is not kept: it is read on to its end (still honouring quotes) and reported as
 * unreadable, so one huge line neither exhausts memory nor swallows the rows after it.
 */
final class CsvRecordReader {
    private final PushbackInput in;
    private final int maxChars;
    private long row;

    CsvRecordReader(Reader in, int maxChars) {
        this.in = new PushbackInput(in);
        this.maxChars = maxChars;
    }

    /** The next record, or null at the end of the stream. Blank lines are skipped. */
    ImportRecord next() {
        while (true) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean sawAny = false;
            boolean tooLong = false;
            boolean malformed = false;
            int length = 0;
            int c;
            while ((c = in.read()) != -1) {
                sawAny = true;
                if (quoted) {
                    if (c == '"') {
                        int following = in.read();
                        if (following == '"') {
                            length = append(cell, '"', length, tooLong);
                        } else {
                            quoted = false;
                            in.unread(following);
                        }
                    } else {
                        length = append(cell, (char) c, length, tooLong);
                    }
                } else if (c == '"') {
                    if (cell.length() == 0 && !tooLong) {
                        quoted = true;
                    } else if (tooLong) {
                        quoted = true;
                    } else {
                        malformed = true;
                        length = append(cell, '"', length, tooLong);
                    }
                } else if (c == ',') {
                    cells.add(tooLong ? "" : cell.toString());
                    cell.setLength(0);
                    length++;
                } else if (c == '\r' || c == '\n') {
                    if (c == '\r') {
                        int following = in.read();
                        if (following != '\n') {
                            in.unread(following);
                        }
                    }
                    break;
                } else {
                    length = append(cell, (char) c, length, tooLong);
                }
                if (length > maxChars && !tooLong) {
                    tooLong = true;
                    cells.clear();
                    cell.setLength(0);
                    cell.trimToSize();
                }
            }
            if (!sawAny) {
                return null;
            }
            cells.add(tooLong ? "" : cell.toString());
            if (!tooLong && cells.size() == 1 && cells.get(0).isBlank()) {
                if (c == -1) {
                    return null;
                }
                continue; // a blank line is not a record
            }
            row++;
            if (tooLong) {
                return ImportRecord.unreadable(row, "the row is longer than " + maxChars + " characters");
            }
            if (quoted) {
                return ImportRecord.unreadable(row, "a quoted cell is not closed before the end of the file");
            }
            if (malformed) {
                return ImportRecord.unreadable(row, "a quote appears inside an unquoted cell (quote the whole cell "
                        + "and double the quotes inside it)");
            }
            return ImportRecord.cells(row, cells);
        }
    }

    private static int append(StringBuilder cell, char c, int length, boolean discarding) {
        if (!discarding) {
            cell.append(c);
        }
        return length + 1;
    }
}
