package dev.parley.client;

/**
 * Outcome of an accepted {@link ImEngine#connect(String, int, ConnectCallback)}. Both methods
 * run on the SDK's callback executor, {@code onDatabaseOpened} first.
 */
public interface ConnectCallback {
    /**
     * The per-user local database was opened ({@code code} 0) or could not be (33002; the
     * engine keeps connecting without it). Not called when the token is unreadable, since then
     * there is no user to open a database for; {@code onConnected(31004, null)} follows directly.
     */
    void onDatabaseOpened(int code);

    /**
     * Called once per accepted {@code connect}: {@code code} 0 and the user id on the first
     * success, or a terminal code (31001, 31002, 31004, 31008, 31009, 31010, 34006, ...) and
     * {@code null} if the engine gave up before ever connecting. Later drops and reconnections
     * are reported through {@link ConnectionStatusListener} only. Not called if the app calls
     * {@link ImEngine#disconnect(boolean)} before the first success.
     */
    void onConnected(int code, String userId);
}
