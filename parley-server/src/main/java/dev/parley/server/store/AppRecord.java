package dev.parley.server.store;

/** An app as stored: its credentials and per-app settings. */
public record AppRecord(String appKey, String appSecret, String name, long tokenTtlSeconds, AppStatus status,
                        long createdAt, long updatedAt) {
}
