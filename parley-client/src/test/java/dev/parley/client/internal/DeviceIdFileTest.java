package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdFileTest {
    @TempDir
    Path dir;

    @Test
    void createsOnceThenReadsBack() throws Exception {
        Path dataDir = dir.resolve("nested");
        String first = DeviceIdFile.readOrCreate(dataDir);

        assertThat(UUID.fromString(first)).isNotNull();
        assertThat(DeviceIdFile.readOrCreate(dataDir)).isEqualTo(first);
        assertThat(Files.readString(dataDir.resolve(DeviceIdFile.FILE_NAME)).trim()).isEqualTo(first);
        try (var files = Files.list(dataDir)) {
            assertThat(files).hasSize(1); // no temporary files left behind
        }
    }

    @Test
    void racingCreatorsAgreeOnOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            Callable<String> create = () -> DeviceIdFile.readOrCreate(dir);
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(create));
            }
            String expected = results.get(0).get();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
