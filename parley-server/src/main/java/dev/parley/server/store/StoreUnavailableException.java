package dev.parley.server.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The database could not be reached, or the connection to it broke, so the operation did not
 * happen (or, for a commit whose answer was lost, may have: a send failing this way is retried
 * by its client under the same client message id, which stores it at most once). Transient:
 * the same operation succeeds once the database answers again, without a restart.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code e} or one of its causes says the database is out of reach: no connection
     * within the pool's timeout, SQLState class 08 (connection exception), or the server
     * shutting down or not yet accepting connections (57P01-57P03).
     */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
