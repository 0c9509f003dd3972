package dev.parley.server.migrate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration read and what became of it, per table: copied (new in the target), already
 * present (the target held the row, e.g. from an earlier run), or missing (read but neither:
 * a conflicting row, or an inbox entry whose message is gone). The migration is complete when
 * nothing is missing.
 */
public final class Tally {
    private final Map<String, Counts> tables = new LinkedHashMap<>();

    /** The counts of one table. */
    public static final class Counts {
        private final String table;
        private long read;
        private long copied;
        private long alreadyPresent;
        private final List<String> problems = new ArrayList<>();

        private Counts(String table) {
            this.table = table;
        }

        void add(long read, long copied, long alreadyPresent) {
            this.read += read;
            this.copied += copied;
            this.alreadyPresent += alreadyPresent;
        }

        /** Remembers the first few reasons rows are missing, for the report. */
        void problem(String what) {
            if (problems.size() < 5) {
                problems.add(what);
            }
        }

        public String table() {
            return table;
        }

        public long read() {
            return read;
        }

        public long copied() {
            return copied;
        }

        public long alreadyPresent() {
            return alreadyPresent;
        }

        public long missing() {
            return read - copied - alreadyPresent;
        }
    }

    /** The counts of {@code table}, created (and placed after those before it in the report) on first use. */
    public Counts table(String table) {
        return tables.computeIfAbsent(table, Counts::new);
    }

    public List<Counts> tables() {
        return List.copyOf(tables.values());
    }

    public long read() {
        return tables.values().stream().mapToLong(Counts::read).sum();
    }

    public long copied() {
        return tables.values().stream().mapToLong(Counts::copied).sum();
    }

    public long alreadyPresent() {
        return tables.values().stream().mapToLong(Counts::alreadyPresent).sum();
    }

    public long missing() {
        return tables.values().stream().mapToLong(Counts::missing).sum();
    }

    /** True when every row read is in the target. */
    public boolean complete() {
        return missing() == 0;
    }

    /** The table of counts, one line per table and a total, then the reasons for anything missing. */
    public void print(PrintWriter out) {
        String format = "%-16s %12s %12s %16s %10s%n";
        out.printf(format, "TABLE", "READ", "COPIED", "ALREADY PRESENT", "MISSING");
        for (Counts c : tables.values()) {
            out.printf(format, c.table, c.read, c.copied, c.alreadyPresent, c.missing());
        }
        out.printf(format, "total", read(), copied(), alreadyPresent(), missing());
        for (Counts c : tables.values()) {
            for (String p : c.problems) {
                out.println("  " + c.table + ": " + p);
            }
        }
        out.flush();
    }
}
