package dev.parley.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Where the node key that seals App Secrets comes from, first match wins:
 * <ol>
 *   <li>{@code PARLEY_SECRET_KEY}: the key in base64 (the nodes of a cluster share one key);</li>
 *   <li>{@code PARLEY_SECRET_KEY_FILE}: a file holding the 32 bytes (a mounted secret);</li>
 *   <li>{@code <data-dir>/secret.key}: 32 random bytes, 0600, created on a first start.</li>
 * </ol>
 * The key file is created only while the database holds no sealed secret: for a database
 * that does, a missing key is an error, never a silent new key that would open nothing.
 */
public final class NodeKey {
    public static final String ENV_KEY = "PARLEY_SECRET_KEY";
    public static final String ENV_KEY_FILE = "PARLEY_SECRET_KEY_FILE";
    public static final String FILE = "secret.key";

    /** The key and where it came from (for error messages). */
    public record Loaded(SecretSealer sealer, String source, boolean created) {
    }

    private NodeKey() {
    }

    /**
     * @param env         the process environment (a map, so tests can give their own)
     * @param sealedExist true when the database already holds sealed secrets: no key is then created
     */
    public static Loaded load(Path dataDir, Map<String, String> env, boolean sealedExist) {
        String inline = env.get(ENV_KEY);
        if (inline != null && !inline.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(inline.trim());
            } catch (IllegalArgumentException e) {
                throw new StoreException(ENV_KEY + " is not base64: it must hold the " + SecretSealer.KEY_BYTES
                        + "-byte node key in base64 (e.g. base64 -w0 secret.key)", null);
            }
            return new Loaded(sealer(key, ENV_KEY), ENV_KEY, false);
        }
        String file = env.get(ENV_KEY_FILE);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.trim());
            if (!Files.exists(path)) {
                throw new StoreException(ENV_KEY_FILE + " names " + path + ", which does not exist", null);
            }
            return new Loaded(sealer(read(path), path.toString()), path.toString(), false);
        }
        Path path = dataDir.resolve(FILE);
        if (Files.exists(path)) {
            return new Loaded(sealer(read(path), path.toString()), path.toString(), false);
        }
        if (sealedExist) {
            throw new StoreException("the database in " + dataDir + " holds sealed App Secrets but their key " + path
                    + " is missing: restore it from the backup of this data dir, or give the key in " + ENV_KEY
                    + " or " + ENV_KEY_FILE + " (no new key is made: it would open nothing)", null);
        }
        return new Loaded(sealer(create(path), path.toString()), path.toString(), true);
    }

    private static SecretSealer sealer(byte[] key, String source) {
        if (key.length != SecretSealer.KEY_BYTES) {
            throw new StoreException("the node key in " + source + " has " + key.length + " bytes, not "
                    + SecretSealer.KEY_BYTES, null);
        }
        return new SecretSealer(key);
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new StoreException("cannot read the node key " + path, e);
        }
    }

    /** Writes 32 random bytes to a new owner-only file. */
    private static byte[] create(Path path) {
        byte[] key = new byte[SecretSealer.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            if (DataDirPermissions.posix(path.toAbsolutePath().getParent())) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(DataDirPermissions.FILE));
                Files.setPosixFilePermissions(path, DataDirPermissions.FILE); // whatever the umask
            } else {
                Files.createFile(path);
            }
            Files.write(path, key);
            return key;
        } catch (FileAlreadyExistsException e) {
            // Another process (the CLI beside a starting node) made it a moment ago: use theirs.
            return read(path);
        } catch (IOException e) {
            throw new StoreException("cannot create the node key " + path, e);
        }
    }
}
