package dev.parley.server.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step for App Secrets at rest, run by a node and by every {@code parley app}
 * command before they read apps: finds the node key ({@link NodeKey}), checks that it opens
 * the secrets already sealed (a wrong or missing key is one clear error, never a new key),
 * and seals what an earlier version stored in plaintext.
 */
public final class SecretsAtRest {
    private static final Logger log = LoggerFactory.getLogger(SecretsAtRest.class);

    private SecretsAtRest() {
    }

    /**
     * The apps of {@code db}, read and written through the node key.
     *
     * @param dataDir where {@code secret.key} is, or is created on a first start
     * @param env     the process environment ({@code PARLEY_SECRET_KEY}, {@code PARLEY_SECRET_KEY_FILE})
     * @throws StoreException when the key is missing, malformed or does not open the sealed secrets
     */
    public static AppRepository open(Database db, Path dataDir, Map<String, String> env) {
        List<AppRepository.StoredSecret> stored = AppRepository.storedSecrets(db);
        List<AppRepository.StoredSecret> sealed = stored.stream().filter(s -> SecretSealer.isSealed(s.stored())).toList();
        NodeKey.Loaded key = NodeKey.load(dataDir, env, !sealed.isEmpty());
        if (key.created()) {
            log.info("created the node key {} that seals App Secrets in the database: back it up with the data dir",
                    key.source());
        }
        int wrong = 0;
        String firstWrong = null;
        for (AppRepository.StoredSecret s : sealed) {
            try {
                key.sealer().open(s.appKey(), s.stored());
            } catch (SecretSealer.SealedSecretException e) {
                wrong++;
                firstWrong = firstWrong == null ? s.appKey() : firstWrong;
            }
        }
        if (wrong > 0) {
            throw new StoreException(wrong == sealed.size()
                    ? "the App Secrets in " + dataDir + " do not open with the node key from " + key.source()
                            + ": wrong key (restore the secret.key backed up with this data dir; the nodes of a "
                            + "cluster share one key)"
                    : wrong + " of " + sealed.size() + " App Secrets in " + dataDir + " (first: app " + firstWrong
                            + ") do not open with the node key from " + key.source()
                            + ": sealed under another key or for another app", null);
        }
        AppRepository apps = new AppRepository(db, key.sealer());
        int plaintext = apps.sealPlaintextSecrets();
        if (plaintext > 0) {
            log.info("sealed {} App Secret{} an earlier version stored in plaintext (AES-256-GCM under {})",
                    plaintext, plaintext == 1 ? "" : "s", key.source());
        }
        return apps;
    }
}
