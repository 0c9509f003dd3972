package dev.parley.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ClusterServicesIT {

    @Test
    void eachTestGetsAnEmptyDatabaseOfItsOwn() throws Exception {
        try (ClusterServices.PostgresDatabase a = ClusterServices.freshDatabase();
             ClusterServices.PostgresDatabase b = ClusterServices.freshDatabase()) {
            assertThat(a.jdbcUrl()).isNotEqualTo(b.jdbcUrl());
            try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.user(), null);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void redisAnswersAtTheUrlGiven() {
        String url = ClusterServices.redisUrl();

        assertThat(url).startsWith("redis://127.0.0.1:");
        assertThat(ClusterServices.freshKeyPrefix()).isNotEqualTo(ClusterServices.freshKeyPrefix());
    }
}
