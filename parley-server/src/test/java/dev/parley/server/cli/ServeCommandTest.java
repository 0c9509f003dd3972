package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.RocksMessageStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
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
}
