package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void aNewDataDirAndItsDatabaseFileAreCreatedOwnerOnly() throws IOException {
        Path data = dir.resolve("parent").resolve("data");
        DataDirPermissions.Tightened done = DataDirPermissions.secure(data, "parley.db");
        assertThat(done.any()).isFalse();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("parley.db"))).isEqualTo("rw-------");
        assertThat(Files.size(data.resolve("parley.db"))).isZero();
        // Only the data dir itself is made private: a parent the node had to create keeps the umask's mode.
        assertThat(mode(data.getParent())).isNotEqualTo("rwx------");
    }

    @Test
    void aLooseDataDirIsTightenedAndOneLineSaysWhat() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createDirectory(data.resolve("messages"));
        for (Path f : new Path[] {data.resolve("parley.db"), data.resolve("parley.db-wal"),
                data.resolve("messages").resolve("000004.log")}) {
            Files.writeString(f, "x");
            chmod(f, "rw-r--r--");
        }
        chmod(data.resolve("messages"), "rwxr-xr-x");
        chmod(data, "rwxr-xr-x");

        DataDirPermissions.Tightened done = DataDirPermissions.secure(data, "parley.db");

        assertThat(done.describe()).isEqualTo("tightened permissions of " + data + " (0755 -> 0700) and 3 files "
                + "(-> 0600) and 1 directory inside (-> 0700), so that only the owner can read the node's data");
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("messages"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("parley.db"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("parley.db-wal"))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("messages").resolve("000004.log"))).isEqualTo("rw-------");
        assertThat(Files.readString(data.resolve("parley.db"))).isEqualTo("x");
        assertThat(DataDirPermissions.secure(data, "parley.db").any()).isFalse();
    }

    @Test
    void sqliteCreatesItsLogAndSharedMemoryOwnerOnlyLikeTheDatabaseFile() throws IOException {
        // Precondition: this JVM's umask lets a plain new file be read by others.
        assertThat(mode(Files.createFile(dir.resolve("plain")))).isNotEqualTo("rw-------");
        Path data = dir.resolve("data");
        try (Database db = Database.openEmbedded(data)) {
            assertThat(data.resolve("parley.db-wal")).exists();
            assertThat(data.resolve("parley.db-shm")).exists();
            assertThat(mode(data.resolve("parley.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("parley.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("parley.db-shm"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSymbolicLinkInTheDataDirDoesNotChangeItsTarget() throws IOException {
        Path outside = Files.writeString(dir.resolve("shared.txt"), "not the node's");
        chmod(outside, "rw-r--r--");
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("link"), outside);

        DataDirPermissions.secure(data);

        assertThat(mode(outside)).isEqualTo("rw-r--r--");
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }
}
