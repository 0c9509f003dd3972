package dev.parley.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The device id kept in {@code <dataDir>/device-id}: created once as a random UUID, then
 * read back on every start so the server recognises a reconnecting device as itself.
 * Engines racing to create it (in this or another process) all end up with the same id.
 */
final class DeviceIdFile {
    static final String FILE_NAME = "device-id";

    private DeviceIdFile() {
    }

    /** The persisted id, creating it on first use. */
    static String readOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Optional<String> existing = read(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
        try {
            Files.writeString(tmp, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
            // A hard link appears complete and fails if the name exists: the first writer wins
            // and nobody reads a half-written file.
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException lostRace) {
            // Another engine created it first; use theirs.
        } catch (UnsupportedOperationException noHardLinks) {
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException lostRace) {
                // As above.
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return read(file).orElseThrow(() -> new IOException("unreadable device id in " + file));
    }

    private static Optional<String> read(Path file) throws IOException {
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
