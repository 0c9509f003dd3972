package dev.parley.bench.load;

/**
 * How many generator processes a run needs. Every SDK engine holds four file descriptors —
 * its socket plus its local SQLite database, the database's -wal and its -shm file — so one
 * process under a 20,000-descriptor limit holds under 5,000 engines; beyond that the engines
 * are spread over child JVMs.
 *
 * @param processes  number of generators
 * @param inThisJvm  true: one generator inside the bench's JVM; false: {@code processes} children
 */
public record GeneratorLayout(int processes, boolean inThisJvm) {
    /** Socket + SQLite database, -wal and -shm, measured on the SDK as it is today. */
    public static final int FDS_PER_ENGINE = 4;
    /** Jars, epoll and event fds, pipes, the navigation HTTP client's sockets, logs. */
    static final int RESERVED_FDS = 1000;

    public GeneratorLayout {
        if (processes < 1 || inThisJvm && processes != 1) {
            throw new IllegalArgumentException("bad generator layout: " + processes + " in this JVM: " + inThisJvm);
        }
    }

    /**
     * @param requested     0 = decide from the limit; 1 = in this JVM; more = that many children
     * @param fdLimit       file descriptors one process may open
     * @param nodeInThisJvm an in-process node also spends a descriptor per connection here
     */
    public static GeneratorLayout choose(int requested, int engines, long fdLimit, boolean nodeInThisJvm) {
        if (requested < 0) {
            throw new IllegalArgumentException("--generators must be 0 (auto) or more: " + requested);
        }
        if (requested == 1) {
            return new GeneratorLayout(1, true);
        }
        if (requested > 1) {
            return new GeneratorLayout(requested, false);
        }
        long usable = Math.max(FDS_PER_ENGINE, fdLimit - RESERVED_FDS);
        long hereCapacity = usable / (FDS_PER_ENGINE + (nodeInThisJvm ? 1 : 0));
        if (engines <= hereCapacity) {
            return new GeneratorLayout(1, true);
        }
        long childCapacity = usable / FDS_PER_ENGINE;
        return new GeneratorLayout((int) ((engines + childCapacity - 1) / childCapacity), false);
    }
}
