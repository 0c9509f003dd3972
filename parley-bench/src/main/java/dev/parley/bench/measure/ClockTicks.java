package dev.parley.bench.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Length of the clock tick that {@code /proc} counts CPU time in ({@code getconf CLK_TCK}). */
final class ClockTicks {
    private static final long TICKS_PER_SECOND = ask();

    private ClockTicks() {
    }

    public static long toNanos(long ticks) {
        return ticks * TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
    }

    private static long ask() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Long.parseLong(out);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the value every mainstream Linux build uses
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
