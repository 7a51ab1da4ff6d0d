package io.leadflow.kernel.lead;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The new leads of a batch as parallel SQL arrays, one value per lead in the same order, for the
 * single {@code INSERT ... SELECT FROM unnest(...)} that writes them all (see {@link LeadMapper#insertAll}).
 */
final class LeadBatchArrays {
    Array ids;
    Array firstNames;
    Array lastNames;
    Array companies;
    Array emails;
    Array phones;
    Array customFields;
    Array consents;
    Array sources;
    Array statuses;
    Array tags;
    Array owners;
    Array createdAts;

    /** {@code columns}: id, the six ciphertexts, consent, source, status, tags, owner, created (all text). */
    void fill(Connection connection, String[][] columns) {
        Array[] arrays = new Array[columns.length];
        for (int c = 0; c < columns.length; c++) {
            arrays[c] = text(connection, columns[c]);
        }
        ids = arrays[0];
        firstNames = arrays[1];
        lastNames = arrays[2];
        companies = arrays[3];
        emails = arrays[4];
        phones = arrays[5];
        customFields = arrays[6];
        consents = arrays[7];
        sources = arrays[8];
        statuses = arrays[9];
        tags = arrays[10];
        owners = arrays[11];
        createdAts = arrays[12];
    }

    static Array text(Connection connection, List<String> values) {
        return text(connection, values.toArray(String[]::new));
    }

    static Array text(Connection connection, String[] values) {
        return array(connection, "text", values);
    }

    static Array bigint(Connection connection, List<Long> values) {
        return array(connection, "int8", values.toArray(Long[]::new));
    }

    static Array integers(Connection connection, Collection<Integer> values) {
        return array(connection, "int4", values.toArray(Integer[]::new));
    }

    private static Array array(Connection connection, String type, Object[] values) {
        try {
            return connection.createArrayOf(type, values);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot pass an array to PostgreSQL", e);
        }
    }

    /** A PostgreSQL array literal of {@code values}, each quoted, for a {@code CAST(... AS text[])}. */
    static String textArray(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
