package dev.parley.server.store;

/** A storage operation failed; callers map it to an internal-error response. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
