package io.leadflow.kernel.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** Audit rows as parallel SQL arrays, one value per row in order, for one multi-row insert. */
final class AuditRows {
    Array actorTypes;
    Array actorIds;
    Array actorNames;
    Array actions;
    Array outcomes;
    Array targetTypes;
    Array targetIds;
    Array clientIps;
    Array details;

    static AuditRows of(Connection connection, List<AuditRow> rows) {
        AuditRows arrays = new AuditRows();
        arrays.actorTypes = text(connection, rows, row -> row.actorType);
        arrays.actorIds = text(connection, rows, row -> row.actorId);
        arrays.actorNames = text(connection, rows, row -> row.actorName);
        arrays.actions = text(connection, rows, row -> row.action);
        arrays.outcomes = text(connection, rows, row -> row.outcome);
        arrays.targetTypes = text(connection, rows, row -> row.targetType);
        arrays.targetIds = text(connection, rows, row -> row.targetId);
        arrays.clientIps = text(connection, rows, row -> row.clientIp);
        arrays.details = text(connection, rows, row -> row.detailJson);
        return arrays;
    }

    private static Array text(Connection connection, List<AuditRow> rows, Function<AuditRow, String> column) {
        try {
            return connection.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot pass an array to PostgreSQL", e);
        }
    }
}
