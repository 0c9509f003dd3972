package dev.parley.bench;

/**
 * Points Logback at the bench's configuration (warnings only, on stderr) before anything
 * logs. The server jar on the classpath brings its own logback.xml, which logs at INFO on
 * stdout: with thousands of engines that would swamp the report, and in a child generator
 * it would mix with the line protocol on stdout.
 */
public final class BenchLogging {
    private BenchLogging() {
    }

    public static void init() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
    }
}
