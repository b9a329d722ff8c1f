package io.skygrid.workload;

/**
 * A long-running inference service: replicas of {@code gpusPerReplica} GPUs, each alive over its own
 * interval, with an anti-affinity limit of at most {@code maxReplicasPerNode} replicas of the service on
 * one node. Unlike a training {@link Job}, a replica is not a gang with a compute duration: it holds its
 * GPUs from start to end whatever it serves, and it may be placed on any node that has room and is
 * under the limit.
 *
 * <p>Replica {@code i} is wanted over [{@code replicaStartMs[i]}, {@code replicaEndMs[i]}); {@link #OPEN_END}
 * marks a replica still running when the trace ended. Replicas are sorted by (start, line).
 *
 * @param id                 service index in the {@link InferenceWorkload}, 0-based
 * @param name               unique name, e.g. {@code app_0/HN}
 * @param gpusPerReplica     GPUs per replica, >= 1
 * @param maxReplicasPerNode at most this many replicas of the service per node, >= 1, or
 *                           {@link #NO_LIMIT}
 * @param replicaStartMs     when each replica is wanted, ms since the trace start (0 for replicas that
 *                           existed before it)
 * @param replicaEndMs       when each replica goes away, ms, > start, or {@link #OPEN_END}
 * @param replicaOrigin      where each replica came from, e.g. {@code disaggregated_DLRM_trace.csv:2}
 */
public record InferenceService(int id, String name, int gpusPerReplica, int maxReplicasPerNode,
                               long[] replicaStartMs, long[] replicaEndMs, String[] replicaOrigin) {
    /** {@link #maxReplicasPerNode} of a service without an anti-affinity limit. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;
    /** End of a replica still running when the trace ended. */
    public static final long OPEN_END = Long.MAX_VALUE;

    public InferenceService {
        if (gpusPerReplica < 1) throw new IllegalArgumentException(name + ": gpusPerReplica must be >= 1");
        if (maxReplicasPerNode < 1) throw new IllegalArgumentException(name + ": maxReplicasPerNode must be >= 1");
        if (replicaStartMs.length != replicaEndMs.length || replicaStartMs.length != replicaOrigin.length) {
            throw new IllegalArgumentException(name + ": one start, end and origin per replica");
        }
        for (int i = 0; i < replicaStartMs.length; i++) {
            if (replicaStartMs[i] < 0 || replicaEndMs[i] <= replicaStartMs[i]) {
                throw new IllegalArgumentException(name + ": replica " + i + " must have 0 <= start < end");
            }
            if (i > 0 && replicaStartMs[i] < replicaStartMs[i - 1]) {
                throw new IllegalArgumentException(name + ": replicas must be sorted by start");
            }
        }
    }

    /** @return number of replicas over the whole trace */
    public int replicas() {
        return replicaStartMs.length;
    }

    /** @return whether the service has an anti-affinity limit */
    public boolean limited() {
        return maxReplicasPerNode != NO_LIMIT;
    }

    /** @return first replica start, ms */
    public long startMs() {
        return replicaStartMs.length == 0 ? 0 : replicaStartMs[0];
    }

    /** @return last replica end, ms, or {@link #OPEN_END} */
    public long endMs() {
        long e = 0;
        for (long t : replicaEndMs) {
            e = Math.max(e, t);
        }
        return e;
    }

    /** @return the largest number of replicas alive at once */
    public int peakReplicas() {
        int n = replicaStartMs.length;
        long[] ends = replicaEndMs.clone();
        java.util.Arrays.sort(ends);
        int alive = 0;
        int peak = 0;
        int e = 0;
        for (int i = 0; i < n; i++) {
            while (e < n && ends[e] <= replicaStartMs[i]) {
                alive--;
                e++;
            }
            alive++;
            peak = Math.max(peak, alive);
        }
        return peak;
    }

    /** @return GPU-hours the replicas want within [0, horizonMs) */
    public double gpuHoursWithin(long horizonMs) {
        double ms = 0;
        for (int i = 0; i < replicaStartMs.length; i++) {
            long a = Math.min(replicaStartMs[i], horizonMs);
            long b = Math.min(replicaEndMs[i], horizonMs);
            ms += b - a;
        }
        return gpusPerReplica * ms / 3_600_000.0;
    }
}
