package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyServer;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.ClusterTestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting cluster nodes: the first start of a cluster, and what a node refuses to start without. */
class ClusterStartClusterIT {
    @TempDir
    Path dir;

    @Test
    void twoNodesStartingAtOnceOnAnEmptyDatabaseCreateExactlyOneDefaultApp() throws Exception {
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase()) {
            String prefix = ClusterServices.freshKeyPrefix();
            Map<String, String> env = ClusterTestNode.freshKey();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ParleyServer>> starts = new ArrayList<>();
            for (String id : List.of("first", "second")) {
                var config = ClusterTestNode.config(dir.resolve(id), db, prefix, id);
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ParleyServer.start(config, env);
                }));
            }
            go.countDown();
            List<ParleyServer> nodes = new ArrayList<>();
            try {
                for (CompletableFuture<ParleyServer> s : starts) {
                    nodes.add(s.get(60, TimeUnit.SECONDS));
                }
                assertThat(nodes.stream().map(ParleyServer::initialCredentials).filter(Optional::isPresent))
                        .hasSize(1);
                assertThat(count(db, "SELECT count(*) FROM apps")).isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM admin_accounts")).isEqualTo(1);
                // The key both were given opens the app on both.
                String appKey = nodes.stream().flatMap(n -> n.initialCredentials().stream()).findFirst()
                        .orElseThrow().appKey();
                for (ParleyServer n : nodes) {
                    n.apps().reload();
                    assertThat(n.apps().find(appKey)).isPresent();
                }
            } finally {
                nodes.forEach(ParleyServer::close);
            }
        }
    }

    @Test
    void aClusterNodeWithoutTheSharedKeyRefusesToStartAndSaysWhy() {
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase()) {
            var config = ClusterTestNode.config(dir.resolve("keyless"), db, ClusterServices.freshKeyPrefix(), "keyless");
            assertThatThrownBy(() -> ParleyServer.start(config, Map.of()))
                    .hasMessageContaining("PARLEY_SECRET_KEY")
                    .hasMessageContaining("every node must be given the same key");
        }
    }

    private static long count(ClusterServices.PostgresDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
