package dev.parley.server.store;

/** One entry of a user's inbox: their sequence number and the message it points at. */
public record InboxRow(long seq, StoredMessage message) {
}
