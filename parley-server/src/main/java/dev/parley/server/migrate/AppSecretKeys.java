package dev.parley.server.migrate;

import dev.parley.server.store.NodeKey;
import dev.parley.server.store.SecretSealer;
import dev.parley.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node keys of a migration. App Secrets are sealed under a node key ({@link NodeKey}); the
 * embedded node's open with its {@code secret.key} (or the {@code PARLEY_SECRET_KEY} it ran
 * with), the cluster's nodes open theirs with the {@code PARLEY_SECRET_KEY} (or
 * {@code PARLEY_SECRET_KEY_FILE}) they share. When the migration's environment gives that key,
 * the secrets are written sealed under it: copied as they are when it is the data dir's own key,
 * sealed again otherwise. When it gives none, the cluster is to use the data dir's key, and
 * {@link #advice()} tells the operator so. No key is ever printed.
 */
final class AppSecretKeys {
    private final SecretSealer source;
    private final SecretSealer cluster;
    private final boolean sameKey;
    private final String advice;

    private AppSecretKeys(SecretSealer source, SecretSealer cluster, String advice) {
        this.source = source;
        this.cluster = cluster;
        this.sameKey = source != null && opensSealedBy(cluster, source);
        this.advice = advice;
    }

    /**
     * Finds the key that opens the data dir's sealed secrets ({@code sourceSecrets}: App Key →
     * stored secret) and the key of the cluster.
     *
     * @throws MigrationRefused when no key opens them, or a key in the environment is unusable
     */
    static AppSecretKeys resolve(Path dataDir, Map<String, String> env, Map<String, String> sourceSecrets) {
        String envName = nonBlank(env.get(NodeKey.ENV_KEY)) ? NodeKey.ENV_KEY
                : nonBlank(env.get(NodeKey.ENV_KEY_FILE)) ? NodeKey.ENV_KEY_FILE : null;
        Path keyFile = dataDir.resolve(NodeKey.FILE);
        SecretSealer fromFile = Files.exists(keyFile) ? load(dataDir, Map.of()) : null;
        SecretSealer fromEnv = envName == null ? null : load(dataDir, env);

        List<SecretSealer> candidates = new ArrayList<>();
        if (fromFile != null) {
            candidates.add(fromFile);
        }
        if (fromEnv != null) {
            candidates.add(fromEnv);
        }
        SecretSealer source = candidates.stream().filter(k -> opensAll(k, sourceSecrets)).findFirst().orElse(null);
        if (source == null && sourceSecrets.values().stream().anyMatch(SecretSealer::isSealed)) {
            throw new MigrationRefused("the App Secrets in " + dataDir + " open neither with " + keyFile
                    + (fromFile == null ? " (missing)" : "") + " nor with the key in "
                    + (envName == null ? NodeKey.ENV_KEY + " (not set)" : envName)
                    + ": restore the secret.key backed up with this data dir, or give its key in " + NodeKey.ENV_KEY);
        }
        if (fromEnv != null) {
            boolean same = source != null && opensSealedBy(fromEnv, source);
            return new AppSecretKeys(source, fromEnv, same
                    ? "App Secrets are copied sealed under the key in " + envName + " (the key of " + dataDir + "):"
                            + " set the same " + envName + " on every node of the cluster."
                    : "App Secrets are sealed again under the key in " + envName + " (not the key of " + dataDir
                            + "): set the same " + envName + " on every node of the cluster.");
        }
        if (source == null && !sourceSecrets.isEmpty()) {
            throw new MigrationRefused("no node key for the cluster: " + keyFile + " is missing and neither "
                    + NodeKey.ENV_KEY + " nor " + NodeKey.ENV_KEY_FILE + " is set; set " + NodeKey.ENV_KEY
                    + " to the key the cluster's nodes will use");
        }
        return new AppSecretKeys(source, source, "App Secrets are copied sealed under " + keyFile + ": set "
                + NodeKey.ENV_KEY + " on every node of the cluster to that file's contents in base64 ("
                + NodeKey.ENV_KEY + "=$(base64 -w0 " + keyFile + ")), or mount the file on each node and set "
                + NodeKey.ENV_KEY_FILE + " to its path.");
    }

    /** The stored form of a data dir's secret for the cluster's database: sealed under the cluster's key. */
    String forCluster(String appKey, String stored) {
        if (SecretSealer.isSealed(stored) && sameKey) {
            return stored;
        }
        return cluster.seal(appKey, sourcePlaintext(appKey, stored));
    }

    /** The plaintext of a secret stored in the data dir (sealed, or plaintext left by an earlier version). */
    String sourcePlaintext(String appKey, String stored) {
        return SecretSealer.isSealed(stored) ? source.open(appKey, stored) : stored;
    }

    /**
     * The plaintext of a secret stored in the cluster's database.
     *
     * @throws SecretSealer.SealedSecretException when it is sealed under another key
     */
    String clusterPlaintext(String appKey, String stored) {
        return SecretSealer.isSealed(stored) ? cluster.open(appKey, stored) : stored;
    }

    /** What the operator must set on the cluster's nodes so that they open the copied secrets; names no key. */
    String advice() {
        return advice;
    }

    private static SecretSealer load(Path dataDir, Map<String, String> env) {
        try {
            // "sealed secrets exist": never creates a key file, it only reads one.
            return NodeKey.load(dataDir, env, true).sealer();
        } catch (StoreException e) {
            throw new MigrationRefused(e.getMessage(), e);
        }
    }

    private static boolean opensAll(SecretSealer key, Map<String, String> secrets) {
        try {
            secrets.forEach((app, stored) -> {
                if (SecretSealer.isSealed(stored)) {
                    key.open(app, stored);
                }
            });
            return true;
        } catch (SecretSealer.SealedSecretException e) {
            return false;
        }
    }

    /** Whether {@code a} and {@code b} are the same key, without exposing either. */
    private static boolean opensSealedBy(SecretSealer a, SecretSealer b) {
        try {
            a.open("parley-migrate-probe", b.seal("parley-migrate-probe", "probe"));
            return true;
        } catch (SecretSealer.SealedSecretException e) {
            return false;
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
