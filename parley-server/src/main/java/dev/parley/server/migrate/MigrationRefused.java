package dev.parley.server.migrate;

/** A migration refused before writing anything, with what to do about it. */
public final class MigrationRefused extends RuntimeException {
    public MigrationRefused(String message) {
        super(message);
    }

    public MigrationRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
