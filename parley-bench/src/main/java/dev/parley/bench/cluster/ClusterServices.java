package dev.parley.bench.cluster;

import dev.parley.bench.measure.ServiceCpu;
import dev.parley.bench.measure.ServicesMeter;
import dev.parley.bench.measure.ServicesReading;
import dev.parley.bench.measure.WalLsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a cluster run's storage services: the CPU of every PostgreSQL and Redis process on
 * this machine ({@link ServiceCpu}), the server's WAL position and the commits of the run's
 * database. One statement per reading on a connection of its own, opened once: its backend's
 * CPU and its two commits per phase are part of what is measured, and negligible.
 *
 * <p>{@code pg_stat_database.xact_commit} is flushed by each backend at most about once a
 * second, so the commit count of a phase lags by up to that much at either end.
 */
final class ClusterServices implements ServicesMeter, AutoCloseable {
    private static final String QUERY = "SELECT pg_current_wal_lsn()::text, "
            + "(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())";

    private final BenchDatabase database;
    private Connection connection;

    ClusterServices(BenchDatabase database) {
        this.database = database;
    }

    @Override
    public synchronized ServicesReading read() {
        Optional<ServiceCpu.Totals> cpu = ServiceCpu.read(database.name());
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.connect();
                connection.setAutoCommit(true);
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
                rs.next();
                return new ServicesReading(cpu, Optional.of(WalLsn.parse(rs.getString(1))),
                        OptionalLong.of(rs.getLong(2)));
            }
        } catch (SQLException | RuntimeException e) {
            return new ServicesReading(cpu, Optional.empty(), OptionalLong.empty());
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing anyway
            }
            connection = null;
        }
    }
}
