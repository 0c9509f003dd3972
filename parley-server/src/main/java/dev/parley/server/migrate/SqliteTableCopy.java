package dev.parley.server.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Copies the tables of an embedded node's SQLite file (apps, users with their blocks and token
 * revocations, admin accounts, groups and their members, and any table a later migration adds)
 * into the cluster's database, a page of rows per transaction. Both have the schema of the same
 * Flyway migrations, so each table is copied column for column, by name; App Secrets are sealed
 * for the cluster on the way ({@link AppSecretKeys#forCluster}).
 */
final class SqliteTableCopy {
    /** Copied first, in this order (a member after its group); any other table after them. */
    static final List<String> ORDER = List.of("apps", "users", "admin_accounts", "chat_groups", "group_members");
    /** Not copied from here: Flyway's own table, and the message tables, which the message store holds. */
    private static final Set<String> SKIPPED = Set.of("flyway_schema_history", "messages", "inbox");

    private final EmbeddedDataDir source;
    private final DataSource target;
    private final AppSecretKeys keys;
    private final Tally tally;
    private final int page;

    SqliteTableCopy(EmbeddedDataDir source, DataSource target, AppSecretKeys keys, Tally tally, int page) {
        this.source = source;
        this.target = target;
        this.keys = keys;
        this.tally = tally;
        this.page = page;
    }

    /** Copies every table that holds data. */
    void run() throws SQLException {
        try (Connection c = source.sqlite()) {
            for (String table : tables(c)) {
                copy(c, table);
            }
        }
    }

    /** The data tables of the file, {@link #ORDER} first. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite_%' ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!SKIPPED.contains(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        tables.sort(Comparator.comparingInt(t -> ORDER.contains(t) ? ORDER.indexOf(t) : ORDER.size()));
        return tables;
    }

    /** The App Key → stored App Secret of every app in the file. */
    static TreeMap<String, String> appSecrets(EmbeddedDataDir source) throws SQLException {
        TreeMap<String, String> secrets = new TreeMap<>();
        try (Connection c = source.sqlite();
             PreparedStatement ps = c.prepareStatement("SELECT app_key, app_secret FROM apps");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                secrets.put(rs.getString(1), rs.getString(2));
            }
        }
        return secrets;
    }

    private void copy(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        TreeMap<Integer, String> key = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    if (rs.getInt(2) > 0) {
                        key.put(rs.getInt(2), rs.getString(1));
                    }
                }
            }
        }
        List<String> keyColumns = key.isEmpty() ? columns : List.copyOf(key.values());
        Tally.Counts counts = tally.table(table);
        TargetTable out = table.equals("inbox_heads")
                ? TargetTable.raisingSeq(target, table, List.of("app_key", "user_id"), counts)
                : TargetTable.keyed(target, table, columns, keyColumns, counts);
        List<String> read = table.equals("inbox_heads") ? List.of("app_key", "user_id", "seq") : columns;
        int secretAt = table.equals("apps") ? read.indexOf("app_secret") : -1;
        int appKeyAt = read.indexOf("app_key");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", read) + " FROM " + table
                + " ORDER BY " + String.join(", ", keyColumns))) {
            ps.setFetchSize(page);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new ArrayList<>(page);
                while (rs.next()) {
                    Object[] row = new Object[read.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    if (secretAt >= 0) {
                        row[secretAt] = keys.forCluster((String) row[appKeyAt], (String) row[secretAt]);
                    }
                    rows.add(row);
                    if (rows.size() == page) {
                        out.write(rows);
                        rows = new ArrayList<>(page);
                    }
                }
                out.write(rows);
            }
        }
    }
}
