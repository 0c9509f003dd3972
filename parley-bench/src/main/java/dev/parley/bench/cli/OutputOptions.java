package dev.parley.bench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the report goes besides the Markdown on stdout. */
final class OutputOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

    @Option(names = "--server-jfr", paramLabel = "FILE",
            description = "Record the server with Java Flight Recorder (profile settings) during the measured phase "
                    + "and write it to FILE: shows where the server's CPU went. Needs a server process on this machine.")
    Path serverJfr;
}
