package dev.parley.server.api;

import dev.parley.server.auth.ApiSignature;
import dev.parley.server.auth.App;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.auth.ReplayGuard;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;

/**
 * Checks the signature headers of a Server API call (SPEC §6): App-Key, Nonce, Timestamp,
 * Signature, each also accepted with an {@code RC-} prefix. Timestamps below 10^12 are
 * seconds, others milliseconds; they must fall inside the skew window; a (nonce, timestamp)
 * pair is accepted once.
 */
public final class ApiAuthenticator {
    private static final long SECONDS_BELOW = 1_000_000_000_000L;
    /** Per app: 10 minutes of retention at ~1,600 calls/s; 16 bytes of digest (plus cache overhead) each. */
    private static final long MAX_REPLAY_ENTRIES_PER_APP = 1_000_000;

    private final AppRegistry apps;
    private final ReplayGuard replays;
    private final Clock clock;
    private final long skewMillis;

    public ApiAuthenticator(AppRegistry apps, Clock clock, Duration skew) {
        this.apps = apps;
        this.clock = clock;
        this.skewMillis = skew.toMillis();
        this.replays = new ReplayGuard(skew, MAX_REPLAY_ENTRIES_PER_APP);
    }

    public App authenticate(HttpHeaders headers) {
        String appKey = header(headers, "App-Key");
        String nonce = header(headers, "Nonce");
        String timestamp = header(headers, "Timestamp");
        String signature = header(headers, "Signature");
        if (appKey == null || nonce == null || timestamp == null || signature == null) {
            throw ApiException.unauthorized("App-Key, Nonce, Timestamp and Signature headers are required");
        }
        long millis = parseTimestamp(timestamp);
        if (Math.abs(clock.millis() - millis) > skewMillis) {
            throw ApiException.unauthorized("Timestamp is outside the allowed window of ±" + skewMillis / 1000
                    + " s of server time");
        }
        App app = apps.find(appKey).orElseThrow(() -> ApiException.unauthorized("unknown App-Key"));
        if (!ApiSignature.matches(app.secret(), nonce, timestamp, signature)) {
            throw ApiException.unauthorized("signature mismatch: expected sha1(AppSecret + Nonce + Timestamp) in hex");
        }
        if (!app.active()) {
            throw ApiException.unauthorized("app is " + app.status().name().toLowerCase());
        }
        // Only after the signature: an unknown or forging caller never gets a replay cache made for it.
        if (!replays.firstUse(appKey, nonce, timestamp)) {
            throw ApiException.unauthorized("replayed request: this Nonce and Timestamp were already used");
        }
        return app;
    }

    private static long parseTimestamp(String raw) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.unauthorized("Timestamp must be an integer (seconds or milliseconds)");
        }
        return value < SECONDS_BELOW ? value * 1000 : value;
    }

    private static String header(HttpHeaders headers, String name) {
        String v = headers.get(name);
        if (v == null) {
            v = headers.get("RC-" + name);
        }
        return v == null || v.isEmpty() ? null : v;
    }
}
