package dev.parley.bench.measure;

/**
 * Reads the storage services of a cluster run (PostgreSQL, Redis) at the start and end of
 * each phase, beside the nodes' CPU: a cluster node's CPU per message is only part of what a
 * message costs once storage is another process.
 */
@FunctionalInterface
public interface ServicesMeter {
    ServicesReading read();

    /** No services to read: an embedded node keeps its storage in its own process. */
    ServicesMeter NONE = () -> ServicesReading.EMPTY;
}
