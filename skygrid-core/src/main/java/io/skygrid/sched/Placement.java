package io.skygrid.sched;

/**
 * Where a gang runs: node (or satellite) indices of one pool, the GPUs taken on each, which devices,
 * and how local the placement is.
 *
 * @param pool          the site or cluster
 * @param nodeIds       node indices within the pool, distinct
 * @param counts        GPUs taken on each node
 * @param deviceMasks   devices taken on each node, {@code w = pool.deviceWords()} 64-bit words per node
 *                      (1 for nodes of up to 63 GPUs): device {@code d} of the i-th node is bit
 *                      {@code d % 64} of {@code deviceMasks[i * w + d / 64]}; the bit counts of a node's
 *                      words add up to {@code counts[i]}
 * @param racksSpanned  distinct racks (orbital: formation clusters) the gang spans, >= 1
 * @param leavesSpanned distinct leaf switches the gang spans, >= 1
 */
public record Placement(NodePool pool, int[] nodeIds, int[] counts, long[] deviceMasks, int racksSpanned,
                        int leavesSpanned) {
    /** @return number of nodes (satellites) spanned */
    public int nodesSpanned() {
        return nodeIds.length;
    }

    /** @return GPUs held */
    public int gpus() {
        int g = 0;
        for (int c : counts) {
            g += c;
        }
        return g;
    }
}
