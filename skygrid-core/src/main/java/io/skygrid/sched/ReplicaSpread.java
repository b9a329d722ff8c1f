package io.skygrid.sched;

import io.skygrid.workload.InferenceService;

import java.util.HashMap;
import java.util.Map;

/**
 * Anti-affinity for inference replicas: how many replicas of each service run on each node of one pool, so
 * that no node holds more than the service's {@link InferenceService#maxReplicasPerNode()} (the trace's
 * {@code max_instance_per_node}, a Kubernetes-style spread limit that keeps one node's failure from taking
 * down many replicas). Counts are kept only for (service, node) pairs in use. Not thread-safe.
 */
public final class ReplicaSpread {
    private final NodePool pool;
    private final Map<Long, Integer> count = new HashMap<>();

    /** @param pool the pool whose nodes the replicas run on */
    public ReplicaSpread(NodePool pool) {
        this.pool = pool;
    }

    /** @return replicas of service {@code service} on node {@code node} */
    public int replicasOn(int service, int node) {
        return count.getOrDefault(key(service, node), 0);
    }

    /** @return whether one more replica of {@code s} may go to {@code node} */
    public boolean allows(InferenceService s, int node) {
        return !s.limited() || replicasOn(s.id(), node) < s.maxReplicasPerNode();
    }

    /**
     * Places one replica of {@code s}: the best-fit node with room that is under the service's limit.
     *
     * @param ownerId recorded on the replica's devices (e.g. a replica id)
     * @return the placement, or null if no node can take it now
     * @throws IllegalArgumentException if a replica needs more GPUs than a node has
     */
    public Placement place(InferenceService s, int ownerId) {
        Placement p = pool.placeOnOneNode(s.gpusPerReplica(), ownerId, n -> allows(s, n));
        if (p != null) {
            count.merge(key(s.id(), p.nodeIds()[0]), 1, Integer::sum);
        }
        return p;
    }

    /** Releases a replica placed by {@link #place}. */
    public void release(InferenceService s, Placement p) {
        long k = key(s.id(), p.nodeIds()[0]);
        Integer c = count.get(k);
        if (c == null) {
            throw new IllegalStateException(s.name() + " has no replica on node " + p.nodeIds()[0]);
        }
        if (c == 1) {
            count.remove(k);
        } else {
            count.put(k, c - 1);
        }
        pool.release(p);
    }

    private static long key(int service, int node) {
        return ((long) service << 32) | (node & 0xffffffffL);
    }
}
