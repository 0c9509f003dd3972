package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.store.Durability;
import dev.parley.server.store.RocksMessageStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTakenPortIsOneClearErrorLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            CommandLine cli = ParleyCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("serve", "--data-dir", dir.toString(), "--host", "127.0.0.1",
                    "--http-port", "0", "--tcp-port", Integer.toString(taken.getLocalPort()));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aDataDirHeldByAnotherNodeIsOneClearErrorLine() {
        try (RocksMessageStore running = RocksMessageStore.open(dir.resolve("messages"))) {
            StringWriter err = new StringWriter();
            CommandLine cli = ParleyCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("serve", "--data-dir", dir.toString(), "--host", "127.0.0.1",
                    "--http-port", "0", "--tcp-port", "0");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("error: cannot open the message store in " + dir.resolve("messages")
                    + ": another node is running on this data dir").doesNotContain("\tat ");
        }
    }

    @Test
    void durabilityIsFsyncUnlessOsIsAskedFor() {
        assertThat(parse().config().durability()).isEqualTo(Durability.FSYNC);
        assertThat(parse("--durability", "os").config().durability()).isEqualTo(Durability.OS);
        assertThat(parse("--durability", "FSYNC").config().durability()).isEqualTo(Durability.FSYNC);
        assertThat(ServerConfig.defaults(dir).durability()).isEqualTo(Durability.FSYNC);
    }

    @Test
    void anUnknownDurabilityIsAUsageErrorNamingTheChoices() {
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.toString(), "--durability", "none");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--durability").contains("fsync, os").contains("'none'");
    }

    @Test
    void theHelpSaysWhatEachDurabilityCosts() {
        String help = new CommandLine(new ServeCommand()).getUsageMessage();
        assertThat(help).contains("--durability=fsync|os").contains("power cut");
    }

    @Test
    void theNodeOpensItsStoresWithTheDurabilityAskedForAndSaysSoOnMetrics() throws Exception {
        for (Durability mode : Durability.values()) {
            ServerConfig config = parse("--data-dir", dir.resolve(mode.option()).toString(), "--host", "127.0.0.1",
                    "--http-port", "0", "--tcp-port", "0", "--durability", mode.option()).config();
            try (ParleyServer node = ParleyServer.start(config)) {
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(node.httpUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("parley_store_durability{mode=\"" + mode.option() + "\"} 1.0")
                        .containsOnlyOnce("parley_store_durability{");
            }
        }
    }

    @Test
    void bothUrlsMakeAClusterNodeWithTheUrlsCredentialsApart() {
        ServerConfig config = parse("--postgres-url", "postgresql://parley:s3cret@db.example:5432/chat",
                "--redis-url", "redis://cache.example:6379", "--node-id", "node-a", "--advertise-host", "10.0.0.5",
                "--drain").config();

        ClusterSettings c = config.cluster();
        assertThat(c.postgresUrl()).isEqualTo("jdbc:postgresql://db.example:5432/chat");
        assertThat(c.postgresUser()).isEqualTo("parley");
        assertThat(c.postgresPassword()).isEqualTo("s3cret");
        assertThat(c.redisUrl()).isEqualTo("redis://cache.example:6379");
        assertThat(c.nodeId()).isEqualTo("node-a");
        assertThat(c.keyPrefix()).isEqualTo(ClusterSettings.DEFAULT_KEY_PREFIX);
        assertThat(c.advertiseHost()).isEqualTo("10.0.0.5");
        assertThat(c.drain()).isTrue();
    }

    @Test
    void withoutUrlsTheNodeIsEmbedded() {
        assertThat(parse().config().cluster()).isNull();
    }

    @Test
    void anExplicitUserAndPasswordWinOverTheUrls() {
        ClusterSettings c = parse("--postgres-url", "postgresql://a:b@db/chat", "--postgres-user", "c",
                "--postgres-password", "d", "--redis-url", "redis://r").config().cluster();

        assertThat(c.postgresUser()).isEqualTo("c");
        assertThat(c.postgresPassword()).isEqualTo("d");
    }

    @Test
    void theNodeIdDefaultsToTheHostNameAndHttpPort() {
        ClusterSettings c = parse("--postgres-url", "jdbc:postgresql://db/chat", "--redis-url", "redis://r",
                "--http-port", "8800").config().cluster();

        assertThat(c.nodeId()).isEqualTo(NodeIdentity.defaultNodeId(NodeIdentity.localHostName(), 8800))
                .endsWith("-8800");
        assertThat(NodeIdentity.defaultNodeId("web 1.example.com", 8700)).isEqualTo("web-1.example.com-8700");
        assertThat(NodeIdentity.defaultNodeId("h".repeat(80), 8700)).hasSize(64).endsWith("h-8700");
    }

    @Test
    void theAdvertisedHostDefaultsToTheListenAddressUnlessItIsTheWildcard() {
        String[] urls = {"--postgres-url", "jdbc:postgresql://db/chat", "--redis-url", "redis://r"};
        assertThat(parse(concat(urls, "--host", "10.1.2.3")).config().cluster().advertiseHost()).isEqualTo("10.1.2.3");
        assertThat(parse(urls).config().cluster().advertiseHost()).isEqualTo(NodeIdentity.localHostName());
    }

    @Test
    void oneUrlWithoutTheOtherIsAUsageErrorSayingWhichIsMissing() {
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine(Map.of());
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.toString(), "--postgres-url", "postgresql://u:pw@db/chat");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: cluster mode needs both --postgres-url and --redis-url")
                .contains("only --postgres-url").doesNotContain("pw").doesNotContain("\tat ");
    }

    @Test
    void aMalformedPostgresUrlIsAUsageErrorThatDoesNotShowThePassword() {
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine(Map.of());
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.toString(), "--postgres-url", "mysql://u:hunter2@db/chat",
                "--redis-url", "redis://r");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: expected postgresql://").doesNotContain("hunter2");
    }

    @Test
    void theClusterSettingsAndTheStartLineNeverShowAPassword() {
        ServerConfig config = parse("--postgres-url", "postgresql://parley:hunter2@db/chat",
                "--redis-url", "redis://:redispw@cache:6379", "--node-id", "n1").config();

        assertThat(config.cluster().toString()).doesNotContain("hunter2").doesNotContain("redispw");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("redispw");
        assertThat(ServeCommand.describe(config)).contains("jdbc:postgresql://db/chat as parley (password given)")
                .contains("redis://:***@cache:6379").contains("n1").doesNotContain("hunter2").doesNotContain("redispw");
    }

    @Test
    void everyOptionCanComeFromTheEnvironment() {
        ServeCommand serve = parse(Map.of("PARLEY_POSTGRES_URL", "postgresql://db/chat", "PARLEY_REDIS_URL", "redis://r",
                "PARLEY_HTTP_PORT", "9100", "PARLEY_NODE_ID", "from-env", "PARLEY_DRAIN", "true",
                "PARLEY_DRAIN_SECONDS", "12", "PARLEY_POSTGRES_PASSWORD", "pw", "PARLEY_REDIS_KEY_PREFIX", "c1"));

        ServerConfig config = serve.config();
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.cluster().nodeId()).isEqualTo("from-env");
        assertThat(config.cluster().postgresPassword()).isEqualTo("pw");
        assertThat(config.cluster().keyPrefix()).isEqualTo("c1");
        assertThat(config.cluster().drain()).isTrue();
        assertThat(serve.drainSeconds).isEqualTo(12);
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() throws Exception {
        Path file = dir.resolve("parley.properties");
        Files.writeString(file, String.join("\n", "# a node of the cluster",
                "http-port=9001", "tcp-port=9002", "node-id=from-file", "heartbeat-seconds=20",
                "postgres-url=postgresql://db/chat", "redis-url=redis://r", ""));
        Map<String, String> env = Map.of("PARLEY_CONFIG", file.toString(), "PARLEY_HTTP_PORT", "9101",
                "PARLEY_NODE_ID", "from-env");

        ServeCommand serve = parse(env, "--http-port", "9200");

        ServerConfig config = serve.config();
        assertThat(config.httpPort()).as("command line").isEqualTo(9200);
        assertThat(config.cluster().nodeId()).as("environment").isEqualTo("from-env");
        assertThat(config.tcpPort()).as("file").isEqualTo(9002);
        assertThat(config.heartbeatInterval()).as("file").hasSeconds(20);
        assertThat(config.idleTimeout()).as("default").hasSeconds(100);
        assertThat(config.cluster().postgresUrl()).isEqualTo("jdbc:postgresql://db/chat");
    }

    @Test
    void aConfigFileGivenOnTheCommandLineIsRead() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "drain-seconds=9\nredis-key-prefix=blue\n");

        ServeCommand serve = parse(Map.of(), "--config", file.toString());

        assertThat(serve.drainSeconds).isEqualTo(9);
        assertThat(serve.redisKeyPrefix).isEqualTo("blue");
    }

    @Test
    void aMissingConfigFileOrAnUnknownKeyInItIsAUsageError() throws Exception {
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "postgress-url=postgresql://db/chat\n");
        for (String[] args : new String[][] {{"--config", dir.resolve("absent.properties").toString()},
                {"--config", typo.toString()}}) {
            StringWriter err = new StringWriter();
            CommandLine cli = ParleyCli.commandLine(Map.of());
            cli.setErr(new PrintWriter(err, true));

            int code = cli.execute(concat(new String[] {"serve", "--data-dir", dir.toString()}, args));

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).containsAnyOf("cannot read the config file", "unknown option 'postgress-url'");
        }
    }

    @Test
    void theHelpListsTheClusterOptionsAndNeverAPasswordFromTheEnvironment() {
        CommandLine cli = ParleyCli.commandLine(Map.of("PARLEY_POSTGRES_PASSWORD", "hunter2",
                "PARLEY_POSTGRES_URL", "postgresql://u:hunter3@db/chat"));
        String help = cli.getSubcommands().get("serve").getUsageMessage();

        assertThat(help).contains("--postgres-url=URL", "--redis-url=URL", "--node-id=ID", "--redis-key-prefix=PREFIX",
                "--advertise-host=HOST", "--drain", "--drain-seconds=N", "--config=FILE", "PARLEY_POSTGRES_URL")
                .doesNotContain("hunter2").doesNotContain("hunter3");
    }

    @Test
    void environmentVariableNamesAreTheOptionInUpperSnakeCase() {
        assertThat(OptionSources.environmentVariable("--postgres-url")).isEqualTo("PARLEY_POSTGRES_URL");
        assertThat(OptionSources.environmentVariable("--http-port")).isEqualTo("PARLEY_HTTP_PORT");
        assertThat(OptionSources.key("--drain-seconds")).isEqualTo("drain-seconds");
    }

    private static ServeCommand parse(String... args) {
        return parse(Map.of(), args);
    }

    private static ServeCommand parse(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).setDefaultValueProvider(new OptionSources(env)).parseArgs(args);
        return serve;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
