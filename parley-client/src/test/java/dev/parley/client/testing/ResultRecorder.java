package dev.parley.client.testing;

import dev.parley.client.ResultCallback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a {@link ResultCallback}: {@link #result} completes with the value, or exceptionally with {@link Failed}. */
public final class ResultRecorder<T> implements ResultCallback<T> {
    /** The error code of {@code onError}. */
    public static final class Failed extends RuntimeException {
        public final int code;

        Failed(int code) {
            super("error " + code);
            this.code = code;
        }
    }

    public final CompletableFuture<T> result = new CompletableFuture<>();
    public final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onSuccess(T value) {
        calls.incrementAndGet();
        result.complete(value);
    }

    @Override
    public void onError(int code) {
        calls.incrementAndGet();
        result.completeExceptionally(new Failed(code));
    }

    /** The error code; waits for the callback. */
    public int errorCode() throws InterruptedException {
        try {
            T value = result.get(5, java.util.concurrent.TimeUnit.SECONDS);
            throw new AssertionError("expected an error, got " + value);
        } catch (java.util.concurrent.ExecutionException e) {
            return ((Failed) e.getCause()).code;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no callback within 5 s");
        }
    }
}
