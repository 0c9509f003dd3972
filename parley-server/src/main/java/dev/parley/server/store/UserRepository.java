package dev.parley.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Users of each app. Users exist once an app server registers them (getToken). */
public final class UserRepository {
    private static final String COLUMNS =
            "app_key, user_id, name, portrait_uri, token_invalid_before, blocked_until, updated_at";
    private final Jdbc jdbc;

    public UserRepository(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    /** Registers the user or updates the profile fields that are given (null leaves a field as is). */
    public void upsertProfile(String appKey, String userId, String name, String portraitUri, long now) {
        jdbc.inTransaction(c -> {
            int n = Jdbc.update(c, "UPDATE users SET name = COALESCE(?, name), portrait_uri = COALESCE(?, portrait_uri),"
                    + " updated_at = ? WHERE app_key = ? AND user_id = ?", name, portraitUri, now, appKey, userId);
            if (n == 0) {
                Jdbc.update(c, "INSERT INTO users (app_key, user_id, name, portrait_uri, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", appKey, userId, name, portraitUri, now, now);
            }
            return null;
        });
    }

    public Optional<UserRecord> find(String appKey, String userId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE app_key = ? AND user_id = ?",
                UserRepository::map, appKey, userId);
    }

    /** Sets the revocation time of each user, registering unknown ones so the revocation holds. */
    public void setTokenInvalidBefore(String appKey, Collection<String> userIds, long time, long now) {
        setColumn("token_invalid_before", appKey, userIds, time, now);
    }

    /** Sets (or with 0 clears) the block end time of each user. */
    public void setBlockedUntil(String appKey, Collection<String> userIds, long until, long now) {
        setColumn("blocked_until", appKey, userIds, until, now);
    }

    private void setColumn(String column, String appKey, Collection<String> userIds, long value, long now) {
        jdbc.inTransaction(c -> {
            for (String userId : userIds) {
                int n = Jdbc.update(c, "UPDATE users SET " + column + " = ?, updated_at = ? WHERE app_key = ? AND user_id = ?",
                        value, now, appKey, userId);
                if (n == 0) {
                    Jdbc.update(c, "INSERT INTO users (app_key, user_id, " + column + ", created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?)", appKey, userId, value, now, now);
                }
            }
            return null;
        });
    }

    /** Users currently blocked (block end after {@code now}). */
    public List<UserRecord> findBlocked(String appKey, long now) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE app_key = ? AND blocked_until > ? ORDER BY user_id",
                UserRepository::map, appKey, now);
    }

    /** Every user with a revocation or block on record: the connect path's cache is built from these. */
    public List<UserRecord> findWithRestrictions() {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE token_invalid_before > 0 OR blocked_until > 0",
                UserRepository::map);
    }

    /** Users changed at or after {@code since}: lets a cache catch up with writes of other nodes or the CLI. */
    public List<UserRecord> findChangedSince(long since) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE updated_at >= ?", UserRepository::map, since);
    }

    private static UserRecord map(ResultSet rs) throws SQLException {
        return new UserRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7));
    }
}
