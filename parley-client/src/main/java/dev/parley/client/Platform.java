package dev.parley.client;

/**
 * The multi-device class of a client. One device per class may be online at a time; a new
 * login in a class replaces the device already online there (SPEC §5).
 */
public enum Platform {
    /** Phones and tablets. */
    MOBILE,
    /** Desktop applications and other JVM processes. */
    DESKTOP,
    /** Browsers. */
    WEB
}
