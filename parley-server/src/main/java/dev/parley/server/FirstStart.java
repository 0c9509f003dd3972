package dev.parley.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.auth.Secrets;
import dev.parley.server.store.AdminRepository;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * On a node's first start (no app yet) creates the default app and the console's admin
 * account, and writes their credentials to {@code <data-dir>/initial-credentials.json},
 * readable by the owner only.
 */
public final class FirstStart {
    static final String CREDENTIALS_FILE = "initial-credentials.json";

    private FirstStart() {
    }

    /** The credentials written on a first start. */
    public record InitialCredentials(String appKey, String appSecret, String adminUser, String adminPassword, Path file) {
    }

    static Optional<InitialCredentials> runIfEmpty(Path dataDir, AppRepository apps, AdminRepository admins,
                                                   AppAdmin appAdmin, Clock clock) {
        if (!apps.isEmpty()) {
            return Optional.empty();
        }
        AppRecord app = appAdmin.create("default");
        String password = Secrets.password();
        admins.upsert("admin", PasswordHasher.hash(password), clock.millis());
        Path file = dataDir.resolve(CREDENTIALS_FILE);
        Map<String, String> json = new LinkedHashMap<>();
        json.put("appKey", app.appKey());
        json.put("appSecret", app.appSecret());
        json.put("consoleUser", "admin");
        json.put("consolePassword", password);
        writeOwnerOnly(file, json);
        return Optional.of(new InitialCredentials(app.appKey(), app.appSecret(), "admin", password, file));
    }

    private static void writeOwnerOnly(Path file, Map<String, String> json) {
        try {
            byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
