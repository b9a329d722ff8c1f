package io.skygrid.workload;

import java.util.Map;

/**
 * Inference demand, reported apart from training: what the services of an {@link InferenceWorkload} want
 * over a horizon. The event loop adds what it delivered (replica placements, waits) beside it.
 *
 * @param services          services loaded
 * @param limitedServices   services with an anti-affinity limit per node
 * @param replicas          replicas loaded (over the whole trace)
 * @param replicasInHorizon replicas wanted at some time in [0, horizon)
 * @param openEnded         replicas still running when the trace ended
 * @param peakGpus          the largest number of GPUs wanted at once (sum over services of their own peaks: an
 *                          upper bound of the fleet-wide peak)
 * @param gpuHours          GPU-hours wanted within [0, horizon)
 * @param skipped           rows not loaded, by reason
 */
public record InferenceSummary(int services, int limitedServices, int replicas, int replicasInHorizon,
                               int openEnded, long peakGpus, double gpuHours, Map<String, Integer> skipped) {
    public InferenceSummary {
        skipped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipped));
    }

    /**
     * @param w         the services
     * @param horizonMs horizon, ms since the trace start, > 0
     */
    public static InferenceSummary of(InferenceWorkload w, long horizonMs) {
        if (horizonMs <= 0) {
            throw new IllegalArgumentException("horizonMs must be > 0");
        }
        int limited = 0;
        int inHorizon = 0;
        int open = 0;
        long peak = 0;
        double gpuHours = 0;
        for (InferenceService s : w.services()) {
            if (s.limited()) {
                limited++;
            }
            for (int i = 0; i < s.replicas(); i++) {
                if (s.replicaStartMs()[i] < horizonMs) {
                    inHorizon++;
                }
                if (s.replicaEndMs()[i] == InferenceService.OPEN_END) {
                    open++;
                }
            }
            peak += (long) s.peakReplicas() * s.gpusPerReplica();
            gpuHours += s.gpuHoursWithin(horizonMs);
        }
        return new InferenceSummary(w.services().size(), limited, w.replicas(), inHorizon, open, peak, gpuHours,
                w.skipped());
    }
}
