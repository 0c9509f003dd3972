package dev.parley.server.cluster.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process node the cluster tests kill and restart, tried on an embedded node: no cluster code needed. */
class ProcessNodeIT {
    @TempDir
    Path dir;

    @Test
    void servesStopsOnSigtermAndDiesOnSigkill() {
        try (ProcessNode node = new ProcessNode("solo", dir.resolve("solo"), List.of("--drain-seconds", "0"), Map.of())) {
            node.start();
            assertThat(node.health().status()).isEqualTo("UP");

            node.terminate();
            assertThat(node.alive()).isFalse();
            assertThat(node.health()).isEqualTo(NodeHealth.UNREACHABLE);

            node.start();
            assertThat(node.health().serving()).as("started again on the same ports and data").isTrue();

            node.kill();
            assertThat(node.alive()).isFalse();
            assertThat(node.exitCode()).as("SIGKILL").isEqualTo(137);
        }
    }
}
