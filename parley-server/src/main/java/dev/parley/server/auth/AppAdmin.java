package dev.parley.server.auth;

import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.AppStatus;
import java.time.Clock;
import java.util.List;

/** Creating apps and changing their settings: used by the CLI and the admin API. */
public final class AppAdmin {
    /** Longest token lifetime accepted: ten years. 0 means never expires. */
    public static final long MAX_TOKEN_TTL_SECONDS = 10L * 366 * 24 * 3600;

    private final AppRepository repository;
    private final Clock clock;
    private final Runnable onChange;

    public AppAdmin(AppRepository repository, Clock clock, Runnable onChange) {
        this.repository = repository;
        this.clock = clock;
        this.onChange = onChange;
    }

    public AppRecord create(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("app name must be 1..128 characters");
        }
        long now = clock.millis();
        AppRecord app = new AppRecord(Secrets.appKey(), Secrets.appSecret(), name, 0, AppStatus.ACTIVE, now, now,
                AppRecord.DEFAULT_RETENTION_DAYS, AppRecord.DEFAULT_SEND_RATE_LIMIT);
        repository.insert(app);
        onChange.run();
        return app;
    }

    public List<AppRecord> list() {
        return repository.findAll();
    }

    public void setTokenTtl(String appKey, long ttlSeconds) {
        if (ttlSeconds < 0 || ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
            throw new IllegalArgumentException("token lifetime must be 0 (never expires) .. " + MAX_TOKEN_TTL_SECONDS + " s");
        }
        require(repository.setTokenTtl(appKey, ttlSeconds, clock.millis()), appKey);
    }

    /** Sets how many days messages are kept for offline sync and history (SPEC §7: 1..7). */
    public void setRetentionDays(String appKey, int days) {
        if (days < 1 || days > 7) {
            throw new IllegalArgumentException("retention must be 1..7 days");
        }
        require(repository.setRetentionDays(appKey, days, clock.millis()), appKey);
    }

    /** Sets how many messages per second one client connection may send; 0 = no limit (load tests). */
    public void setSendRateLimit(String appKey, int perSecond) {
        if (perSecond < 0 || perSecond > 1_000_000) {
            throw new IllegalArgumentException("send rate limit must be 0 (no limit) .. 1000000 per second");
        }
        require(repository.setSendRateLimit(appKey, perSecond, clock.millis()), appKey);
    }

    /** Gives the app a new secret; every token issued under the old one stops working. */
    public String resetSecret(String appKey) {
        String secret = Secrets.appSecret();
        require(repository.setSecret(appKey, secret, clock.millis()), appKey);
        return secret;
    }

    public void setStatus(String appKey, AppStatus status) {
        require(repository.setStatus(appKey, status, clock.millis()), appKey);
    }

    private void require(boolean changed, String appKey) {
        if (!changed) {
            throw new IllegalArgumentException("no app with key " + appKey);
        }
        onChange.run();
    }
}
