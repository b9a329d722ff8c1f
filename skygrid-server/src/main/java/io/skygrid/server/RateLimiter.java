package io.skygrid.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-principal token buckets (Turner 1986, "New directions in communications"; the classic
 * token-bucket policer): a bucket holds up to {@code burst} tokens, refills at {@code ratePerS}
 * tokens per second, and each request takes one. Thread-safe.
 */
public final class RateLimiter {
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @param key      principal (tenant name)
     * @param ratePerS refill rate, tokens per second, &gt; 0
     * @param burst    bucket size, &gt;= 1
     * @return 0 if allowed, else nanoseconds until a token is available
     */
    public long acquire(String key, double ratePerS, int burst) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong()));
        synchronized (b) {
            long now = nanoTime.getAsLong();
            b.tokens = Math.min(burst, b.tokens + (now - b.last) * 1e-9 * ratePerS);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / ratePerS * 1e9);
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
