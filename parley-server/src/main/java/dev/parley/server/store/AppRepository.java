package dev.parley.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Apps and their settings. */
public final class AppRepository {
    private static final String COLUMNS =
            "app_key, app_secret, name, token_ttl_seconds, status, created_at, updated_at, retention_days, send_rate_limit";
    private final Jdbc jdbc;

    public AppRepository(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    public void insert(AppRecord app) {
        jdbc.update("INSERT INTO apps (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", app.appKey(),
                app.appSecret(), app.name(), app.tokenTtlSeconds(), app.status().code(), app.createdAt(),
                app.updatedAt(), app.retentionDays(), app.sendRateLimit());
    }

    public List<AppRecord> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM apps ORDER BY created_at, app_key", AppRepository::map);
    }

    public Optional<AppRecord> find(String appKey) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM apps WHERE app_key = ?", AppRepository::map, appKey);
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
        return jdbc.update("UPDATE apps SET app_secret = ?, updated_at = ? WHERE app_key = ?", secret, now, appKey) == 1;
    }

    public boolean setStatus(String appKey, AppStatus status, long now) {
        return jdbc.update("UPDATE apps SET status = ?, updated_at = ? WHERE app_key = ?", status.code(), now,
                appKey) == 1;
    }

    private static AppRecord map(ResultSet rs) throws SQLException {
        return new AppRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                AppStatus.of(rs.getInt(5)), rs.getLong(6), rs.getLong(7), rs.getInt(8), rs.getInt(9));
    }
}
