package io.skygrid.sched;

/**
 * Where a gang runs: node (or satellite) indices of one pool and the GPUs taken on each.
 *
 * @param pool    the site or cluster
 * @param nodeIds node indices within the pool, distinct
 * @param counts  GPUs taken on each node
 */
public record Placement(NodePool pool, int[] nodeIds, int[] counts) {
    /** @return number of nodes (satellites) spanned */
    public int nodesSpanned() {
        return nodeIds.length;
    }
}
