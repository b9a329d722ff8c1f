package io.skygrid.sched;

import java.util.Arrays;

/**
 * GPUs of one site or orbital cluster, grouped into identical nodes (a ground node of 8 GPUs, or a
 * satellite with its accelerators) in racks under leaf switches ({@link Topology}), with gang placement
 * that is all-or-nothing, topology-aware, and follows the health of every device.
 *
 * <h2>Placement rule</h2>
 * A gang of {@code g} GPUs on nodes of {@code c} needs {@code W = g / c} whole free nodes plus, for the
 * remainder {@code r = g % c}, one more node with at least {@code r} free GPUs. A "whole free node" has
 * all {@code c} devices healthy and idle, so a node with a failed device never takes a whole-node share,
 * and no node ever takes more GPUs than it has healthy idle devices (a 4-GPU gang never lands on a node
 * with 3 healthy GPUs). Preference, in order:
 * <ol>
 *   <li>{@code W = 0} (the gang fits one node): the available node with the fewest free GPUs that
 *       holds it (best fit, which keeps whole nodes free for large gangs).</li>
 *   <li>One rack: among racks that hold the whole gang, the one with the fewest whole free nodes (best
 *       fit, keeping empty racks for larger gangs); inside it, the remainder goes to the node with the
 *       fewest free GPUs that holds it.</li>
 *   <li>Otherwise the smallest subtree that holds it, filled largest-first, as Slurm's {@code topology/tree}
 *       plugin does: one leaf if any leaf holds the {@code W} whole nodes (the leaf with the fewest whole
 *       free nodes that suffices), else leaves in decreasing order of whole free nodes; within a leaf,
 *       racks in decreasing order of whole free nodes, which spans the fewest racks. The remainder goes
 *       to the best-fit node inside the racks already used, else inside the leaves already used, else
 *       anywhere.</li>
 * </ol>
 * Ties go to the lowest index. With {@code oneRack} (an orbital gang that must stay inside one
 * formation cluster) only step 1 or 2 may place it. Only available nodes are used: a satellite without
 * power, say, is unavailable; its allocations stay.
 *
 * <h2>Health</h2>
 * Each device is healthy or failed ({@link #failDevice}, {@link #failNode}, {@link #repairDevice},
 * {@link #repairNode}). A failed idle device stops being free at once; a failed device held by a gang
 * stays allocated until that gang is released and does not become free then. The owner passed to
 * {@link #place(int, int, boolean)} (a job id, say) is returned by the failure calls so that the event loop
 * can fail the job that was hit. Free, allocated and failed-idle GPUs always add up to the capacity of
 * every node.
 *
 * <h2>Cost</h2>
 * Nodes are indexed by free-GPU count (globally and per rack) and racks by whole free nodes, so a
 * feasibility test costs O(c), a one-node or one-rack placement O(c + nodes used) bit-set lookups, and a
 * release O(nodes used).
 *
 * <h2>Node width</h2>
 * A node holds 1 to {@value #MAX_GPUS_PER_NODE} GPUs: an 8-GPU HGX board, a 72-GPU GB200/GB300 NVL72
 * rack or a 576-GPU NVLink domain is one node, so a gang that fits one NVLink domain is placed on one
 * node. Devices are bit sets: up to 63 GPUs per node they are one {@code long} per node (the fast path of
 * the common 8-GPU node), wider nodes keep {@code ceil(c / 64)} words per node in a flat array. The rule
 * above, health and owners are the same for both. Not thread-safe.
 */
public final class NodePool {
    /** Owner recorded by {@link #place(int)}: none. */
    public static final int NO_OWNER = -1;
    /**
     * Most GPUs one node may hold: 1,024, room above the 576-GPU NVLink domain NVIDIA has announced
     * (Rubin Ultra NVL576). The per-free-count indexes grow with it ({@code c + 1} bit sets over the nodes).
     */
    public static final int MAX_GPUS_PER_NODE = 1024;
    /** Widest node kept as one {@code long} per node (bit 63 of the allocated word is {@link #UNAVAILABLE}). */
    private static final int MAX_NARROW_GPUS = 63;
    /** Flag in {@code state[2n + 1]}: node n takes no new work. */
    private static final long UNAVAILABLE = 1L << 63;
    /** Nodes per rack above which racks are scanned linearly instead of indexed by whole free nodes. */
    private static final int MAX_INDEXED_NODES_PER_RACK = 64;

    private final String name;
    private final int nodes;
    private final int gpusPerNode;
    private final Topology topology;
    private final int nodesPerRack;
    private final int racksPerLeaf;
    private final int racks;
    private final int leaves;
    private final long deviceMask;
    /** 64-bit words in one node's device set (and in one node's share of a placement's masks): 1 up to 63 GPUs. */
    private final int words;
    /**
     * Wide nodes only (more than 63 GPUs), else null: per node {@code 2 * words} longs, the healthy devices
     * (bit {@code d % 64} of word {@code d / 64}) then the allocated ones. {@code state[2n + 1]} then holds
     * only {@link #UNAVAILABLE}.
     */
    private final long[] wide;

    /**
     * Per node, side by side so that one cache line serves a node: {@code state[2n]} the healthy devices,
     * {@code state[2n + 1]} the allocated devices plus {@link #UNAVAILABLE} when the node takes no new work.
     * Free GPUs = healthy and not allocated.
     */
    private final long[] state;
    private final int[] owner;
    /** byFree[k]: available nodes with exactly k free GPUs. */
    private final Bits[] byFree;
    private final int[] countByFree;
    /** rackCountByFree[rack * (c + 1) + k]: available nodes of the rack with exactly k free GPUs. */
    private final int[] rackCountByFree;
    /** racksByFull[j]: racks with exactly j whole free nodes; null when racks are scanned linearly. */
    private final Bits[] racksByFull;
    /** racksCountByFull[j]: number of racks with exactly j whole free nodes (when indexed). */
    private final int[] racksCountByFull;
    private final int[] leafFull;
    /** log2(nodesPerRack) when it is a power of two (a shift instead of a division), else -1. */
    private final int rackShift;
    /** leafOfRack[r]: leaf of rack r. */
    private final int[] leafOfRack;
    private final int[] rackStamp;
    private final int[] leafStamp;
    private int stamp;
    /**
     * Whether owners are recorded: from the first placement that names one. Until then every device's owner
     * is {@link #NO_OWNER}, which is right, and pools used without owners skip the writes.
     */
    private boolean tracksOwners;
    private long freeAvailableGpus;
    private long allocatedGpus;
    private long failedGpus;

    /**
     * A pool with the default ground topology ({@link Topology#DEFAULT}).
     *
     * @param name        site or constellation name
     * @param nodes       number of nodes (or satellites), > 0
     * @param gpusPerNode GPUs per node, in [1, {@value #MAX_GPUS_PER_NODE}]
     */
    public NodePool(String name, int nodes, int gpusPerNode) {
        this(name, nodes, gpusPerNode, Topology.DEFAULT);
    }

    /**
     * @param name        site or constellation name
     * @param nodes       number of nodes (or satellites), > 0
     * @param gpusPerNode GPUs per node, in [1, {@value #MAX_GPUS_PER_NODE}]
     * @param topology    racks and leaves (orbital: formation clusters)
     */
    public NodePool(String name, int nodes, int gpusPerNode, Topology topology) {
        if (nodes <= 0 || gpusPerNode <= 0) {
            throw new IllegalArgumentException(name + ": nodes and gpusPerNode must be > 0");
        }
        if (gpusPerNode > MAX_GPUS_PER_NODE) {
            throw new IllegalArgumentException(name + ": at most " + MAX_GPUS_PER_NODE
                    + " GPUs per node (one NVLink domain), got " + gpusPerNode);
        }
        this.name = name;
        this.nodes = nodes;
        this.gpusPerNode = gpusPerNode;
        this.topology = topology;
        this.nodesPerRack = topology.nodesPerRack();
        this.racksPerLeaf = topology.racksPerLeaf();
        this.racks = topology.racks(nodes);
        this.leaves = topology.leaves(nodes);
        int c = gpusPerNode;
        this.deviceMask = c <= MAX_NARROW_GPUS ? (1L << c) - 1 : -1L;
        this.words = c <= MAX_NARROW_GPUS ? 1 : (c + 63) >>> 6;
        this.wide = c <= MAX_NARROW_GPUS ? null : new long[2 * words * nodes];
        this.state = new long[2 * nodes];
        this.owner = new int[nodes * c];
        this.byFree = new Bits[c + 1];
        this.countByFree = new int[c + 1];
        for (int k = 0; k <= c; k++) {
            byFree[k] = new Bits(nodes);
        }
        this.rackCountByFree = new int[racks * (c + 1)];
        if (nodesPerRack <= MAX_INDEXED_NODES_PER_RACK) {
            racksByFull = new Bits[nodesPerRack + 1];
            for (int j = 0; j <= nodesPerRack; j++) {
                racksByFull[j] = new Bits(racks);
            }
            racksByFull[0].setFirst(racks);
            racksCountByFull = new int[nodesPerRack + 1];
            racksCountByFull[0] = racks;
        } else {
            racksByFull = null;
            racksCountByFull = null;
        }
        this.leafFull = new int[leaves];
        this.rackShift = Integer.bitCount(nodesPerRack) == 1 ? Integer.numberOfTrailingZeros(nodesPerRack) : -1;
        this.leafOfRack = new int[racks];
        for (int r = 0; r < racks; r++) {
            leafOfRack[r] = r / racksPerLeaf;
        }
        this.rackStamp = new int[racks];
        this.leafStamp = new int[leaves];
        Arrays.fill(owner, NO_OWNER);
        for (int n = 0; n < nodes; n++) {
            if (wide == null) {
                state[2 * n] = deviceMask;
            } else {
                int base = 2 * words * n;
                for (int w = 0; w < words; w++) {
                    int bits = Math.min(64, c - 64 * w);
                    wide[base + w] = bits == 64 ? -1L : (1L << bits) - 1;
                }
            }
            index(n);
        }
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

    /**
     * @return 64-bit words per node in {@link Placement#deviceMasks()}: 1 for nodes of up to 63 GPUs, else
     *         {@code ceil(gpusPerNode / 64)}
     */
    public int deviceWords() {
        return words;
    }

    public Topology topology() {
        return topology;
    }

    /** @return number of racks (orbital: formation clusters) */
    public int racks() {
        return racks;
    }

    /** @return number of leaf switches */
    public int leaves() {
        return leaves;
    }

    /** @return rack of node {@code n} */
    public int rackOf(int n) {
        return rackShift >= 0 ? n >>> rackShift : n / nodesPerRack;
    }

    /** @return leaf of node {@code n} */
    public int leafOf(int n) {
        return n / nodesPerRack / racksPerLeaf;
    }

    /** @return total GPUs, available, healthy or not */
    public long capacity() {
        return (long) nodes * gpusPerNode;
    }

    /** @return free (healthy, idle) GPUs on available nodes */
    public long freeAvailableGpus() {
        return freeAvailableGpus;
    }

    /** @return GPUs held by placements (on available or unavailable nodes, healthy or failed) */
    public long allocatedGpus() {
        return allocatedGpus;
    }

    /** @return failed devices, idle or still held by a placement */
    public long failedGpus() {
        return failedGpus;
    }

    /** @return free (healthy, idle) GPUs on node {@code n} */
    public int free(int n) {
        return freeOf(n);
    }

    private int freeOf(int n) {
        if (wide != null) {
            return wideFree(n);
        }
        return Long.bitCount(state[2 * n] & ~state[2 * n + 1] & deviceMask);
    }

    private int wideFree(int n) {
        int base = 2 * words * n;
        int free = 0;
        for (int w = 0; w < words; w++) {
            free += Long.bitCount(wide[base + w] & ~wide[base + words + w]);
        }
        return free;
    }

    /** Word of the healthy devices of node n holding device d (wide nodes). */
    private int healthyWord(int n, int d) {
        return 2 * words * n + (d >>> 6);
    }

    private boolean avail(int n) {
        return state[2 * n + 1] >= 0; // UNAVAILABLE is the sign bit
    }

    /** @return healthy GPUs on node {@code n}, idle or not */
    public int healthyGpus(int n) {
        if (wide != null) {
            int base = 2 * words * n;
            int h = 0;
            for (int w = 0; w < words; w++) {
                h += Long.bitCount(wide[base + w]);
            }
            return h;
        }
        return Long.bitCount(state[2 * n]);
    }

    /** @return whether device {@code d} of node {@code n} is healthy */
    public boolean isHealthy(int n, int d) {
        checkDevice(n, d);
        if (wide != null) {
            return (wide[healthyWord(n, d)] & (1L << d)) != 0;
        }
        return (state[2 * n] & (1L << d)) != 0;
    }

    private void checkDevice(int n, int d) {
        if (d < 0 || d >= gpusPerNode) {
            throw new IllegalArgumentException(name + " node " + n + ": no device " + d);
        }
    }

    /** @return the owner of device {@code d} of node {@code n}, or {@link #NO_OWNER} if it is idle */
    public int ownerOf(int n, int d) {
        checkDevice(n, d);
        if (wide != null) {
            return (wide[healthyWord(n, d) + words] & (1L << d)) != 0 ? owner[n * gpusPerNode + d] : NO_OWNER;
        }
        return (state[2 * n + 1] & (1L << d)) != 0 ? owner[n * gpusPerNode + d] : NO_OWNER;
    }

    /** @return whether node {@code n} can take new work */
    public boolean isAvailable(int n) {
        return avail(n);
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
     * @param oneRack whether the gang must stay inside one rack (orbital: one formation cluster)
     * @return whether a gang of {@code gpus} fits on available nodes now, under that constraint
     */
    public boolean canPlace(int gpus, boolean oneRack) {
        if (!canPlace(gpus)) {
            return false;
        }
        int whole = gpus / gpusPerNode;
        return !oneRack || whole == 0 || findRack(whole, gpus % gpusPerNode) >= 0;
    }

    /**
     * Places a gang, all or nothing, with no owner recorded.
     *
     * @return the placement, or null if the gang does not fit on available nodes now
     */
    public Placement place(int gpus) {
        return place(gpus, NO_OWNER, false);
    }

    /**
     * Places a gang, all or nothing, by the rule in the class comment.
     *
     * @param gpus    GPUs, >= 1
     * @param ownerId recorded on every device taken (e.g. the job id), returned by the failure calls
     * @param oneRack whether the gang must stay inside one rack (orbital: one formation cluster)
     * @return the placement, or null if the gang does not fit on available nodes now (under {@code oneRack})
     */
    public Placement place(int gpus, int ownerId, boolean oneRack) {
        if (!canPlace(gpus)) {
            return null;
        }
        int c = gpusPerNode;
        int whole = gpus / c;
        int rest = gpus % c;
        if (whole == 0) {
            int n = -1;
            for (int k = rest; k <= c && n < 0; k++) {
                if (countByFree[k] > 0) {
                    n = byFree[k].nextSetBit(0);
                }
            }
            long[] masks = new long[words];
            take(n, rest, ownerId, masks, 0);
            return new Placement(this, new int[] {n}, new int[] {rest}, masks, 1, 1);
        }
        int rack = findRack(whole, rest);
        if (rack >= 0) {
            return placeInRack(rack, whole, rest, ownerId);
        }
        if (oneRack) {
            return null;
        }
        return placeAcrossRacks(whole, rest, ownerId);
    }

    /**
     * Places {@code gpus} (at most one node's worth) on one node that {@code allowed} accepts: the allowed
     * available node with the fewest free GPUs that holds them, lowest index on ties. For replicas under an
     * anti-affinity limit ({@link ReplicaSpread}). Costs O(nodes examined): nodes refused by {@code allowed}
     * are skipped one by one.
     *
     * @param gpus    GPUs, in [1, gpusPerNode]
     * @param ownerId recorded on every device taken
     * @param allowed which nodes may take it
     * @return the placement, or null if no allowed node has room now
     */
    public Placement placeOnOneNode(int gpus, int ownerId, java.util.function.IntPredicate allowed) {
        if (gpus < 1 || gpus > gpusPerNode) {
            throw new IllegalArgumentException(name + ": a one-node placement takes 1.." + gpusPerNode + " GPUs, got " + gpus);
        }
        for (int k = gpus; k <= gpusPerNode; k++) {
            if (countByFree[k] == 0) {
                continue;
            }
            for (int n = byFree[k].nextSetBit(0); n >= 0; n = byFree[k].nextSetBit(n + 1)) {
                if (allowed.test(n)) {
                    long[] masks = new long[words];
                    take(n, gpus, ownerId, masks, 0);
                    return new Placement(this, new int[] {n}, new int[] {gpus}, masks, 1, 1);
                }
            }
        }
        return null;
    }

    /** Best-fit rack holding {@code whole} whole nodes plus a node with {@code rest} free, or -1. */
    private int findRack(int whole, int rest) {
        if (whole > nodesPerRack) {
            return -1;
        }
        if (racksByFull != null) {
            if (racksCountByFull[whole] > 0) {
                Bits exact = racksByFull[whole];
                for (int r = exact.nextSetBit(0); r >= 0; r = exact.nextSetBit(r + 1)) {
                    if (rest == 0 || hasPartial(r, rest)) {
                        return r;
                    }
                }
            }
            for (int j = whole + 1; j <= nodesPerRack; j++) {
                if (racksCountByFull[j] > 0) {
                    return racksByFull[j].nextSetBit(0);
                }
            }
            return -1;
        }
        int best = -1;
        int bestFull = Integer.MAX_VALUE;
        for (int r = 0; r < racks; r++) {
            int f = fullIn(r);
            if (f >= whole && f < bestFull && (rest == 0 || f > whole || hasPartial(r, rest))) {
                best = r;
                bestFull = f;
            }
        }
        return best;
    }

    private int fullIn(int rack) {
        return rackCountByFree[rack * (gpusPerNode + 1) + gpusPerNode];
    }

    /** Whether rack {@code r} has an available node with free GPUs in [rest, c). */
    private boolean hasPartial(int r, int rest) {
        int base = r * (gpusPerNode + 1);
        for (int k = rest; k < gpusPerNode; k++) {
            if (rackCountByFree[base + k] > 0) {
                return true;
            }
        }
        return false;
    }

    private Placement placeInRack(int rack, int whole, int rest, int ownerId) {
        int c = gpusPerNode;
        int first = rack * nodesPerRack;
        int end = Math.min(first + nodesPerRack, nodes);
        int used = whole + (rest > 0 ? 1 : 0);
        int[] nodeIds = new int[used];
        int[] counts = new int[used];
        long[] masks = new long[used * words];
        int i = 0;
        Bits wholeNodes = byFree[c];
        for (int n = wholeNodes.nextSetBit(first); n >= 0 && n < end && i < whole; n = wholeNodes.nextSetBit(n + 1)) {
            nodeIds[i] = n;
            counts[i] = c;
            take(n, c, ownerId, masks, i);
            i++;
        }
        if (rest > 0) {
            // after the whole nodes: the best-fit partial node of the rack, else a whole node left in it
            int restNode = bestFitIn(first, end, rest);
            nodeIds[i] = restNode;
            counts[i] = rest;
            take(restNode, rest, ownerId, masks, i);
        }
        return new Placement(this, nodeIds, counts, masks, 1, 1);
    }

    /** Available node in [first, end) with the fewest free GPUs that still holds {@code rest}, lowest index on ties; -1 if none. */
    private int bestFitIn(int first, int end, int rest) {
        for (int k = rest; k <= gpusPerNode; k++) {
            int n = byFree[k].nextSetBit(first);
            if (n >= 0 && n < end) {
                return n;
            }
        }
        return -1;
    }

    private Placement placeAcrossRacks(int whole, int rest, int ownerId) {
        int c = gpusPerNode;
        // choose the leaves: the best-fit single leaf, else leaves largest-first
        int[] leafOrder;
        int bestLeaf = -1;
        for (int l = 0; l < leaves; l++) {
            if (leafFull[l] >= whole && (bestLeaf < 0 || leafFull[l] < leafFull[bestLeaf])) {
                bestLeaf = l;
            }
        }
        if (bestLeaf >= 0) {
            leafOrder = new int[] {bestLeaf};
        } else {
            leafOrder = sortedDescending(leaves, leafFull, 0);
        }
        int used = whole + (rest > 0 ? 1 : 0);
        int[] nodeIds = new int[used];
        int[] counts = new int[used];
        long[] masks = new long[used * words];
        int[] usedRacks = new int[Math.min(racks, used)];
        int racksUsed = 0;
        int i = 0;
        int[] rackFull = new int[racksPerLeaf];
        for (int li = 0; li < leafOrder.length && i < whole; li++) {
            int l = leafOrder[li];
            int firstRack = l * racksPerLeaf;
            int nRacks = Math.min(racksPerLeaf, racks - firstRack);
            for (int k = 0; k < nRacks; k++) {
                rackFull[k] = fullIn(firstRack + k);
            }
            int[] rackOrder = sortedDescending(nRacks, rackFull, firstRack);
            for (int ri = 0; ri < rackOrder.length && i < whole; ri++) {
                int r = rackOrder[ri];
                if (fullIn(r) == 0) {
                    break;
                }
                usedRacks[racksUsed++] = r;
                int first = r * nodesPerRack;
                int end = Math.min(first + nodesPerRack, nodes);
                Bits wholeNodes = byFree[c];
                for (int n = wholeNodes.nextSetBit(first); n >= 0 && n < end && i < whole; n = wholeNodes.nextSetBit(n + 1)) {
                    nodeIds[i] = n;
                    counts[i] = c;
                    take(n, c, ownerId, masks, i);
                    i++;
                }
            }
        }
        if (i < whole) {
            throw new IllegalStateException(name + ": whole-node index out of date");
        }
        if (rest > 0) {
            int restNode = -1;
            int bestFree = Integer.MAX_VALUE;
            for (int u = 0; u < racksUsed; u++) {
                int first = usedRacks[u] * nodesPerRack;
                int n = bestFitIn(first, Math.min(first + nodesPerRack, nodes), rest);
                if (n >= 0 && freeOf(n) < bestFree) {
                    restNode = n;
                    bestFree = freeOf(n);
                }
            }
            if (restNode < 0) {
                // the best-fit node inside the leaves already used
                int ls = ++stamp;
                for (int u = 0; u < racksUsed; u++) {
                    int l = usedRacks[u] / racksPerLeaf;
                    if (leafStamp[l] == ls) {
                        continue;
                    }
                    leafStamp[l] = ls;
                    int first = l * racksPerLeaf * nodesPerRack;
                    int n = bestFitIn(first, Math.min(first + racksPerLeaf * nodesPerRack, nodes), rest);
                    if (n >= 0 && freeOf(n) < bestFree) {
                        restNode = n;
                        bestFree = freeOf(n);
                    }
                }
            }
            for (int k = rest; k <= c && restNode < 0; k++) {
                if (countByFree[k] > 0) {
                    restNode = byFree[k].nextSetBit(0);
                }
            }
            nodeIds[i] = restNode;
            counts[i] = rest;
            take(restNode, rest, ownerId, masks, i);
        }
        // distinct racks and leaves
        int s = ++stamp;
        int nr = 0;
        int nl = 0;
        for (int n : nodeIds) {
            int r = n / nodesPerRack;
            if (rackStamp[r] != s) {
                rackStamp[r] = s;
                nr++;
            }
            int l = r / racksPerLeaf;
            if (leafStamp[l] != s) {
                leafStamp[l] = s;
                nl++;
            }
        }
        return new Placement(this, nodeIds, counts, masks, nr, nl);
    }

    /** Indices offset..offset+n-1 ordered by value[i - offset] descending, ties by index. */
    private static int[] sortedDescending(int n, int[] value, int offset) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) (Integer.MAX_VALUE - value[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = offset + (int) (keys[i] & 0xffffffffL);
        }
        return out;
    }

    /** Frees every GPU of a placement made by this pool; failed devices among them stay out of the free count. */
    public void release(Placement p) {
        if (p.pool() != this) {
            throw new IllegalArgumentException("placement belongs to " + p.pool().name());
        }
        int[] ids = p.nodeIds();
        long[] masks = p.deviceMasks();
        if (wide != null) {
            releaseWide(ids, masks);
            return;
        }
        for (int j = 0; j < ids.length; j++) {
            int n = ids[j];
            long m = masks[j];
            long a = state[2 * n + 1];
            if ((a & m) != m) {
                throw new IllegalStateException(name + " node " + n + ": releasing devices that are not allocated");
            }
            long h = state[2 * n];
            state[2 * n + 1] = a & ~m;
            move(n, Long.bitCount(h & ~a & deviceMask), Long.bitCount(h & ~(a & ~m) & deviceMask));
            allocatedGpus -= Long.bitCount(m);
        }
    }

    private void releaseWide(int[] ids, long[] masks) {
        for (int j = 0; j < ids.length; j++) {
            int n = ids[j];
            int alloc = 2 * words * n + words;
            for (int w = 0; w < words; w++) {
                long m = masks[j * words + w];
                if ((wide[alloc + w] & m) != m) {
                    throw new IllegalStateException(name + " node " + n + ": releasing devices that are not allocated");
                }
            }
            int old = wideFree(n);
            int freed = 0;
            for (int w = 0; w < words; w++) {
                long m = masks[j * words + w];
                wide[alloc + w] &= ~m;
                freed += Long.bitCount(m);
            }
            move(n, old, wideFree(n));
            allocatedGpus -= freed;
        }
    }

    /**
     * Marks node {@code n} available or not (e.g. a satellite losing power). Its allocations stay;
     * only new placements avoid it.
     */
    public void setAvailable(int n, boolean value) {
        if (avail(n) == value) {
            return;
        }
        if (value) {
            state[2 * n + 1] &= ~UNAVAILABLE;
            index(n);
        } else {
            unindex(n);
            state[2 * n + 1] |= UNAVAILABLE;
        }
    }

    /**
     * Fails device {@code d} of node {@code n}. An idle device stops being free at once; a device held by a
     * gang stays allocated until the gang is released (the caller fails that gang) and is not freed then.
     * Failing a failed device changes nothing.
     *
     * @return the owner of the gang holding the device, or {@link #NO_OWNER} if it was idle or already failed
     */
    public int failDevice(int n, int d) {
        long bit = 1L << d;
        checkDevice(n, d);
        if (wide != null) {
            int h = healthyWord(n, d);
            if ((wide[h] & bit) == 0) {
                return NO_OWNER;
            }
            int old = wideFree(n);
            wide[h] &= ~bit;
            move(n, old, wideFree(n));
            failedGpus++;
            return (wide[h + words] & bit) != 0 ? owner[n * gpusPerNode + d] : NO_OWNER;
        }
        if ((state[2 * n] & bit) == 0) {
            return NO_OWNER;
        }
        int old = freeOf(n);
        state[2 * n] &= ~bit;
        move(n, old, freeOf(n));
        failedGpus++;
        return (state[2 * n + 1] & bit) != 0 ? owner[n * gpusPerNode + d] : NO_OWNER;
    }

    /**
     * Fails every device of node {@code n} (a lost satellite, a node taken out).
     *
     * @return the distinct owners of gangs holding devices of the node, in device order
     */
    public int[] failNode(int n) {
        int[] hit = new int[gpusPerNode];
        int k = 0;
        for (int d = 0; d < gpusPerNode; d++) {
            int o = failDevice(n, d);
            if (o != NO_OWNER) {
                boolean seen = false;
                for (int i = 0; i < k; i++) {
                    seen |= hit[i] == o;
                }
                if (!seen) {
                    hit[k++] = o;
                }
            }
        }
        return Arrays.copyOf(hit, k);
    }

    /**
     * Repairs device {@code d} of node {@code n}: it becomes free once no gang holds it.
     *
     * @return whether the device was failed
     */
    public boolean repairDevice(int n, int d) {
        long bit = 1L << d;
        checkDevice(n, d);
        if (wide != null) {
            int h = healthyWord(n, d);
            if ((wide[h] & bit) != 0) {
                return false;
            }
            int old = wideFree(n);
            wide[h] |= bit;
            move(n, old, wideFree(n));
            failedGpus--;
            return true;
        }
        if ((state[2 * n] & bit) != 0) {
            return false;
        }
        int old = freeOf(n);
        state[2 * n] |= bit;
        move(n, old, freeOf(n));
        failedGpus--;
        return true;
    }

    /** Repairs every failed device of node {@code n}. @return the number repaired */
    public int repairNode(int n) {
        int k = 0;
        for (int d = 0; d < gpusPerNode; d++) {
            if (repairDevice(n, d)) {
                k++;
            }
        }
        return k;
    }

    /** Takes {@code gpus} free devices of node {@code n}, lowest first, into {@code masks} at node slot {@code i}. */
    private void take(int n, int gpus, int ownerId, long[] masks, int i) {
        if (wide == null) {
            masks[i] = take(n, gpus, ownerId);
            return;
        }
        int old = wideFree(n);
        if (gpus > old) {
            throw new IllegalStateException(name + " node " + n + ": taking " + gpus + " of " + old + " free");
        }
        if (ownerId != NO_OWNER) {
            tracksOwners = true;
        }
        int base = 2 * words * n;
        int left = gpus;
        for (int w = 0; w < words && left > 0; w++) {
            long idle = wide[base + w] & ~wide[base + words + w];
            long mask;
            int count = Long.bitCount(idle);
            if (count <= left) {
                mask = idle;
                left -= count;
            } else {
                mask = 0;
                for (; left > 0; left--) {
                    long low = idle & -idle;
                    mask |= low;
                    idle ^= low;
                }
            }
            wide[base + words + w] |= mask;
            masks[i * words + w] = mask;
            if (tracksOwners) {
                int first = n * gpusPerNode + 64 * w;
                for (long m = mask; m != 0; m &= m - 1) {
                    owner[first + Long.numberOfTrailingZeros(m)] = ownerId;
                }
            }
        }
        move(n, old, old - gpus);
        allocatedGpus += gpus;
    }

    private long take(int n, int gpus, int ownerId) {
        long a = state[2 * n + 1];
        long idle = state[2 * n] & ~a & deviceMask;
        int old = Long.bitCount(idle);
        if (gpus > old) {
            throw new IllegalStateException(name + " node " + n + ": taking " + gpus + " of " + old + " free");
        }
        long mask;
        if (gpus == old) {
            mask = idle;
        } else {
            mask = 0;
            for (int i = 0; i < gpus; i++) {
                long low = idle & -idle;
                mask |= low;
                idle ^= low;
            }
        }
        state[2 * n + 1] = a | mask;
        move(n, old, old - gpus);
        allocatedGpus += gpus;
        if (ownerId != NO_OWNER) {
            tracksOwners = true;
        }
        if (tracksOwners) {
            int base = n * gpusPerNode;
            for (long m = mask; m != 0; m &= m - 1) {
                owner[base + Long.numberOfTrailingZeros(m)] = ownerId;
            }
        }
        return mask;
    }

    /** Node {@code n}'s free count changed from {@code old} to {@code newFree}: updates the indexes (if it is available). */
    private void move(int n, int old, int newFree) {
        if (old == newFree || !avail(n)) {
            return;
        }
        byFree[old].clear(n);
        countByFree[old]--;
        byFree[newFree].set(n);
        countByFree[newFree]++;
        freeAvailableGpus += newFree - old;
        int rack = rackOf(n);
        int base = rack * (gpusPerNode + 1);
        rackCountByFree[base + old]--;
        rackCountByFree[base + newFree]++;
        if (old == gpusPerNode) {
            fullChanged(rack, -1);
        } else if (newFree == gpusPerNode) {
            fullChanged(rack, +1);
        }
    }

    /** Removes node {@code n}'s current free count from the indexes (if it is available). */
    private void unindex(int n) {
        if (!avail(n)) {
            return;
        }
        int k = freeOf(n);
        byFree[k].clear(n);
        countByFree[k]--;
        freeAvailableGpus -= k;
        int rack = rackOf(n);
        rackCountByFree[rack * (gpusPerNode + 1) + k]--;
        if (k == gpusPerNode) {
            fullChanged(rack, -1);
        }
    }

    /** Adds node {@code n}'s current free count to the indexes (if it is available). */
    private void index(int n) {
        if (!avail(n)) {
            return;
        }
        int k = freeOf(n);
        byFree[k].set(n);
        countByFree[k]++;
        freeAvailableGpus += k;
        int rack = rackOf(n);
        rackCountByFree[rack * (gpusPerNode + 1) + k]++;
        if (k == gpusPerNode) {
            fullChanged(rack, +1);
        }
    }

    /** Rack {@code rack}'s whole-free-node count has just changed by {@code delta} (already applied). */
    private void fullChanged(int rack, int delta) {
        if (racksByFull != null) {
            int now = fullIn(rack);
            racksByFull[now - delta].clear(rack);
            racksCountByFull[now - delta]--;
            racksByFull[now].set(rack);
            racksCountByFull[now]++;
        }
        leafFull[leafOfRack[rack]] += delta;
    }

    /**
     * Checks the pool's invariants: per node 0 <= free <= capacity and free = healthy idle devices; the
     * global, rack and leaf indexes agree with the arrays; free + allocated + failed-idle = capacity.
     *
     * @throws IllegalStateException naming the first violation
     */
    public void checkInvariants() {
        int c = gpusPerNode;
        long freeTotal = 0;
        long freeAvail = 0;
        long allocTotal = 0;
        long failedTotal = 0;
        long failedIdle = 0;
        int[] counts = new int[c + 1];
        int[] rackCounts = new int[racks * (c + 1)];
        for (int n = 0; n < nodes; n++) {
            boolean available = avail(n);
            int free = freeOf(n);
            for (int w = 0; w < words; w++) {
                long healthy;
                long alloc;
                long valid;
                if (wide == null) {
                    healthy = state[2 * n];
                    alloc = state[2 * n + 1] & ~UNAVAILABLE;
                    valid = deviceMask;
                } else {
                    healthy = wide[2 * words * n + w];
                    alloc = wide[2 * words * n + words + w];
                    int bits = Math.min(64, c - 64 * w);
                    valid = bits == 64 ? -1L : (1L << bits) - 1;
                    if ((state[2 * n] | (state[2 * n + 1] & ~UNAVAILABLE)) != 0) {
                        throw new IllegalStateException(name + " node " + n + ": narrow state set on a wide node");
                    }
                }
                if ((healthy & ~valid) != 0 || (alloc & ~valid) != 0) {
                    throw new IllegalStateException(name + " node " + n + ": device bits beyond " + c);
                }
                allocTotal += Long.bitCount(alloc);
                failedTotal += Long.bitCount(~healthy & valid);
                failedIdle += Long.bitCount(~healthy & ~alloc & valid);
            }
            freeTotal += free;
            for (int k = 0; k <= c; k++) {
                boolean expected = available && free == k;
                if (byFree[k].get(n) != expected) {
                    throw new IllegalStateException(name + " node " + n + " index out of date");
                }
            }
            if (available) {
                freeAvail += free;
                counts[free]++;
                rackCounts[(n / nodesPerRack) * (c + 1) + free]++;
            }
        }
        if (allocTotal != allocatedGpus || failedTotal != failedGpus) {
            throw new IllegalStateException(name + ": allocated/failed counters out of date");
        }
        if (freeTotal + allocatedGpus + failedIdle != capacity()) {
            throw new IllegalStateException(name + ": free " + freeTotal + " + allocated " + allocatedGpus
                    + " + failed idle " + failedIdle + " != capacity " + capacity());
        }
        if (freeAvail != freeAvailableGpus || !Arrays.equals(counts, countByFree)
                || !Arrays.equals(rackCounts, rackCountByFree)) {
            throw new IllegalStateException(name + ": free-GPU index out of date");
        }
        int[] leafCounts = new int[leaves];
        for (int r = 0; r < racks; r++) {
            int f = fullIn(r);
            leafCounts[r / racksPerLeaf] += f;
            if (racksByFull != null) {
                for (int j = 0; j <= nodesPerRack; j++) {
                    if (racksByFull[j].get(r) != (j == f)) {
                        throw new IllegalStateException(name + " rack " + r + ": whole-node index out of date");
                    }
                }
            }
        }
        if (racksByFull != null) {
            int[] byFull = new int[nodesPerRack + 1];
            for (int r = 0; r < racks; r++) {
                byFull[fullIn(r)]++;
            }
            if (!Arrays.equals(byFull, racksCountByFull)) {
                throw new IllegalStateException(name + ": rack counts by whole nodes out of date");
            }
        }
        if (!Arrays.equals(leafCounts, leafFull)) {
            throw new IllegalStateException(name + ": leaf index out of date");
        }
    }
}
