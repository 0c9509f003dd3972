package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.auth.ApiSignature;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.AppStatus;
import dev.parley.server.store.Database;
import dev.parley.server.support.MutableClock;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAuthenticatorTest {
    @TempDir
    Path dir;
    Database db;
    MutableClock clock = new MutableClock(1_700_000_000_000L);
    AppAdmin admin;
    AppRecord app;
    ApiAuthenticator auth;

    @BeforeEach
    void setUp() {
        db = Database.openEmbedded(dir);
        AppRepository repo = SecretsAtRest.open(db, dir, Map.of());
        AppRegistry apps = new AppRegistry(repo);
        admin = new AppAdmin(repo, clock, apps::reload);
        app = admin.create("test");
        auth = new ApiAuthenticator(apps, clock, Duration.ofMinutes(5));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private HttpHeaders signed(String prefix, String nonce, String timestamp) {
        return new DefaultHttpHeaders()
                .set(prefix + "App-Key", app.appKey())
                .set(prefix + "Nonce", nonce)
                .set(prefix + "Timestamp", timestamp)
                .set(prefix + "Signature", ApiSignature.compute(app.appSecret(), nonce, timestamp));
    }

    private int codeOf(HttpHeaders h) {
        try {
            auth.authenticate(h);
            return 200;
        } catch (ApiException e) {
            assertThat(e.httpStatus()).isEqualTo(401);
            return e.code();
        }
    }

    @Test
    void acceptsMillisecondsAndSecondsAndBothHeaderSpellings() {
        assertThat(auth.authenticate(signed("", "1", Long.toString(clock.millis()))).appKey()).isEqualTo(app.appKey());
        assertThat(auth.authenticate(signed("RC-", "2", Long.toString(clock.millis() / 1000))).appKey())
                .isEqualTo(app.appKey());
    }

    @Test
    void acceptsRongCloudStyleNoncesAndLongNonces() {
        assertThat(codeOf(signed("", "538917.2331237112", Long.toString(clock.millis() / 1000)))).isEqualTo(200);
        assertThat(codeOf(signed("", "n".repeat(4000), Long.toString(clock.millis())))).isEqualTo(200);
    }

    @Test
    void refusesOutsideTheSkewWindowEitherSide() {
        long now = clock.millis();
        assertThat(codeOf(signed("", "a", Long.toString(now - 300_000)))).isEqualTo(200);
        assertThat(codeOf(signed("", "b", Long.toString(now + 300_000)))).isEqualTo(200);
        assertThat(codeOf(signed("", "c", Long.toString(now - 300_001)))).isEqualTo(1004);
        assertThat(codeOf(signed("", "d", Long.toString(now + 301_000)))).isEqualTo(1004);
        assertThat(codeOf(signed("", "e", Long.toString(now / 1000 - 301)))).isEqualTo(1004);
    }

    @Test
    void refusesAReplayInsideTheWindow() {
        HttpHeaders h = signed("", "once", Long.toString(clock.millis()));
        assertThat(codeOf(h)).isEqualTo(200);
        assertThatThrownBy(() -> auth.authenticate(h)).hasMessageContaining("replayed");
        // Same nonce with another timestamp is a different request.
        assertThat(codeOf(signed("", "once", Long.toString(clock.millis() + 1)))).isEqualTo(200);
    }

    @Test
    void refusesBadSignatureUnknownAppMissingHeadersAndBlockedApp() {
        HttpHeaders bad = signed("", "x", Long.toString(clock.millis())).set("Signature", "0".repeat(40));
        assertThat(codeOf(bad)).isEqualTo(1004);
        HttpHeaders unknown = signed("", "y", Long.toString(clock.millis())).set("App-Key", "nope");
        assertThat(codeOf(unknown)).isEqualTo(1004);
        HttpHeaders missing = signed("", "z", Long.toString(clock.millis())).remove("Nonce");
        assertThat(codeOf(missing)).isEqualTo(1004);
        HttpHeaders notANumber = signed("", "w", "yesterday");
        assertThat(codeOf(notANumber)).isEqualTo(1004);
        admin.setStatus(app.appKey(), AppStatus.BLOCKED);
        assertThat(codeOf(signed("", "v", Long.toString(clock.millis())))).isEqualTo(1004);
    }
}
