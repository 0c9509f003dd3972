package dev.parley.protocol;

/** Wire-level constants both ends agree on. */
public final class Protocol {
    private Protocol() {
    }

    /** Version sent in {@code Connect.protocol_version}; the gateway refuses others with 31001. */
    public static final int VERSION = 1;

    /** Largest frame either end accepts: 128 KiB of content plus envelope headroom. */
    public static final int MAX_FRAME_BYTES = 256 * 1024;

    /** Largest message content (JSON text, UTF-8 bytes); beyond it sends fail with 30016. */
    public static final int MAX_CONTENT_BYTES = 128 * 1024;
}
