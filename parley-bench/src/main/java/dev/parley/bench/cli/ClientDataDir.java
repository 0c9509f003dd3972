package dev.parley.bench.cli;

import dev.parley.bench.node.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Default home of the engines' local databases: tmpfs where there is one. Each engine
 * creates and migrates a SQLite database on connect; on a real disk shared by thousands of
 * simulated devices those fsyncs would be what the benchmark measures.
 */
final class ClientDataDir {
    private static final Path SHM = Path.of("/dev/shm");

    private ClientDataDir() {
    }

    static Path fresh() {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            try {
                return Files.createTempDirectory(SHM, "parley-bench-clients-");
            } catch (IOException e) {
                // fall back to the ordinary temporary directory
            }
        }
        return TempDirs.create("parley-bench-clients-");
    }
}
