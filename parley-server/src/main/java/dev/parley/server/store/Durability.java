package dev.parley.server.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When an acknowledged write is on disk. The node acknowledges a send once its batch is
 * committed; this says what that commit promises.
 */
public enum Durability {
    /**
     * Every commit is fsynced before it returns, once per group-commit batch: an acknowledged
     * message survives the process being killed and the machine losing power (SPEC §7).
     */
    FSYNC("fsync"),
    /**
     * Commits are handed to the operating system, which writes them out later (within about
     * 30 s with Linux's default writeback): an acknowledged message survives the process being
     * killed, not the machine losing power or its kernel crashing. Saves an fsync per batch.
     */
    OS("os");

    private final String option;

    Durability(String option) {
        this.option = option;
    }

    /** As written on the command line. */
    public String option() {
        return option;
    }

    /** The mode named {@code name} ({@code fsync} or {@code os}, any case). */
    public static Durability parse(String name) {
        for (Durability d : values()) {
            if (d.option.equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability must be one of " + names() + ", not '" + name + "'");
    }

    /** The names {@link #parse} accepts, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Durability::option).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return option;
    }
}
