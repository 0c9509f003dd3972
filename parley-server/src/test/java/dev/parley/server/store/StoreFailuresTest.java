package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Why: the writer fails fast on an unreachable database and runs a batch again after a deadlock; both rest on this. */
class StoreFailuresTest {

    @Test
    void noConnectionFromThePoolOrALostOneMeansTheStoreIsUnavailable() {
        assertThat(Jdbc.failure("x", new SQLTransientConnectionException("pool timed out")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Jdbc.failure("x", new SQLException("An I/O error occurred", "08006")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Jdbc.failure("x", new SQLException("terminating connection", "57P01")))
                .isInstanceOf(StoreUnavailableException.class);
        // However deep the driver's reason lies under the statement that failed.
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 aborted", "08006", new int[0]);
        assertThat(Jdbc.failure("x", new StoreException("insert failed", batch)))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void deadlocksAndSerializationFailuresAreConflictsWorthRunningAgain() {
        assertThat(Jdbc.failure("x", new SQLException("deadlock detected", "40P01")))
                .isInstanceOf(StoreConflictException.class);
        assertThat(Jdbc.failure("x", new StoreException("w", new SQLException("could not serialize", "40001"))))
                .isInstanceOf(StoreConflictException.class);
    }

    @Test
    void anyOtherFailureStaysAPlainStoreException() {
        StoreException plain = new StoreException("w", new SQLException("duplicate key", "23505"));

        assertThat(Jdbc.failure("x", plain)).isSameAs(plain);
        assertThat(Jdbc.failure("x", new SQLException("syntax error", "42601"))).isExactlyInstanceOf(
                StoreException.class);
    }
}
