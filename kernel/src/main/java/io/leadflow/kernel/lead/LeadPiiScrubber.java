package io.leadflow.kernel.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.session.SqlSession;

/**
 * Erasure of one lead's personal data from stored workflow executions: every JSON string value in
 * a node run's input or output, or a queued work item's input or resume data, that holds one of the
 * lead's emails (any case), phone numbers (as its national digits, however punctuated) or names (as
 * a whole word, any case) becomes {@value #ERASED}; error texts have those values replaced in
 * place. Whole values go rather than only the matching part, since a value that names the person
 * ("Call Ada at 650...") is theirs as a whole.
 *
 * <p>Which executions: those that accessed the lead through the lead store (their audit rows, actor
 * type {@code workflow}), and those whose stored data holds one of its emails or E.164 phones (a
 * webhook payload that never reached the lead store). The second is a scan of the execution tables,
 * acceptable for an operation as rare as an erasure.
 */
final class LeadPiiScrubber {
    static final String ERASED = "[erased]";

    private final ObjectMapper json;

    LeadPiiScrubber(ObjectMapper json) {
        this.json = json;
    }

    /** One stored JSON or text value of an execution, by table, row and column. */
    static final class StoredValue {
        String tableName;
        String rowId;
        String columnName;
        String text;
    }

    /** SQL over the engine's tables (the schema, not the engine's classes). */
    interface ScrubMapper {
        String IDS = "<foreach collection=\"ids\" item=\"id\" open=\"(\" separator=\",\" close=\")\">#{id}</foreach>";

        /** Executions that accessed the lead, from the audit trail. */
        @Select("""
                SELECT DISTINCT actor_id FROM audit_log
                WHERE actor_type = 'workflow' AND target_type = 'lead' AND target_id = #{leadId} AND actor_id IS NOT NULL
                """)
        List<String> auditedExecutions(@Param("leadId") String leadId);

        /** Executions whose stored node data holds one of {@code needles} (lower-cased). */
        @Select("""
                <script>
                SELECT DISTINCT execution_id FROM (
                  SELECT execution_id, lower(coalesce(input::text, '') || coalesce(output::text, '') || coalesce(error, '')
                                             || coalesce(error_details::text, '') || coalesce(logs::text, '')) AS t
                  FROM node_run
                  UNION ALL
                  SELECT execution_id, lower(input::text || coalesce(resume::text, '')) FROM work_item
                  UNION ALL
                  SELECT id, lower(coalesce(error, '')) FROM execution
                ) stored
                WHERE <foreach collection="needles" item="n" separator=" OR ">strpos(t, #{n}) &gt; 0</foreach>
                </script>
                """)
        List<UUID> executionsHolding(@Param("needles") List<String> needles);

        @Select("""
                <script>
                SELECT id FROM execution WHERE status IN ('running', 'waiting') AND id IN
                <foreach collection="ids" item="id" open="(" separator="," close=")">#{id}</foreach>
                </script>
                """)
        List<UUID> unfinished(@Param("ids") List<UUID> ids);

        @Select("""
                <script>
                SELECT 'node_run' AS table_name, id::text AS row_id, 'input' AS column_name, input::text AS text
                  FROM node_run WHERE input IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'node_run', id::text, 'output', output::text
                  FROM node_run WHERE output IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'node_run', id::text, 'error', error
                  FROM node_run WHERE error IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'node_run', id::text, 'error_details', error_details::text
                  FROM node_run WHERE error_details IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'node_run', id::text, 'logs', logs::text
                  FROM node_run WHERE logs IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'work_item', id::text, 'input', input::text
                  FROM work_item WHERE execution_id IN """ + IDS + """
                UNION ALL SELECT 'work_item', id::text, 'resume', resume::text
                  FROM work_item WHERE resume IS NOT NULL AND execution_id IN """ + IDS + """
                UNION ALL SELECT 'execution', id::text, 'error', error
                  FROM execution WHERE error IS NOT NULL AND id IN """ + IDS + """
                </script>
                """)
        List<StoredValue> values(@Param("ids") List<UUID> ids);

        @Update("UPDATE node_run SET input = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS uuid)")
        void nodeRunInput(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE node_run SET output = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS uuid)")
        void nodeRunOutput(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE node_run SET error = #{text} WHERE id = CAST(#{id} AS uuid)")
        void nodeRunError(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE node_run SET error_details = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS uuid)")
        void nodeRunErrorDetails(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE node_run SET logs = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS uuid)")
        void nodeRunLogs(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE work_item SET input = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS bigint)")
        void workItemInput(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE work_item SET resume = CAST(#{text} AS jsonb) WHERE id = CAST(#{id} AS bigint)")
        void workItemResume(@Param("id") String id, @Param("text") String text);

        @Update("UPDATE execution SET error = #{text} WHERE id = CAST(#{id} AS uuid)")
        void executionError(@Param("id") String id, @Param("text") String text);
    }

    /** What identifies the person in free data: their emails, phones and names. */
    record Pii(List<String> emails, List<String> phoneDigits, List<String> e164Phones, List<Pattern> names) {
        static Pii of(LeadData lead) {
            List<String> emails = lead.emails().stream().map(email -> email.toLowerCase(Locale.ROOT)).toList();
            List<String> digits = lead.phones().stream().map(ContactNormalizer::nationalDigits)
                    .filter(d -> d.length() >= 6).toList();
            List<Pattern> names = new ArrayList<>();
            for (String name : new String[] {lead.firstName(), lead.lastName()}) {
                for (String word : SearchTokens.words(name)) {
                    if (word.length() >= 2) {
                        names.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
                                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                    }
                }
            }
            return new Pii(emails, digits, lead.phones(), names);
        }

        boolean isEmpty() {
            return emails.isEmpty() && phoneDigits.isEmpty() && names.isEmpty();
        }

        boolean matches(String value) {
            String lower = value.toLowerCase(Locale.ROOT);
            for (String email : emails) {
                if (lower.contains(email)) {
                    return true;
                }
            }
            if (!phoneDigits.isEmpty()) {
                String digitsOnly = value.replaceAll("\\D", "");
                for (String digits : phoneDigits) {
                    if (digitsOnly.contains(digits)) {
                        return true;
                    }
                }
            }
            for (Pattern name : names) {
                if (name.matcher(value).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The executions that carried the lead's data, found before its data is gone. */
    List<UUID> executionsOf(SqlSession session, UUID leadId, Pii pii) {
        ScrubMapper mapper = session.getMapper(ScrubMapper.class);
        Set<UUID> ids = new LinkedHashSet<>();
        for (String id : mapper.auditedExecutions(leadId.toString())) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                // not an execution id; nothing to scrub
            }
        }
        List<String> needles = new ArrayList<>(pii.emails());
        pii.e164Phones().forEach(phone -> needles.add(phone.toLowerCase(Locale.ROOT)));
        if (!needles.isEmpty()) {
            ids.addAll(mapper.executionsHolding(needles));
        }
        return List.copyOf(ids);
    }

    List<UUID> unfinished(SqlSession session, List<UUID> executions) {
        return executions.isEmpty() ? List.of() : session.getMapper(ScrubMapper.class).unfinished(executions);
    }

    /** Scrubs the executions' stored data in the caller's transaction; returns how many values changed. */
    int scrub(SqlSession session, List<UUID> executions, Pii pii) {
        if (executions.isEmpty() || pii.isEmpty()) {
            return 0;
        }
        ScrubMapper mapper = session.getMapper(ScrubMapper.class);
        int changed = 0;
        for (StoredValue value : mapper.values(executions)) {
            boolean isJson = !"error".equals(value.columnName);
            String scrubbed = isJson ? scrubJson(value.text, pii) : scrubText(value.text, pii);
            if (scrubbed.equals(value.text)) {
                continue;
            }
            changed++;
            switch (value.tableName + "." + value.columnName) {
                case "node_run.input" -> mapper.nodeRunInput(value.rowId, scrubbed);
                case "node_run.output" -> mapper.nodeRunOutput(value.rowId, scrubbed);
                case "node_run.error" -> mapper.nodeRunError(value.rowId, scrubbed);
                case "node_run.error_details" -> mapper.nodeRunErrorDetails(value.rowId, scrubbed);
                case "node_run.logs" -> mapper.nodeRunLogs(value.rowId, scrubbed);
                case "work_item.input" -> mapper.workItemInput(value.rowId, scrubbed);
                case "work_item.resume" -> mapper.workItemResume(value.rowId, scrubbed);
                default -> mapper.executionError(value.rowId, scrubbed);
            }
        }
        return changed;
    }

    private String scrubJson(String text, Pii pii) {
        try {
            JsonNode root = json.readTree(text);
            // set when a value inside a container was replaced (containers are edited in place)
            boolean[] changedInside = {false};
            JsonNode scrubbed = scrubNode(root, pii, changedInside);
            return scrubbed == root && !changedInside[0] ? text : json.writeValueAsString(scrubbed);
        } catch (JsonProcessingException e) {
            return scrubText(text, pii);
        }
    }

    private static JsonNode scrubNode(JsonNode node, Pii pii, boolean[] changedInside) {
        if (node.isTextual()) {
            return pii.matches(node.asText()) ? TextNode.valueOf(ERASED) : node;
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode replaced = scrubNode(field.getValue(), pii, changedInside);
                if (replaced != field.getValue()) {
                    field.setValue(replaced);
                    changedInside[0] = true;
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replaced = scrubNode(array.get(i), pii, changedInside);
                if (replaced != array.get(i)) {
                    array.set(i, replaced);
                    changedInside[0] = true;
                }
            }
        }
        return node;
    }

    private static String scrubText(String text, Pii pii) {
        String result = text;
        for (String email : pii.emails()) {
            result = Pattern.compile(Pattern.quote(email), Pattern.CASE_INSENSITIVE).matcher(result).replaceAll(ERASED);
        }
        for (String phone : pii.e164Phones()) {
            result = result.replace(phone, ERASED);
        }
        for (Pattern name : pii.names()) {
            result = name.matcher(result).replaceAll(ERASED);
        }
        return result;
    }
}
