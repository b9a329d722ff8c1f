package io.skygrid.workload;

import java.util.List;

/**
 * Jobs loaded from a trace or generator, plus what was deliberately not loaded and why.
 *
 * @param jobs    jobs sorted by (submitMs, id)
 * @param skipped rows deliberately not turned into jobs, by reason (e.g. "0-GPU pod" -> 1088)
 * @param source  description of the source, e.g. the trace path
 */
public record Workload(List<Job> jobs, java.util.Map<String, Integer> skipped, String source) {
    public Workload {
        jobs = List.copyOf(jobs);
        skipped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipped));
    }
}
