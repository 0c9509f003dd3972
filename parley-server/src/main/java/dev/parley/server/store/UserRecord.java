package dev.parley.server.store;

/** A user of an app, with the two facts the connect path needs: revocation and block times. */
public record UserRecord(String appKey, String userId, String name, String portraitUri, long tokenInvalidBefore,
                         long blockedUntil, long updatedAt) {
}
