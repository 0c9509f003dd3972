package dev.parley.client;

/**
 * Progress of one accepted {@link ImEngine#sendMessage}. Runs on the SDK's callback executor:
 * {@code onMessageSaved} first, then exactly one {@code onMessageSent} (unless the engine is
 * destroyed first; the message then stays {@link SentStatus#SENDING} in the database and goes
 * out after the next connect of a new engine, which does not call this callback).
 */
public interface SendMessageCallback {
    /** The message is stored locally: it has its local {@link Message#getMessageId()}, status SENDING. */
    void onMessageSaved(Message message);

    /**
     * The server answered. {@code code} 0: status {@link SentStatus#SENT}, with
     * {@link Message#getMessageUId()} and the server's {@link Message#getSentTime()}.
     * Otherwise status {@link SentStatus#FAILED} and the server's code: 30016 content too large,
     * 20604 sending too fast, 22406 not in the group, 33003 bad parameter. A message waiting
     * for a connection simply waits: there is no timeout code.
     */
    void onMessageSent(int code, Message message);
}
