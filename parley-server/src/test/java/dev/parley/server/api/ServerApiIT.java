package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.auth.ApiSignature;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.ApiClient.Reply;
import dev.parley.server.support.RawSocket;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Server API over real HTTP against a real node. */
class ServerApiIT {
    @TempDir
    static Path dir;
    static TestNode node;
    static ApiClient api;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void firstStartWritesOwnerOnlyCredentials() throws Exception {
        Path file = dir.resolve("initial-credentials.json");
        assertThat(Files.readString(file)).contains(node.appKey(), node.appSecret(), "consolePassword");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void getTokenAnswersUserIdAndToken() {
        Reply r = api.post("/user/getToken.json", "userId", "alice_1", "name", "Alice", "portraitUri", "http://x/a.png");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().get("userId").asText()).isEqualTo("alice_1");
        assertThat(r.body().get("token").asText()).hasSizeLessThanOrEqualTo(256).matches("[A-Za-z0-9_.-]+");
    }

    @Test
    void userIdIsValidated() {
        assertThat(api.post("/user/getToken.json", "name", "x").code()).isEqualTo(1002);
        assertThat(api.post("/user/getToken.json", "userId", "bad id!").code()).isEqualTo(1002);
        Reply tooLong = api.post("/user/getToken.json", "userId", "u".repeat(65));
        assertThat(tooLong.code()).isEqualTo(1005);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("errorMessage").asText()).contains("userId");
        assertThat(api.post("/user/getToken.json", "userId", "a+b=c-d_e").code()).isEqualTo(200);
        assertThat(api.post("/user/getToken.json", "userId", "u", "name", "n".repeat(129)).code()).isEqualTo(1005);
    }

    @Test
    void refreshUpdatesProfile() {
        assertThat(api.post("/user/refresh.json", "userId", "carol", "name", "Carol").code()).isEqualTo(200);
        assertThat(api.post("/user/refresh.json", "name", "Carol").code()).isEqualTo(1002);
    }

    @Test
    void tokenExpireValidatesItsParameters() {
        assertThat(api.post("/user/token/expire.json", "userId", "dave", "time", "" + System.currentTimeMillis())
                .code()).isEqualTo(200);
        assertThat(api.post("/user/token/expire.json", "userId", "dave").code()).isEqualTo(1002);
        assertThat(api.post("/user/token/expire.json", "userId", "dave", "time", "soon").code()).isEqualTo(1002);
        String[] many = new String[44];
        for (int i = 0; i < 21; i++) {
            many[2 * i] = "userId";
            many[2 * i + 1] = "u" + i;
        }
        many[42] = "time";
        many[43] = "1";
        assertThat(api.post("/user/token/expire.json", many).code()).isEqualTo(1002);
    }

    @Test
    void blockUnblockAndQuery() {
        assertThat(api.post("/user/block.json", "userId", "eve", "userId", "frank", "minute", "10").code())
                .isEqualTo(200);
        Reply q = api.post("/user/block/query.json");
        assertThat(q.code()).isEqualTo(200);
        assertThat(q.body().get("users").findValuesAsText("userId")).contains("eve", "frank");
        assertThat(q.body().get("users").get(0).get("blockEndTime").asText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(api.post("/user/unblock.json", "userId", "eve").code()).isEqualTo(200);
        assertThat(api.post("/user/block/query.json").body().get("users").findValuesAsText("userId"))
                .contains("frank").doesNotContain("eve");
        assertThat(api.post("/user/block.json", "userId", "eve", "minute", "0").code()).isEqualTo(1002);
        assertThat(api.post("/user/block.json", "userId", "eve", "minute", "43201").code()).isEqualTo(1002);
        assertThat(api.post("/user/block.json", "userId", "eve", "minute", "43200").code()).isEqualTo(200);
    }

    @Test
    void checkOnlineOfAnOfflineUser() {
        Reply r = api.post("/user/checkOnline.json", "userId", "nobody");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("0");
    }

    @Test
    void badSignatureIs1004With401() {
        Reply r = new ApiClient(node.naviUrl(), node.appKey(), "wrong-secret").post("/user/getToken.json", "userId", "x");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo(1004);
        Reply unsigned = ApiClient.send(HttpRequest.newBuilder(URI.create(node.naviUrl() + "/user/getToken.json"))
                .POST(HttpRequest.BodyPublishers.ofString("userId=x")).build());
        assertThat(unsigned.code()).isEqualTo(1004);
    }

    @Test
    void malformedBodiesGetJsonErrors() {
        String ts = Long.toString(System.currentTimeMillis());
        HttpRequest badEncoding = signed("/user/getToken.json", "n1", ts)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("userId=%zz%")).build();
        assertThat(ApiClient.send(badEncoding).code()).isEqualTo(1002);
        HttpRequest json = signed("/user/getToken.json", "n2", ts).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"x\"}")).build();
        assertThat(ApiClient.send(json).code()).isEqualTo(1002);
        String response = RawSocket.exchange(node.httpPort(), "POST /user/getToken.json HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + 2 * 1024 * 1024 + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413").contains("\"code\":1005");
        // The node still serves.
        assertThat(api.post("/user/getToken.json", "userId", "after").code()).isEqualTo(200);
    }

    @Test
    void unknownPathAndWrongMethod() {
        assertThat(api.post("/user/nothing.json").status()).isEqualTo(404);
        Reply get = ApiClient.send(HttpRequest.newBuilder(URI.create(node.naviUrl() + "/user/getToken.json")).GET().build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.code()).isEqualTo(1002);
    }

    @Test
    void healthAndMetrics() {
        Reply health = ApiClient.send(HttpRequest.newBuilder(URI.create(node.naviUrl() + "/health")).GET().build());
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        String metrics = ApiClientText.get(node.naviUrl() + "/metrics");
        assertThat(metrics).contains("parley_gateway_sessions", "jvm_memory_used_bytes");
    }

    private HttpRequest.Builder signed(String path, String nonce, String ts) {
        return HttpRequest.newBuilder(URI.create(node.naviUrl() + path))
                .header("App-Key", node.appKey()).header("Nonce", nonce).header("Timestamp", ts)
                .header("Signature", ApiSignature.compute(node.appSecret(), nonce, ts));
    }

    /** Plain-text GET for /metrics. */
    static final class ApiClientText {
        static String get(String url) {
            try {
                return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
