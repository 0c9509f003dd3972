package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
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
import java.nio.file.Path;
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

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }
}
