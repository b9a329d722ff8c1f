package io.skygrid.sched;

import java.util.Arrays;

/**
 * Index of queued jobs for backfilling: per gang size, a segment tree over queue positions holding each
 * queued job's runtime, so "the earliest queued job of size g after position L with runtime <= W"
 * costs O(log n). Queue position = job index (jobs are queued in arrival order).
 *
 * <p>Lets EASY backfill find exactly the job a front-to-back scan of the queue would pick, without
 * scanning tens of thousands of waiting jobs at every scheduling instant. Not thread-safe.
 */
public final class QueueIndex {
    private static final long ABSENT = Long.MAX_VALUE;

    private final int[] sizes;
    private final int[] groups;
    private final int[] classOf;
    private final int[] posInClass;
    private final int[][] members;
    private final long[][] tree;
    private final int[] leaves;
    private final int[] queuedPerClass;

    /**
     * @param gpus gang size of every job, by job index
     */
    public QueueIndex(int[] gpus) {
        this(gpus, new int[gpus.length]);
    }

    /**
     * One class per (gang size, group), e.g. group = tenant so that a tenant over its quota can be skipped
     * as a whole. Classes ascend by size, then by group.
     *
     * @param gpus  gang size of every job, by job index
     * @param group group of every job (>= 0), by job index
     */
    public QueueIndex(int[] gpus, int[] group) {
        int n = gpus.length;
        if (group.length != n) throw new IllegalArgumentException("one group per job");
        long[] keys = new long[n];
        for (int j = 0; j < n; j++) {
            keys[j] = ((long) gpus[j] << 32) | group[j];
        }
        long[] distinct = Arrays.stream(keys).distinct().sorted().toArray();
        sizes = new int[distinct.length];
        groups = new int[distinct.length];
        for (int c = 0; c < distinct.length; c++) {
            sizes[c] = (int) (distinct[c] >>> 32);
            groups[c] = (int) distinct[c];
        }
        classOf = new int[n];
        posInClass = new int[n];
        int[] count = new int[sizes.length];
        for (int j = 0; j < n; j++) {
            int c = Arrays.binarySearch(distinct, keys[j]);
            classOf[j] = c;
            posInClass[j] = count[c]++;
        }
        members = new int[sizes.length][];
        tree = new long[sizes.length][];
        leaves = new int[sizes.length];
        queuedPerClass = new int[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            members[c] = new int[count[c]];
            int leaf = 1;
            while (leaf < count[c]) {
                leaf <<= 1;
            }
            leaves[c] = leaf;
            tree[c] = new long[2 * leaf];
            Arrays.fill(tree[c], ABSENT);
        }
        for (int j = 0; j < n; j++) {
            members[classOf[j]][posInClass[j]] = j;
        }
    }

    /** @return group of class {@code c} */
    public int group(int c) {
        return groups[c];
    }

    /** @return number of classes (distinct gang sizes, or (size, group) pairs) */
    public int classes() {
        return sizes.length;
    }

    /** @return gang size of class {@code c} (classes ascend by size) */
    public int size(int c) {
        return sizes[c];
    }

    /** @return whether any job of class {@code c} is queued */
    public boolean hasQueued(int c) {
        return queuedPerClass[c] > 0;
    }

    /** Marks job {@code j} queued with runtime {@code runtimeMs}. */
    public void add(int j, long runtimeMs) {
        int c = classOf[j];
        if (tree[c][leaves[c] + posInClass[j]] == ABSENT) {
            queuedPerClass[c]++;
        }
        set(c, posInClass[j], runtimeMs);
    }

    /** Marks job {@code j} no longer queued. */
    public void remove(int j) {
        int c = classOf[j];
        if (tree[c][leaves[c] + posInClass[j]] != ABSENT) {
            queuedPerClass[c]--;
        }
        set(c, posInClass[j], ABSENT);
    }

    private void set(int c, int pos, long value) {
        long[] t = tree[c];
        int i = leaves[c] + pos;
        t[i] = value;
        for (i >>= 1; i >= 1; i >>= 1) {
            t[i] = Math.min(t[2 * i], t[2 * i + 1]);
        }
    }

    /**
     * @return the smallest job index {@code >= fromJob} of class {@code c} that is queued with runtime
     * {@code <= maxRuntimeMs}, or -1
     */
    public int first(int c, int fromJob, long maxRuntimeMs) {
        if (queuedPerClass[c] == 0) {
            return -1;
        }
        int[] m = members[c];
        int lo = Arrays.binarySearch(m, fromJob);
        if (lo < 0) {
            lo = -lo - 1;
        }
        if (lo >= m.length) {
            return -1;
        }
        int pos = firstAtOrAfter(tree[c], 1, 0, leaves[c], lo, maxRuntimeMs);
        return pos < 0 ? -1 : m[pos];
    }

    private static int firstAtOrAfter(long[] t, int node, int nodeLo, int nodeSize, int from, long limit) {
        if (t[node] > limit || nodeLo + nodeSize <= from) {
            return -1;
        }
        if (nodeSize == 1) {
            return nodeLo;
        }
        int half = nodeSize >> 1;
        int left = firstAtOrAfter(t, 2 * node, nodeLo, half, from, limit);
        if (left >= 0) {
            return left;
        }
        return firstAtOrAfter(t, 2 * node + 1, nodeLo + half, half, from, limit);
    }
}
