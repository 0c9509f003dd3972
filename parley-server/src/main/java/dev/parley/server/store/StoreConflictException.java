package dev.parley.server.store;

import java.sql.SQLException;

/**
 * The database aborted a transaction to resolve a conflict with a concurrent one (SQLState
 * 40001 serialization failure, 40P01 deadlock): nothing of it was written, and running the
 * same work again may well succeed.
 */
public class StoreConflictException extends StoreException {
    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreConflictException) {
                return true;
            }
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
