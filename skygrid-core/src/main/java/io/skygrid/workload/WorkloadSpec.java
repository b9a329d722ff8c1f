package io.skygrid.workload;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a scenario's jobs come from: a real trace or the generator.
 */
public sealed interface WorkloadSpec permits WorkloadSpec.Trace, WorkloadSpec.Generated {

    /**
     * Replay of a real trace. Submit times are shifted so the trace's first submission is at the epoch.
     *
     * @param file   trace file (absolute, or resolved against the scenario file's folder)
     * @param format {@code philly} or {@code alibaba-gpu-2023}
     * @param scale          each job is issued this many times (Sia's method), >= 1
     * @param arrivalSpeedup submission times are divided by this factor (> 0; 1 = real time), so a
     *                       months-long trace can arrive within a short horizon; durations are unchanged
     * @param startOffsetMs  replay starts this far after the trace's first submission, ms (>= 0); jobs
     *                       submitted earlier are skipped and counted; applied before the speedup
     */
    record Trace(Path file, String format, int scale, double arrivalSpeedup, long startOffsetMs) implements WorkloadSpec {
        public Trace {
            if (scale < 1) throw new IllegalArgumentException("scale must be >= 1, got " + scale);
            if (!(arrivalSpeedup > 0) || Double.isInfinite(arrivalSpeedup)) {
                throw new IllegalArgumentException("arrivalSpeedup must be > 0, got " + arrivalSpeedup);
            }
            if (startOffsetMs < 0) throw new IllegalArgumentException("startOffsetMs must be >= 0, got " + startOffsetMs);
        }

        /** A real-time replay from the trace's first submission. */
        public Trace(Path file, String format, int scale) {
            this(file, format, scale, 1.0, 0L);
        }

        /** A replay from the trace's first submission. */
        public Trace(Path file, String format, int scale, double arrivalSpeedup) {
            this(file, format, scale, arrivalSpeedup, 0L);
        }

        /** @return the same trace issued {@code n} times per row */
        public Trace withScale(int n) {
            return new Trace(file, format, n, arrivalSpeedup, startOffsetMs);
        }
    }

    /**
     * Synthetic workload following the published Philly job-size and duration mix.
     *
     * @param offeredLoad offered GPU demand as a fraction of the fleet's GPUs (e.g. 0.9)
     * @param tenants     tenant names, each drawn uniformly at random (seeded)
     */
    record Generated(double offeredLoad, List<String> tenants) implements WorkloadSpec {
    }
}
