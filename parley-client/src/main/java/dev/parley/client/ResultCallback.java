package dev.parley.client;

/** Outcome of an asynchronous call; runs on the SDK's callback executor, exactly one method once. */
public interface ResultCallback<T> {
    void onSuccess(T result);

    /**
     * The call failed: 30002 not connected (or the connection dropped before the answer), 30003
     * no answer in time, 25107 not one's own message, 33002 database error, or a server code.
     */
    void onError(int code);
}
