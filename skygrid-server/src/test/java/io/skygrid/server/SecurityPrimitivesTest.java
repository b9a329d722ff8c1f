package io.skygrid.server;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityPrimitivesTest {
    @Test
    void tokensAreRandom256BitAndStoredAsSha256() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.newToken();
            assertThat(t).startsWith("sg_").hasSize(3 + 43).matches("sg_[A-Za-z0-9_-]{43}");
            assertThat(seen.add(t)).isTrue();
        }
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertThat(Tokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Tokens.sameDigest(Tokens.digest("x"), Tokens.digest("x"))).isTrue();
        assertThat(Tokens.sameDigest(Tokens.digest("x"), Tokens.digest("y"))).isFalse();
    }

    @Test
    void tokenBucketAllowsBurstThenRate() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter r = new RateLimiter(now::get);
        for (int i = 0; i < 5; i++) assertThat(r.acquire("a", 2, 5)).isZero();
        long wait = r.acquire("a", 2, 5);
        assertThat(wait).isEqualTo(500_000_000L);
        assertThat(r.acquire("b", 2, 5)).isZero();
        now.addAndGet(500_000_000L);
        assertThat(r.acquire("a", 2, 5)).isZero();
        assertThat(r.acquire("a", 2, 5)).isPositive();
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 5; i++) assertThat(r.acquire("a", 2, 5)).isZero();
        assertThat(r.acquire("a", 2, 5)).isPositive();
    }
}
