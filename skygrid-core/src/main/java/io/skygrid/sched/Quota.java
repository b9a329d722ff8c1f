package io.skygrid.sched;

/**
 * GPUs held by each tenant in each pool, checked against reservations and borrowing limits (the
 * Filter step for quotas). A tenant may take GPUs in pool {@code p} up to its free reservation there; any
 * further GPU is borrowed, and a tenant's borrowed GPUs summed over pools stay within its borrowing
 * limit. Borrowing takes any free GPU, including other tenants' idle reservations (lent while idle).
 *
 * <p>O(1) per check and update; independent of the event loop (the live control plane can reuse it).
 * Not thread-safe.
 */
public final class Quota {
    private final long[][] reserved;
    private final long[] borrowLimit;
    private final long[][] held;
    private final long[] heldTotal;
    private final long[] borrowed;

    /**
     * @param reserved    reserved GPUs [tenant][pool], >= 0
     * @param borrowLimit borrowing limit per tenant, GPUs ({@link Long#MAX_VALUE}: none)
     */
    public Quota(long[][] reserved, long[] borrowLimit) {
        if (reserved.length != borrowLimit.length) throw new IllegalArgumentException("one row per tenant");
        this.reserved = reserved;
        this.borrowLimit = borrowLimit;
        int pools = reserved.length == 0 ? 0 : reserved[0].length;
        this.held = new long[reserved.length][pools];
        this.heldTotal = new long[reserved.length];
        this.borrowed = new long[reserved.length];
    }

    public int tenants() {
        return reserved.length;
    }

    /** @return GPUs tenant {@code t} holds in pool {@code p} */
    public long held(int t, int p) {
        return held[t][p];
    }

    /** @return GPUs tenant {@code t} holds in all pools */
    public long held(int t) {
        return heldTotal[t];
    }

    /** @return GPUs tenant {@code t} holds beyond its reservations, summed over pools */
    public long borrowed(int t) {
        return borrowed[t];
    }

    public long reserved(int t, int p) {
        return reserved[t][p];
    }

    public long borrowLimit(int t) {
        return borrowLimit[t];
    }

    /** @return whether tenant {@code t} may take {@code g} more GPUs in pool {@code p} */
    public boolean admits(int t, int p, int g) {
        long within = Math.max(0, reserved[t][p] - held[t][p]);
        long need = Math.max(0, g - within);
        return need == 0 || borrowed[t] + need <= borrowLimit[t];
    }

    /**
     * @return the largest gang tenant {@code t} could be admitted for in some pool now (capacity aside):
     * its free reservation there plus what it may still borrow; {@link Long#MAX_VALUE} without a limit
     */
    public long headroom(int t) {
        long left = borrowLimit[t] == Long.MAX_VALUE ? Long.MAX_VALUE : borrowLimit[t] - borrowed[t];
        if (left == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long best = 0;
        for (int p = 0; p < held[t].length; p++) {
            best = Math.max(best, Math.max(0, reserved[t][p] - held[t][p]));
        }
        return best + left;
    }

    /** @return whether {@code g} more GPUs in pool {@code p} stay within tenant {@code t}'s reservation there */
    public boolean withinReserved(int t, int p, int g) {
        return held[t][p] + g <= reserved[t][p];
    }

    /** @return whether tenant {@code t} holds more than its reservation in pool {@code p} */
    public boolean borrowing(int t, int p) {
        return held[t][p] > reserved[t][p];
    }

    /** Records that tenant {@code t} took {@code g} GPUs in pool {@code p}. */
    public void take(int t, int p, int g) {
        long before = Math.max(0, held[t][p] - reserved[t][p]);
        held[t][p] += g;
        heldTotal[t] += g;
        borrowed[t] += Math.max(0, held[t][p] - reserved[t][p]) - before;
    }

    /** Records that tenant {@code t} released {@code g} GPUs in pool {@code p}. */
    public void give(int t, int p, int g) {
        if (held[t][p] < g) throw new IllegalStateException("tenant " + t + " releases " + g + " of " + held[t][p] + " held");
        long before = Math.max(0, held[t][p] - reserved[t][p]);
        held[t][p] -= g;
        heldTotal[t] -= g;
        borrowed[t] += Math.max(0, held[t][p] - reserved[t][p]) - before;
    }
}
