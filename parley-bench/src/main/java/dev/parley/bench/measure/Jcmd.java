package dev.parley.bench.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@code jcmd <pid> <command>} with the jcmd of the JDK running the bench. */
final class Jcmd {
    private static final Logger log = LoggerFactory.getLogger(Jcmd.class);
    private static final long TIMEOUT_SECONDS = 120;

    private final long pid;

    Jcmd(long pid) {
        this.pid = pid;
    }

    /** The command's output, or empty if jcmd is missing, failed or timed out. */
    Optional<String> run(String command) {
        try {
            Process p = new ProcessBuilder(executable(), Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                log.warn("jcmd {} {} failed: {}", pid, command, new String(out, StandardCharsets.UTF_8).trim());
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("cannot run jcmd: {}", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // The JDK's own jcmd sits beside its java; a JRE-only install has none, then try PATH.
    private static String executable() {
        Path home = Path.of(System.getProperty("java.home"));
        Path jcmd = home.resolve("bin/jcmd");
        return Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    }
}
