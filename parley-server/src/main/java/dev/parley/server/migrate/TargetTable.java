package dev.parley.server.migrate;

import dev.parley.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One table of the cluster's database, written a page of rows at a time, each page in one
 * transaction with {@code INSERT ... ON CONFLICT DO NOTHING}: a row the target already holds
 * stays as it is, so a second run copies nothing. A row that was not inserted counts as
 * already present only when the target holds its key (and, for tables that say so, the same
 * value in one more column: an inbox entry must point at the same message); otherwise it is
 * missing, and the report says why.
 */
final class TargetTable {
    private final DataSource target;
    private final String table;
    private final List<String> columns;
    private final List<String> key;
    private final String sameColumn;
    private final boolean raiseOnly;
    private final Tally.Counts counts;

    private TargetTable(DataSource target, String table, List<String> columns, List<String> key, String sameColumn,
                        boolean raiseOnly, Tally.Counts counts) {
        this.target = target;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.sameColumn = sameColumn;
        this.raiseOnly = raiseOnly;
        this.counts = counts;
    }

    /** Rows are inserted unless their key is present; a present key counts as the same row. */
    static TargetTable keyed(DataSource target, String table, List<String> columns, List<String> key,
                             Tally.Counts counts) {
        return new TargetTable(target, table, columns, key, null, false, counts);
    }

    /** As {@link #keyed}, but a present key counts only when the target's row has the same {@code sameColumn}. */
    static TargetTable keyedSame(DataSource target, String table, List<String> columns, List<String> key,
                                 String sameColumn, Tally.Counts counts) {
        if (!columns.contains(sameColumn)) {
            throw new IllegalArgumentException(sameColumn + " is not a column of " + table);
        }
        return new TargetTable(target, table, columns, key, sameColumn, false, counts);
    }

    /**
     * For inbox heads (key columns, then {@code seq}): a row replaces the target's only when its
     * seq is higher, so the target ends with the higher of the two; a lower or equal one there
     * counts as already present.
     */
    static TargetTable raisingSeq(DataSource target, String table, List<String> key, Tally.Counts counts) {
        List<String> columns = new ArrayList<>(key);
        columns.add("seq");
        return new TargetTable(target, table, columns, key, null, true, counts);
    }

    private String insertSql() {
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        if (raiseOnly) {
            return insert + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET seq = excluded.seq WHERE "
                    + table + ".seq < excluded.seq";
        }
        // Any conflict, not only the key's: a unique index elsewhere (a message's sender and
        // client id) must not fail the page; the rows not inserted are looked up by key below.
        return insert + " ON CONFLICT DO NOTHING";
    }

    /** Writes {@code rows} (values in {@link #columns} order) in one transaction and counts them. */
    void write(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try {
                long copied = 0;
                List<Object[]> notInserted = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                    for (Object[] row : rows) {
                        for (int i = 0; i < row.length; i++) {
                            ps.setObject(i + 1, row[i]);
                        }
                        ps.addBatch();
                    }
                    int[] done = ps.executeBatch();
                    for (int i = 0; i < done.length; i++) {
                        if (done[i] > 0) {
                            copied++;
                        } else {
                            notInserted.add(rows.get(i));
                        }
                    }
                }
                long present = raiseOnly ? notInserted.size() : countPresent(c, notInserted);
                c.commit();
                counts.add(rows.size(), copied, present);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write " + table + " into the cluster's database: " + e.getMessage(), e);
        }
    }

    /** How many of {@code rows} the target holds under their key (with the same {@link #sameColumn}); notes the others. */
    private long countPresent(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Integer> keyAt = key.stream().map(columns::indexOf).toList();
        int sameAt = sameColumn == null ? -1 : columns.indexOf(sameColumn);
        String tuple = "(" + key.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        String sql = "SELECT " + String.join(", ", key) + (sameColumn == null ? "" : ", " + sameColumn) + " FROM "
                + table + " WHERE (" + String.join(", ", key) + ") IN ("
                + rows.stream().map(r -> tuple).collect(Collectors.joining(", ")) + ")";
        Map<String, Object> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (Object[] row : rows) {
                for (int at : keyAt) {
                    ps.setObject(p++, row[at]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> k = new ArrayList<>();
                    for (int i = 1; i <= key.size(); i++) {
                        k.add(rs.getObject(i));
                    }
                    found.put(keyOf(k), sameColumn == null ? Boolean.TRUE : rs.getObject(key.size() + 1));
                }
            }
        }
        long present = 0;
        for (Object[] row : rows) {
            List<Object> k = keyAt.stream().map(at -> row[at]).toList();
            String id = keyOf(k);
            if (!found.containsKey(id)) {
                counts.problem("not inserted and not present (another unique value conflicts): " + k);
            } else if (sameAt >= 0 && !Objects.equals(String.valueOf(found.get(id)), String.valueOf(row[sameAt]))) {
                counts.problem(k + " holds " + sameColumn + " " + found.get(id) + " in the target, not " + row[sameAt]);
            } else {
                present++;
            }
        }
        return present;
    }

    private static String keyOf(List<Object> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining("\u0000"));
    }
}
