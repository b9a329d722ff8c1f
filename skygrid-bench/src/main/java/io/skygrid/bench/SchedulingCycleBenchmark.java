package io.skygrid.bench;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.Simulation;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduling instant with 10,000 queued jobs on a Colossus-sized site (100,000 H100): a 90,000-GPU
 * job holds most of the site, 10,000 jobs of Philly-like gang sizes (1-64 GPUs, a few of 128-1,024) and
 * five tenants arrive at once, and one scheduling cycle (queue order, filter, bind, EASY backfill) places
 * what fits in the remaining 10,000 GPUs and leaves the rest queued. The operation includes building the
 * simulation (queue index over 10,001 jobs) and the arrivals; the horizon ends 1 ms later.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchedulingCycleBenchmark {
    @Param({"fifo", "drf", "tiresias"})
    String queue;

    private List<Job> jobs;
    private GroundSite site;

    @Setup(Level.Trial)
    public void setUp() {
        site = new GroundSite("colossus", 35, -90, AcceleratorCatalog.get("H100-SXM"), 100_000, 8, 1e12, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
        SplittableRandom rnd = new SplittableRandom(42);
        int[] sizes = {1, 1, 1, 1, 2, 4, 8, 8, 16, 32, 64, 128, 1024};
        jobs = new ArrayList<>();
        jobs.add(new Job(0, "t0", 90_000, 0, 36_000_000L, "bench#0"));
        for (int i = 1; i <= 10_000; i++) {
            jobs.add(new Job(i, "t" + rnd.nextInt(5), sizes[rnd.nextInt(sizes.length)], 0,
                    60_000L + rnd.nextLong(36_000_000L), "bench#" + i));
        }
    }

    @Benchmark
    public int cycle() {
        Simulation sim = new Simulation(List.of(site), List.of(), List.of(), jobs,
                new Simulation.Config(1, 60_000L, new SchedulerSpec(queue, "easy"), false));
        SimulationResult r = sim.run(ProgressListener.NONE);
        return r.count(io.skygrid.sim.JobFate.QUEUED);
    }
}
