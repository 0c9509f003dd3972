package dev.parley.server.auth;

import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppStatus;

/**
 * An app as the hot paths see it, with its token-signing key derived once. The key comes
 * from the App Secret, so resetting the secret invalidates every token of the app.
 */
public record App(String appKey, String secret, String name, long tokenTtlSeconds, AppStatus status, byte[] tokenKey,
                  int retentionDays, int sendRateLimit) {

    static App of(AppRecord r) {
        return new App(r.appKey(), r.appSecret(), r.name(), r.tokenTtlSeconds(), r.status(),
                TokenService.deriveKey(r.appSecret()), r.retentionDays(), r.sendRateLimit());
    }

    public boolean active() {
        return status == AppStatus.ACTIVE;
    }

    @Override
    public String toString() {
        return "App[" + appKey + ", " + name + ", ttl=" + tokenTtlSeconds + "s, " + status + "]";
    }
}
