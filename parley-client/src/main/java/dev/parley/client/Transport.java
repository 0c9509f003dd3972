package dev.parley.client;

/** How the engine talks to the gateway. */
public enum Transport {
    /** Raw TCP with varint-length-prefixed protobuf frames (the navigation {@code tcp} list). */
    TCP,
    /** One protobuf frame per binary WebSocket message (the navigation {@code ws} list). */
    WEBSOCKET
}
