package io.skygrid.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference services loaded from a trace, plus what was deliberately not loaded and why.
 *
 * @param services services in order of first appearance in the file; {@code services.get(i).id() == i}
 * @param skipped  rows deliberately not turned into replicas, by reason
 * @param source   description of the source, e.g. the trace path
 */
public record InferenceWorkload(List<InferenceService> services, Map<String, Integer> skipped, String source) {
    public InferenceWorkload {
        services = List.copyOf(services);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).id() != i) {
                throw new IllegalArgumentException("service " + i + " has id " + services.get(i).id());
            }
        }
    }

    /** @return replicas over all services */
    public int replicas() {
        int n = 0;
        for (InferenceService s : services) {
            n += s.replicas();
        }
        return n;
    }
}
