package dev.parley.server.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
    private static final String HEADS = "inbox_heads";
    /** Names go into SQL text (values never do): only plain identifiers, as the migrations write them. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** One table to copy: its columns and primary key in the SQLite file. */
    record Table(String name, List<String> columns, List<String> key) {
    }

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

    /**
     * The tables to copy, {@link #ORDER} first.
     *
     * @throws MigrationRefused when the target lacks one of them or one of their columns
     */
    List<Table> plan() throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Connection c = source.sqlite()) {
            for (String name : tableNames(c)) {
                tables.add(table(c, name));
            }
        }
        try (Connection c = target.getConnection()) {
            checkTarget(c, tables);
        } catch (SQLException e) {
            throw new MigrationRefused("cannot read the schema of the cluster's database: " + e.getMessage(), e);
        }
        return tables;
    }

    /** Refuses when the target lacks a table or column of {@code tables}. */
    private static void checkTarget(Connection c, List<Table> tables) throws SQLException {
        for (Table t : tables) {
            Set<String> present = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = ?")) {
                ps.setString(1, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        present.add(rs.getString(1));
                    }
                }
            }
            List<String> missing = t.columns().stream().filter(col -> !present.contains(col)).toList();
            if (!missing.isEmpty()) {
                throw new MigrationRefused("the cluster's database has no " + (present.isEmpty() ? "table " + t.name()
                        : "column " + missing + " in " + t.name()) + ", which " + EmbeddedDataDir.DATABASE
                        + " has: is the data dir from a later version than this parley?");
            }
        }
    }

    /** Copies {@code tables} ({@link #plan}). */
    void run(List<Table> tables) throws SQLException {
        try (Connection c = source.sqlite()) {
            for (Table t : tables) {
                copy(c, t);
            }
        }
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

    private static List<String> tableNames(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite_%' ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!SKIPPED.contains(rs.getString(1))) {
                    tables.add(identifier(rs.getString(1)));
                }
            }
        }
        tables.sort(Comparator.comparingInt(t -> ORDER.contains(t) ? ORDER.indexOf(t) : ORDER.size()));
        return tables;
    }

    private static Table table(Connection c, String name) throws SQLException {
        List<String> columns = new ArrayList<>();
        TreeMap<Integer, String> key = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(identifier(rs.getString(1)));
                    if (rs.getInt(2) > 0) {
                        key.put(rs.getInt(2), rs.getString(1));
                    }
                }
            }
        }
        if (name.equals(HEADS)) {
            return new Table(name, List.of("app_key", "user_id", "seq"), List.of("app_key", "user_id"));
        }
        return new Table(name, columns, key.isEmpty() ? columns : List.copyOf(key.values()));
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new MigrationRefused(EmbeddedDataDir.DATABASE + " has a table or column Parley's migrations do not"
                    + " make: " + name);
        }
        return name;
    }

    private void copy(Connection c, Table t) throws SQLException {
        Tally.Counts counts = tally.table(t.name());
        // Heads (empty in a node of this version: its heads are in the message store) only ever raise the target's.
        TargetTable out = t.name().equals(HEADS)
                ? TargetTable.raisingSeq(target, t.name(), t.key(), counts)
                : TargetTable.keyed(target, t.name(), t.columns(), t.key(), counts);
        int secretAt = t.name().equals("apps") ? t.columns().indexOf("app_secret") : -1;
        int appKeyAt = t.columns().indexOf("app_key");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", t.columns()) + " FROM " + t.name()
                + " ORDER BY " + String.join(", ", t.key()))) {
            ps.setFetchSize(page);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new ArrayList<>(page);
                while (rs.next()) {
                    Object[] row = new Object[t.columns().size()];
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
