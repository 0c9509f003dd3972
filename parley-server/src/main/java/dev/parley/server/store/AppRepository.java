package dev.parley.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Apps and their settings. App Secrets are stored sealed ({@link SecretSealer}) and opened as
 * rows are read: callers see plaintext in memory only. Get one with {@link SecretsAtRest#open}.
 */
public final class AppRepository {
    private static final String COLUMNS =
            "app_key, app_secret, name, token_ttl_seconds, status, created_at, updated_at, retention_days, send_rate_limit";
    private final Jdbc jdbc;
    private final SecretSealer sealer;

    AppRepository(Database db, SecretSealer sealer) {
        this.jdbc = new Jdbc(db.dataSource());
        this.sealer = sealer;
    }

    public void insert(AppRecord app) {
        jdbc.update("INSERT INTO apps (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", app.appKey(),
                sealer.seal(app.appKey(), app.appSecret()), app.name(), app.tokenTtlSeconds(), app.status().code(),
                app.createdAt(), app.updatedAt(), app.retentionDays(), app.sendRateLimit());
    }

    public List<AppRecord> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM apps ORDER BY created_at, app_key", this::map);
    }

    public Optional<AppRecord> find(String appKey) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM apps WHERE app_key = ?", this::map, appKey);
    }

    public boolean isEmpty() {
        return jdbc.queryOne("SELECT COUNT(*) FROM apps", rs -> rs.getLong(1)).orElse(0L) == 0;
    }

    public boolean setTokenTtl(String appKey, long ttlSeconds, long now) {
        return jdbc.update("UPDATE apps SET token_ttl_seconds = ?, updated_at = ? WHERE app_key = ?", ttlSeconds, now,
                appKey) == 1;
    }

    public boolean setRetentionDays(String appKey, int days, long now) {
        return jdbc.update("UPDATE apps SET retention_days = ?, updated_at = ? WHERE app_key = ?", days, now,
                appKey) == 1;
    }

    public boolean setSendRateLimit(String appKey, int perSecond, long now) {
        return jdbc.update("UPDATE apps SET send_rate_limit = ?, updated_at = ? WHERE app_key = ?", perSecond, now,
                appKey) == 1;
    }

    public boolean setSecret(String appKey, String secret, long now) {
        return jdbc.update("UPDATE apps SET app_secret = ?, updated_at = ? WHERE app_key = ?",
                sealer.seal(appKey, secret), now, appKey) == 1;
    }

    public boolean setStatus(String appKey, AppStatus status, long now) {
        return jdbc.update("UPDATE apps SET status = ?, updated_at = ? WHERE app_key = ?", status.code(), now,
                appKey) == 1;
    }

    /** An app's secret as stored: sealed, or plaintext left by an earlier version. */
    record StoredSecret(String appKey, String stored) {
    }

    static List<StoredSecret> storedSecrets(Database db) {
        return new Jdbc(db.dataSource()).query("SELECT app_key, app_secret FROM apps ORDER BY app_key",
                rs -> new StoredSecret(rs.getString(1), rs.getString(2)));
    }

    /**
     * Seals every plaintext secret an earlier version stored; returns how many. Idempotent, and
     * safe beside another process doing the same (each row changes only from the plaintext it had).
     * On SQLite the plaintext is then also wiped from the file's free space and log.
     */
    int sealPlaintextSecrets() {
        int sealed = jdbc.inTransaction(c -> {
            int n = 0;
            for (StoredSecret s : Jdbc.query(c, "SELECT app_key, app_secret FROM apps",
                    rs -> new StoredSecret(rs.getString(1), rs.getString(2)))) {
                if (!SecretSealer.isSealed(s.stored())) {
                    n += Jdbc.update(c, "UPDATE apps SET app_secret = ? WHERE app_key = ? AND app_secret = ?",
                            sealer.seal(s.appKey(), s.stored()), s.appKey(), s.stored());
                }
            }
            return n;
        });
        if (sealed > 0) {
            jdbc.inConnection(AppRepository::wipeFreedSqlitePages);
        }
        return sealed;
    }

    /**
     * SQLite leaves the bytes of replaced rows in free space and its write-ahead log: VACUUM
     * rewrites the file from live rows only and the TRUNCATE checkpoint empties the log. Runs
     * once, when an earlier version's plaintext was just sealed.
     */
    private static Void wipeFreedSqlitePages(Connection c) throws SQLException {
        if (!"SQLite".equals(c.getMetaData().getDatabaseProductName())) {
            return null;
        }
        try (Statement st = c.createStatement()) {
            st.execute("VACUUM");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return null;
    }

    private AppRecord map(ResultSet rs) throws SQLException {
        String appKey = rs.getString(1);
        // Plaintext is refused, not used: every start seals what an earlier version left
        // (SecretsAtRest) before anything reads apps, so a plaintext row now was written behind
        // the node's back, by someone who would then know the secret.
        return new AppRecord(appKey, sealer.open(appKey, rs.getString(2)), rs.getString(3), rs.getLong(4),
                AppStatus.of(rs.getInt(5)), rs.getLong(6), rs.getLong(7), rs.getInt(8), rs.getInt(9));
    }
}
