package dev.parley.server.cluster.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.support.ClusterServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of the test PostgreSQL and Redis: an outage as their clients see it, and the way back. */
class FaultProxyServicesIT {

    @Test
    void aPostgresConnectionThroughACutProxyFailsAndANewOneWorksAfterTheRestore() throws Exception {
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase()) {
            URI pg = URI.create(db.jdbcUrl().substring("jdbc:".length()));
            try (FaultProxy proxy = new FaultProxy(pg.getHost(), pg.getPort())) {
                String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name();
                try (Connection c = connect(url, db.user())) {
                    assertThat(selectOne(c)).isEqualTo(1);

                    proxy.cut();

                    assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> connect(url, db.user()).close()).isInstanceOf(SQLException.class);
                }

                proxy.restore();

                try (Connection again = connect(url, db.user())) {
                    assertThat(selectOne(again)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void redisThroughACutProxyIsGoneUntilRestored() throws Exception {
        URI redis = URI.create(ClusterServices.redisUrl());
        try (FaultProxy proxy = new FaultProxy(redis.getHost(), redis.getPort())) {
            assertThat(ping(proxy.port())).isEqualTo("+PONG");

            proxy.cut();
            assertThatThrownBy(() -> ping(proxy.port())).isInstanceOf(IOException.class);

            proxy.restore();
            assertThat(ping(proxy.port())).isEqualTo("+PONG");
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(url, p);
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String ping(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readNBytes(5);
            if (answer.length < 5) {
                throw new IOException("closed after " + answer.length + " bytes");
            }
            return new String(answer, StandardCharsets.US_ASCII);
        }
    }
}
