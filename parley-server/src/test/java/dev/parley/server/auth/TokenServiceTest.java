package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.TokenClaims;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.Database;
import dev.parley.server.store.UserRepository;
import dev.parley.server.support.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
    @TempDir
    Path dir;
    Database db;
    MutableClock clock = new MutableClock(1_700_000_000_000L);
    AppRegistry apps;
    AppAdmin admin;
    UserRepository users;
    Restrictions restrictions;
    TokenService tokens;
    App app;

    @BeforeEach
    void setUp() {
        db = Database.openEmbedded(dir);
        AppRepository repo = SecretsAtRest.open(db, dir, Map.of());
        apps = new AppRegistry(repo);
        admin = new AppAdmin(repo, clock, apps::reload);
        AppRecord rec = admin.create("test");
        app = apps.find(rec.appKey()).orElseThrow();
        users = new UserRepository(db);
        restrictions = new Restrictions(users, clock);
        tokens = new TokenService(restrictions, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void issuedTokenVerifiesAndCarriesTheUserId() {
        String token = tokens.issue(app, "alice");
        assertThat(token.length()).isLessThanOrEqualTo(256);
        assertThat(token).matches("[A-Za-z0-9_.-]+");
        assertThat(TokenClaims.parse(token).orElseThrow().userId()).isEqualTo("alice");
        TokenService.Verification v = tokens.verify(app, token);
        assertThat(v.ok()).isTrue();
        assertThat(v.userId()).isEqualTo("alice");
    }

    @Test
    void forgedClaimsAreRefused() {
        String token = tokens.issue(app, "alice");
        TokenClaims.Parts parts = TokenClaims.split(token).orElseThrow();
        byte[] evil = new TokenClaims(app.appKey(), "mallory", clock.millis(), 0).toBytes();
        String forged = TokenClaims.format(evil, parts.mac());
        assertThat(tokens.verify(app, forged).code()).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(tokens.verify(app, forged).detail()).contains("signature");
    }

    @Test
    void tokenOfAnotherAppIsRefused() {
        App other = apps.find(admin.create("other").appKey()).orElseThrow();
        TokenService.Verification v = tokens.verify(app, tokens.issue(other, "alice"));
        assertThat(v.code()).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(v.detail()).contains("another app");
    }

    @Test
    void lifetimeIsPerAppAndDefaultsToNever() {
        String forever = tokens.issue(app, "alice");
        admin.setTokenTtl(app.appKey(), 60);
        App withTtl = apps.find(app.appKey()).orElseThrow();
        String shortLived = tokens.issue(withTtl, "alice");
        clock.advance(59_999);
        assertThat(tokens.verify(withTtl, shortLived).ok()).isTrue();
        clock.advance(1);
        assertThat(tokens.verify(withTtl, shortLived).detail()).isEqualTo("token expired");
        clock.advance(10L * 365 * 24 * 3600 * 1000);
        assertThat(tokens.verify(withTtl, forever).ok()).isTrue();
    }

    @Test
    void newTokenDoesNotVoidOlderOnes() {
        String first = tokens.issue(app, "alice");
        clock.advance(1000);
        String second = tokens.issue(app, "alice");
        assertThat(tokens.verify(app, first).ok()).isTrue();
        assertThat(tokens.verify(app, second).ok()).isTrue();
    }

    @Test
    void revocationVoidsTokensIssuedBeforeItsTimeOnly() {
        String old = tokens.issue(app, "alice");
        String bobs = tokens.issue(app, "bob");
        clock.advance(1000);
        users.setTokenInvalidBefore(app.appKey(), List.of("alice"), clock.millis(), clock.millis());
        users.find(app.appKey(), "alice").ifPresent(restrictions::apply);
        String fresh = tokens.issue(app, "alice");
        assertThat(tokens.verify(app, old).detail()).isEqualTo("token revoked");
        assertThat(tokens.verify(app, fresh).ok()).isTrue();
        assertThat(tokens.verify(app, bobs).ok()).isTrue();
    }

    @Test
    void revocationWrittenElsewhereIsSeenAfterCatchUp() {
        String old = tokens.issue(app, "alice");
        clock.advance(1000);
        users.setTokenInvalidBefore(app.appKey(), List.of("alice"), clock.millis(), clock.millis());
        assertThat(tokens.verify(app, old).ok()).as("cache not yet refreshed").isTrue();
        restrictions.catchUp();
        assertThat(tokens.verify(app, old).ok()).isFalse();
    }

    @Test
    void resettingTheSecretVoidsEveryToken() {
        String token = tokens.issue(app, "alice");
        admin.resetSecret(app.appKey());
        App reset = apps.find(app.appKey()).orElseThrow();
        assertThat(tokens.verify(reset, token).code()).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(tokens.verify(reset, tokens.issue(reset, "alice")).ok()).isTrue();
    }

    @Test
    void garbageIsRefusedNotThrown() {
        for (String bad : new String[] {"", "x", "a.b", "....", "AQ.AQ", "%%%"}) {
            assertThat(tokens.verify(app, bad).code()).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        }
    }
}
