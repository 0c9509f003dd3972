package dev.parley.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's data directory readable by its owner only: the directory and every
 * directory under it 0700, every file 0600, whatever the process umask. The database holds
 * credentials (sealed App Secrets, password hashes) and the key file beside it opens them.
 *
 * <p>SQLite gives its {@code -wal} and {@code -shm} files the mode of the database file, so
 * the database file is created owner-only before SQLite opens it. RocksDB creates its files
 * with the process umask: {@link #tightenCreated} fixes the ones a store just created, the
 * {@code parley} launcher sets {@code umask 077} for the ones it creates later, and the 0700
 * directory keeps every other user out of all of them in any case.
 */
public final class DataDirPermissions {
    private static final Logger log = LoggerFactory.getLogger(DataDirPermissions.class);
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final AtomicBoolean warnedNotPosix = new AtomicBoolean();

    private DataDirPermissions() {
    }

    /** What one pass changed. {@code dataDirBefore} is null when the data dir itself was already 0700 (or new). */
    public record Tightened(Path dataDir, String dataDirBefore, int files, int dirs, List<String> failed) {
        public boolean any() {
            return dataDirBefore != null || files > 0 || dirs > 0;
        }

        /** One line: "tightened permissions of ./data (0755 -> 0700) and 7 files". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (files > 0) {
                parts.add(files + (files == 1 ? " file" : " files") + " (-> 0600)");
            }
            if (dirs > 0) {
                parts.add(dirs + (dirs == 1 ? " directory" : " directories") + " inside (-> 0700)");
            }
            String what = dataDirBefore == null ? "in " + dataDir : "of " + dataDir + " (" + dataDirBefore + " -> 0700)";
            return "tightened permissions " + what + (parts.isEmpty() ? "" : (dataDirBefore == null ? ": " : " and "))
                    + String.join(" and ", parts) + ", so that only the owner can read the node's data";
        }
    }

    /**
     * Creates {@code dataDir} owner-only, or tightens an existing one and everything under it
     * (one log line when anything was loose), then creates each of {@code ownerOnlyFiles}
     * (names inside the dir) owner-only if missing.
     */
    public static Tightened secure(Path dataDir, String... ownerOnlyFiles) {
        if (!posix(dataDir)) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new StoreException("cannot create data dir " + dataDir, e);
            }
            return new Tightened(dataDir, null, 0, 0, List.of());
        }
        Tightened done;
        if (createDir(dataDir)) {
            done = new Tightened(dataDir, null, 0, 0, List.of());
        } else {
            done = tighten(dataDir);
            if (done.any()) {
                log.warn("{}", done.describe());
            }
        }
        for (String name : ownerOnlyFiles) {
            createOwnerOnly(dataDir.resolve(name));
        }
        return done;
    }

    /**
     * Tightens what a store has just created in {@code dataDir} under the process umask
     * (RocksDB's files on every open); logged at debug level only, as nothing was found loose.
     */
    public static Tightened tightenCreated(Path dataDir) {
        if (!posix(dataDir) || !Files.isDirectory(dataDir)) {
            return new Tightened(dataDir, null, 0, 0, List.of());
        }
        Tightened done = tighten(dataDir);
        if (done.any()) {
            log.debug("{}", done.describe());
        }
        return done;
    }

    /** Creates {@code file} empty and 0600 unless it exists. */
    public static void createOwnerOnly(Path file) {
        if (!posix(file.toAbsolutePath().getParent())) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            Files.setPosixFilePermissions(file, FILE); // the umask may have taken bits away: set, not ask
        } catch (FileAlreadyExistsException e) {
            // SQLite (or the node before) created it; secure() has tightened it.
        } catch (IOException e) {
            throw new StoreException("cannot create " + file, e);
        }
    }

    /** True when {@code dir}'s file system has POSIX permissions; says once when it has none. */
    static boolean posix(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix && warnedNotPosix.compareAndSet(false, true)) {
            log.warn("the file system of {} has no POSIX permissions: the data dir and its files are not restricted "
                    + "to the owner by Parley (restrict them with the file system's own access control)", dir);
        }
        return posix;
    }

    /** Creates the dir 0700 (its parents as the umask says); false when it existed already. */
    private static boolean createDir(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIR));
            Files.setPosixFilePermissions(absolute, DIR);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw new StoreException("data dir " + dataDir + " is not a directory", e);
            }
            return false;
        } catch (IOException e) {
            throw new StoreException("cannot create data dir " + dataDir, e);
        }
    }

    private static Tightened tighten(Path dataDir) {
        int[] files = {0};
        int[] dirs = {0};
        String[] before = {null};
        List<String> failed = new ArrayList<>();
        try {
            // Symbolic links are not followed (walkFileTree's default): chmod would change their target.
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String was = set(dir, DIR, failed);
                    if (was != null) {
                        if (dir.equals(dataDir)) {
                            before[0] = was;
                        } else {
                            dirs[0]++;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && set(file, FILE, failed) != null) {
                        files[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A store may delete a file (an old RocksDB log) while we walk.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot read data dir " + dataDir, e);
        }
        if (!failed.isEmpty()) {
            log.warn("cannot restrict to the owner (not ours?): {}", failed);
        }
        return new Tightened(dataDir, before[0], files[0], dirs[0], List.copyOf(failed));
    }

    /** Sets {@code wanted} on {@code path}; the old mode in octal when it differed, else null. */
    private static String set(Path path, Set<PosixFilePermission> wanted, List<String> failed) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (now.equals(wanted)) {
                return null;
            }
            Files.setPosixFilePermissions(path, wanted);
            return octal(now);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            failed.add(path.toString());
            return null;
        }
    }

    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
