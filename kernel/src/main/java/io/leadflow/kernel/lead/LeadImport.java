package io.leadflow.kernel.lead;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk import of leads from CSV, a JSON array or NDJSON, read as a stream one record at a time.
 * Each record becomes the body of a {@code POST /api/v1/leads} and is created exactly like one
 * (validation, dedupe, encryption, an audit row per lead), {@value #BATCH} records at a time through
 * {@link LeadService#createBatch}: one transaction per batch, in which a bad row is reported and
 * skipped while every good row is kept, and nothing of a row is half-applied.
 *
 * <p>CSV: the first record names the columns. {@code firstName}, {@code lastName}, {@code company},
 * {@code source}, {@code status}, {@code owner}, {@code merge}; {@code email(s)}, {@code phone(s)}
 * and {@code tags} hold several values separated by {@code ;}; {@code customFields.<key>} (or
 * {@code custom.<key>}) one custom field; {@code consent.<channel>} that channel's state (recorded
 * with source {@code import}). Column names ignore case, spaces, {@code _} and {@code -}. An empty
 * cell is absent. A non-empty cell of any other column is an unknown field of its row.
 */
final class LeadImport {
    private static final Logger LOG = LoggerFactory.getLogger(LeadImport.class);
    /** A lead's JSON is far smaller (64 KB of custom fields at most); longer records are refused. */
    static final int MAX_RECORD_CHARS = 256 * 1024;
    /** Errors listed in the answer; the count covers them all. */
    static final int MAX_LISTED_ERRORS = 1000;
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("firstname", "firstName"), Map.entry("lastname", "lastName"), Map.entry("company", "company"),
            Map.entry("source", "source"), Map.entry("status", "status"), Map.entry("owner", "owner"),
            Map.entry("merge", "merge"), Map.entry("email", "emails"), Map.entry("emails", "emails"),
            Map.entry("phone", "phones"), Map.entry("phones", "phones"), Map.entry("tag", "tags"),
            Map.entry("tags", "tags"));
    private static final List<String> LISTS = List.of("emails", "phones", "tags");
    /** Records per transaction: large enough to amortise the commit and the audit chain's lock. */
    static final int BATCH = 500;

    private final LeadService leads;
    private final AuditLog audit;
    private final ObjectMapper json;

    LeadImport(LeadService leads, AuditLog audit, ObjectMapper json) {
        this.leads = leads;
        this.audit = audit;
        this.json = json;
    }

    /** The format of an import body. */
    enum Format { CSV, JSON }

    /** One rejected record: its number, the field at fault (null if the whole record), and why. */
    record RowError(long row, String field, String reason) {
    }

    /** What an import did. */
    record Report(long rows, long created, long merged, long failed, List<RowError> errors, boolean errorsTruncated) {
    }

    Report run(Actor actor, Format format, InputStream body) {
        Reader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        Tally tally = new Tally(actor);
        try {
            if (format == Format.CSV) {
                importCsv(actor, new CsvRecordReader(reader, MAX_RECORD_CHARS), tally);
            } else {
                importJson(actor, new JsonRecordReader(reader, MAX_RECORD_CHARS), tally);
            }
        } finally {
            // the rows read before a failure are kept, as they would be one by one
            tally.flush();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("format", format.name().toLowerCase(Locale.ROOT));
            detail.put("rows", tally.rows);
            detail.put("created", tally.created);
            detail.put("merged", tally.merged);
            detail.put("failed", tally.failed);
            audit.record(AuditEntry.of(actor, "lead.imported", AuditEntry.SUCCESS, LeadService.TARGET, null, detail));
        }
        return new Report(tally.rows, tally.created, tally.merged, tally.failed, List.copyOf(tally.errors),
                tally.failed > tally.errors.size());
    }

    private void importCsv(Actor actor, CsvRecordReader reader, Tally tally) {
        ImportRecord header = reader.next();
        if (header == null) {
            throw ProblemException.badRequest("the CSV is empty; its first row must name the columns");
        }
        if (header.unreadable() != null) {
            throw ProblemException.badRequest("the CSV header row cannot be read: " + header.unreadable());
        }
        List<String> columns = header.cells().stream().map(String::trim).toList();
        for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
            tally.rows++;
            if (record.unreadable() != null) {
                tally.fail(record.row(), null, record.unreadable());
                continue;
            }
            ObjectNode lead = json.createObjectNode();
            Map<String, String> fieldToColumn = new HashMap<>();
            RowError error = toLead(record, columns, lead, fieldToColumn);
            if (error != null) {
                tally.fail(error.row(), error.field(), error.reason());
                continue;
            }
            apply(actor, record.row(), lead, fieldToColumn, tally);
        }
    }

    private RowError toLead(ImportRecord record, List<String> columns, ObjectNode lead, Map<String, String> fieldToColumn) {
        List<String> cells = record.cells();
        for (int i = 0; i < cells.size(); i++) {
            String value = cells.get(i).trim();
            if (value.isEmpty()) {
                continue;
            }
            if (i >= columns.size()) {
                return new RowError(record.row(), "column " + (i + 1), "unknown field: the row has " + cells.size()
                        + " cells but the header names " + columns.size() + " columns");
            }
            String column = columns.get(i);
            String key = column.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
            String member = COLUMNS.get(key);
            if (member != null && LISTS.contains(member)) {
                ArrayNode list = lead.has(member) ? (ArrayNode) lead.get(member) : lead.putArray(member);
                for (String part : value.split(";")) {
                    if (!part.isBlank()) {
                        list.add(part.trim());
                    }
                }
                fieldToColumn.put(member, column);
            } else if (member != null) {
                lead.put(member, value);
                fieldToColumn.put(member, column);
            } else if (key.startsWith("customfields.") || key.startsWith("custom.")) {
                String name = column.substring(column.indexOf('.') + 1).trim();
                object(lead, "customFields").put(name, value);
                fieldToColumn.put("customFields", column);
            } else if (key.startsWith("consent.")) {
                String channel = column.substring(column.indexOf('.') + 1).trim().toLowerCase(Locale.ROOT);
                object(lead, "consent").putObject(channel).put("state", value).put("source", "import");
                fieldToColumn.put("consent/" + channel, column);
            } else {
                lead.put(column, value); // refused by the same validation as the API, naming the column
                fieldToColumn.put(column, column);
            }
        }
        return null;
    }

    private static ObjectNode object(ObjectNode lead, String member) {
        return lead.has(member) ? (ObjectNode) lead.get(member) : lead.putObject(member);
    }

    private void importJson(Actor actor, JsonRecordReader reader, Tally tally) {
        for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
            tally.rows++;
            if (record.unreadable() != null) {
                tally.fail(record.row(), null, record.unreadable());
                continue;
            }
            JsonNode lead;
            try {
                lead = json.readTree(record.json());
            } catch (JsonProcessingException e) {
                // never the parser's message: it may quote the record, and the record is personal data
                JsonLocation at = e.getLocation();
                tally.fail(record.row(), null, "not valid JSON" + (at == null ? ""
                        : " (at character " + at.getColumnNr() + " of the record)"));
                continue;
            }
            if (lead == null || !lead.isObject()) {
                tally.fail(record.row(), null, "each record must be a JSON object with the lead's fields");
                continue;
            }
            apply(actor, record.row(), lead, Map.of(), tally);
        }
    }

    private void apply(Actor actor, long row, JsonNode lead, Map<String, String> fieldToColumn, Tally tally) {
        tally.queue(new Queued(row, lead, fieldToColumn, null));
    }

    /** A record waiting for its batch: its number, its body, and where its fields came from. */
    private record Queued(long row, JsonNode body, Map<String, String> fieldToColumn, RowError refused) {
    }

    /** The field a validation problem names: the CSV column it came from, or the JSON member path. */
    private static String field(ProblemException problem, Map<String, String> fieldToColumn) {
        Object errors = problem.extensions().get("errors");
        if (!(errors instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> first)) {
            return null;
        }
        String pointer = String.valueOf(first.get("pointer"));
        String path = pointer.startsWith("/") ? pointer.substring(1) : pointer;
        String[] parts = path.split("/");
        if (parts.length >= 2 && fieldToColumn.containsKey(parts[0] + "/" + parts[1])) {
            return fieldToColumn.get(parts[0] + "/" + parts[1]);
        }
        return fieldToColumn.getOrDefault(parts[0].replace("~1", "/").replace("~0", "~"), path);
    }

    private final class Tally {
        final Actor actor;
        long rows;
        long created;
        long merged;
        long failed;
        final List<RowError> errors = new ArrayList<>();
        final List<Queued> queued = new ArrayList<>(BATCH);

        Tally(Actor actor) {
            this.actor = actor;
        }

        void queue(Queued record) {
            queued.add(record);
            if (queued.size() >= BATCH) {
                flush();
            }
        }

        /** Creates the queued records as one batch and counts what became of each. */
        void flush() {
            if (queued.isEmpty()) {
                return;
            }
            List<Queued> readable = queued.stream().filter(record -> record.refused() == null).toList();
            List<LeadService.BatchResult> results = readable.isEmpty() ? List.of()
                    : leads.createBatch(actor, readable.stream().map(Queued::body).toList());
            int next = 0;
            for (Queued record : queued) {
                if (record.refused() != null) {
                    RowError refused = record.refused();
                    record(refused.row(), refused.field(), refused.reason());
                    continue;
                }
                LeadService.BatchResult result = results.get(next++);
                if (result.error() == null) {
                    if (result.merged()) {
                        merged++;
                    } else {
                        created++;
                    }
                } else if (result.error() instanceof ProblemException problem) {
                    record(record.row(), field(problem, record.fieldToColumn()), problem.getMessage());
                } else {
                    LOG.error("import row {} failed unexpectedly", record.row(), result.error());
                    record(record.row(), null, "the row could not be stored (internal error, logged)");
                }
            }
            queued.clear();
        }

        /** A record refused before it could be created; counted in its turn, after the rows before it. */
        void fail(long row, String field, String reason) {
            queue(new Queued(row, null, null, new RowError(row, field, reason)));
        }

        private void record(long row, String field, String reason) {
            failed++;
            if (errors.size() < MAX_LISTED_ERRORS) {
                errors.add(new RowError(row, field, reason));
            }
        }
    }
}
