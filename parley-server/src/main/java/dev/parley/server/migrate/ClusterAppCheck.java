package dev.parley.server.migrate;

import dev.parley.server.store.SecretSealer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Refuses a migration, before anything is written, when the cluster's database holds apps the
 * copy would clash with: the same App Key with another App Secret (two different apps, or one
 * whose secret was reset on one side), or App Secrets sealed under a key other than the one
 * the copy is sealed under (the cluster's nodes could then open only one of the two).
 */
final class ClusterAppCheck {
    private ClusterAppCheck() {
    }

    /** @param sourceSecrets the data dir's apps: App Key → stored secret */
    static void check(DataSource target, Map<String, String> sourceSecrets, AppSecretKeys keys) {
        try (Connection c = target.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT app_key, app_secret FROM apps ORDER BY app_key")) {
            while (rs.next()) {
                String appKey = rs.getString(1);
                String clusterSecret;
                try {
                    clusterSecret = keys.clusterPlaintext(appKey, rs.getString(2));
                } catch (SecretSealer.SealedSecretException e) {
                    throw new MigrationRefused("the cluster's database holds App Secrets sealed under another node key"
                            + " (app " + appKey + "): run migrate with the cluster's key in PARLEY_SECRET_KEY", e);
                }
                String stored = sourceSecrets.get(appKey);
                if (stored != null && !keys.sourcePlaintext(appKey, stored).equals(clusterSecret)) {
                    throw new MigrationRefused("app " + appKey + " is in the cluster's database with a different"
                            + " App Secret: it is another app, or its secret was reset on one side; nothing copied");
                }
            }
        } catch (SQLException e) {
            throw new MigrationRefused("cannot read the apps of the cluster's database: " + e.getMessage(), e);
        }
    }
}
