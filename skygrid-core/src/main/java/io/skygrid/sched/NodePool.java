package io.skygrid.sched;

import java.util.BitSet;

/**
 * GPUs of one site or orbital cluster, grouped into identical nodes (a ground node of 8 GPUs, or a
 * satellite with its accelerators), with gang placement that is all-or-nothing.
 *
 * <p>Placement rule: a gang of {@code g} GPUs on nodes of {@code c} takes {@code g / c} whole free
 * nodes plus, for the remainder {@code g % c}, the available node with the fewest free GPUs that
 * still holds it (best fit, which keeps whole nodes free for large gangs). Only available nodes are
 * used: a satellite without power, say, is unavailable. Free and allocated GPUs always add up to
 * the capacity of every node.
 *
 * <p>Nodes are indexed by free-GPU count with one bit set per count, so a feasibility test costs
 * O(c) and a placement O(nodes used). Not thread-safe.
 */
public final class NodePool {
    private final String name;
    private final int nodes;
    private final int gpusPerNode;
    private final int[] free;
    private final boolean[] available;
    /** byFree[k]: available nodes with exactly k free GPUs. */
    private final BitSet[] byFree;
    private final int[] countByFree;
    private long freeAvailableGpus;
    private long allocatedGpus;

    /**
     * @param name        site or constellation name
     * @param nodes       number of nodes (or satellites), > 0
     * @param gpusPerNode GPUs per node, > 0
     */
    public NodePool(String name, int nodes, int gpusPerNode) {
        if (nodes <= 0 || gpusPerNode <= 0) {
            throw new IllegalArgumentException(name + ": nodes and gpusPerNode must be > 0");
        }
        this.name = name;
        this.nodes = nodes;
        this.gpusPerNode = gpusPerNode;
        this.free = new int[nodes];
        this.available = new boolean[nodes];
        this.byFree = new BitSet[gpusPerNode + 1];
        this.countByFree = new int[gpusPerNode + 1];
        for (int k = 0; k <= gpusPerNode; k++) {
            byFree[k] = new BitSet(nodes);
        }
        java.util.Arrays.fill(free, gpusPerNode);
        java.util.Arrays.fill(available, true);
        byFree[gpusPerNode].set(0, nodes);
        countByFree[gpusPerNode] = nodes;
        freeAvailableGpus = (long) nodes * gpusPerNode;
    }

    public String name() {
        return name;
    }

    public int nodes() {
        return nodes;
    }

    public int gpusPerNode() {
        return gpusPerNode;
    }

    /** @return total GPUs, available or not */
    public long capacity() {
        return (long) nodes * gpusPerNode;
    }

    /** @return free GPUs on available nodes */
    public long freeAvailableGpus() {
        return freeAvailableGpus;
    }

    /** @return GPUs held by placements (on available or unavailable nodes) */
    public long allocatedGpus() {
        return allocatedGpus;
    }

    /** @return free GPUs on node {@code n} */
    public int free(int n) {
        return free[n];
    }

    /** @return whether node {@code n} can take new work */
    public boolean isAvailable(int n) {
        return available[n];
    }

    /** @return whether a gang of {@code gpus} fits on available nodes now */
    public boolean canPlace(int gpus) {
        if (gpus <= 0 || gpus > freeAvailableGpus) {
            return false;
        }
        int whole = gpus / gpusPerNode;
        int rest = gpus % gpusPerNode;
        int fullNodes = countByFree[gpusPerNode];
        if (rest == 0) {
            return fullNodes >= whole;
        }
        if (fullNodes < whole) {
            return false;
        }
        for (int k = rest; k < gpusPerNode; k++) {
            if (countByFree[k] > 0) {
                return true;
            }
        }
        return fullNodes >= whole + 1;
    }

    /**
     * Places a gang, all or nothing.
     *
     * @return the placement, or null if the gang does not fit on available nodes now
     */
    public Placement place(int gpus) {
        if (!canPlace(gpus)) {
            return null;
        }
        int whole = gpus / gpusPerNode;
        int rest = gpus % gpusPerNode;
        int restNode = -1;
        if (rest > 0) {
            for (int k = rest; k < gpusPerNode && restNode < 0; k++) {
                if (countByFree[k] > 0) {
                    restNode = byFree[k].nextSetBit(0);
                }
            }
        }
        int used = whole + (rest > 0 ? 1 : 0);
        int[] nodeIds = new int[used];
        int[] counts = new int[used];
        int i = 0;
        int n = -1;
        for (int w = 0; w < whole; w++) {
            n = byFree[gpusPerNode].nextSetBit(n + 1);
            nodeIds[i] = n;
            counts[i] = gpusPerNode;
            i++;
        }
        if (rest > 0) {
            if (restNode < 0) {
                restNode = byFree[gpusPerNode].nextSetBit(n + 1);
            }
            nodeIds[i] = restNode;
            counts[i] = rest;
        }
        for (int j = 0; j < used; j++) {
            take(nodeIds[j], counts[j]);
        }
        return new Placement(this, nodeIds, counts);
    }

    /** Frees every GPU of a placement made by this pool. */
    public void release(Placement p) {
        if (p.pool() != this) {
            throw new IllegalArgumentException("placement belongs to " + p.pool().name());
        }
        for (int j = 0; j < p.nodeIds().length; j++) {
            give(p.nodeIds()[j], p.counts()[j]);
        }
    }

    /**
     * Marks node {@code n} available or not (e.g. a satellite losing power). Its allocations stay;
     * only new placements avoid it.
     */
    public void setAvailable(int n, boolean value) {
        if (available[n] == value) {
            return;
        }
        available[n] = value;
        if (value) {
            byFree[free[n]].set(n);
            countByFree[free[n]]++;
            freeAvailableGpus += free[n];
        } else {
            byFree[free[n]].clear(n);
            countByFree[free[n]]--;
            freeAvailableGpus -= free[n];
        }
    }

    private void take(int n, int gpus) {
        if (gpus > free[n]) {
            throw new IllegalStateException(name + " node " + n + ": taking " + gpus + " of " + free[n] + " free");
        }
        move(n, free[n] - gpus);
        allocatedGpus += gpus;
    }

    private void give(int n, int gpus) {
        if (free[n] + gpus > gpusPerNode) {
            throw new IllegalStateException(name + " node " + n + ": releasing more than allocated");
        }
        move(n, free[n] + gpus);
        allocatedGpus -= gpus;
    }

    private void move(int n, int newFree) {
        if (available[n]) {
            byFree[free[n]].clear(n);
            countByFree[free[n]]--;
            byFree[newFree].set(n);
            countByFree[newFree]++;
            freeAvailableGpus += newFree - free[n];
        }
        free[n] = newFree;
    }

    /**
     * Checks the pool's invariants: per node 0 <= free <= capacity, the indexes agree with the
     * arrays, and free + allocated = capacity in total.
     *
     * @throws IllegalStateException naming the first violation
     */
    public void checkInvariants() {
        long freeTotal = 0;
        long freeAvail = 0;
        int[] counts = new int[gpusPerNode + 1];
        for (int n = 0; n < nodes; n++) {
            if (free[n] < 0 || free[n] > gpusPerNode) {
                throw new IllegalStateException(name + " node " + n + " has " + free[n] + " free");
            }
            freeTotal += free[n];
            for (int k = 0; k <= gpusPerNode; k++) {
                boolean expected = available[n] && free[n] == k;
                if (byFree[k].get(n) != expected) {
                    throw new IllegalStateException(name + " node " + n + " index out of date");
                }
            }
            if (available[n]) {
                freeAvail += free[n];
                counts[free[n]]++;
            }
        }
        if (freeTotal + allocatedGpus != capacity()) {
            throw new IllegalStateException(name + ": free " + freeTotal + " + allocated " + allocatedGpus
                    + " != capacity " + capacity());
        }
        if (freeAvail != freeAvailableGpus || !java.util.Arrays.equals(counts, countByFree)) {
            throw new IllegalStateException(name + ": free-GPU index out of date");
        }
    }
}
