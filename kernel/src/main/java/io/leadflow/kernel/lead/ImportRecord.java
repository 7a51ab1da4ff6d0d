package io.leadflow.kernel.lead;

import java.util.List;

/**
 * One record read from an import stream: its number in the file, and its cells (CSV) or its JSON
 * text, or why it could not be read (then it was skipped to its end without being kept).
 *
 * @param row the record's number: CSV counts the header as record 1; JSON counts array elements or
 *            NDJSON lines from 1
 * @param cells the CSV cells, or null
 * @param json the JSON text of one lead, or null
 * @param unreadable why the record was not read (too long, malformed), or null
 */
record ImportRecord(long row, List<String> cells, String json, String unreadable) {

    static ImportRecord cells(long row, List<String> cells) {
        return new ImportRecord(row, List.copyOf(cells), null, null);
    }

    static ImportRecord json(long row, String json) {
        return new ImportRecord(row, null, json, null);
    }

    static ImportRecord unreadable(long row, String reason) {
        return new ImportRecord(row, null, null, reason);
    }
}
