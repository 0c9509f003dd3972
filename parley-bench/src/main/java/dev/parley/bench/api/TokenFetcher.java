package dev.parley.bench.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Fetches tokens for many users before a timed phase, a bounded number of requests at a time
 * so that the node's Server API executor is not flooded. Tokens come back in the order of the
 * user ids.
 */
public final class TokenFetcher {
    private final ServerApiClient api;
    private final int concurrency;

    public TokenFetcher(ServerApiClient api, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive");
        }
        this.api = api;
        this.concurrency = concurrency;
    }

    /**
     * @param progress told the number of tokens fetched so far, now and then
     * @throws IllegalStateException if any token could not be fetched
     */
    public List<String> fetch(List<String> userIds, IntConsumer progress) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<String>> futures = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            permits.acquire();
            futures.add(api.getToken(userId).whenComplete((token, error) -> {
                permits.release();
                int n = done.incrementAndGet();
                if (n % 1000 == 0) {
                    progress.accept(n);
                }
            }));
        }
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw new IllegalStateException("could not fetch tokens: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
