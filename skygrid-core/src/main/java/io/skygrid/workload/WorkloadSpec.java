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
     * @param scale  each job is issued this many times (Sia's method), >= 1
     */
    record Trace(Path file, String format, int scale) implements WorkloadSpec {
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
