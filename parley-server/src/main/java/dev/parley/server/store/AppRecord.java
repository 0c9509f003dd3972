package dev.parley.server.store;

/**
 * An app as stored: its credentials and per-app settings.
 *
 * @param tokenTtlSeconds lifetime of new tokens, 0 = never expire
 * @param retentionDays   how long messages are kept for offline sync and history (1..7)
 * @param sendRateLimit   messages per second one client connection may send, 0 = no limit
 */
public record AppRecord(String appKey, String appSecret, String name, long tokenTtlSeconds, AppStatus status,
                        long createdAt, long updatedAt, int retentionDays, int sendRateLimit) {
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final int DEFAULT_SEND_RATE_LIMIT = 5;
}
