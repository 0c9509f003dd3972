package dev.parley.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Thin helper so repositories state their SQL and mapping, not connection plumbing. */
public final class Jdbc {
    private final DataSource ds;

    Jdbc(DataSource ds) {
        this.ds = ds;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    int update(String sql, Object... args) {
        return inConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return inConnection(c -> query(c, sql, mapper, args));
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** Runs {@code work} in one transaction. */
    <T> T inTransaction(Work<T> work) {
        return inConnection(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                // On a broken connection the pool has closed it: cleaning up fails too, and
                // must not hide why (a lost connection, not "connection is closed").
                try {
                    c.rollback();
                    c.setAutoCommit(auto);
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            c.setAutoCommit(auto);
            return result;
        });
    }

    <T> T inConnection(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e.getMessage(), e);
        } catch (StoreException e) {
            throw e.getClass() == StoreException.class ? failure(e.getMessage(), e) : e;
        }
    }

    /**
     * A failure as the {@link StoreException} that tells callers what they can do about it:
     * {@link StoreUnavailableException} when the database is out of reach (fail fast, retry
     * later), {@link StoreConflictException} when it aborted the transaction for a concurrent
     * one (run it again), else a plain {@link StoreException} (the same {@code e} if it is one).
     */
    static StoreException failure(String message, Throwable e) {
        if (StoreUnavailableException.isConnectionFailure(e)) {
            return e instanceof StoreUnavailableException u ? u : new StoreUnavailableException(message, e);
        }
        if (StoreConflictException.isConflict(e)) {
            return e instanceof StoreConflictException c ? c : new StoreConflictException(message, e);
        }
        return e instanceof StoreException s ? s : new StoreException(message, e);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
