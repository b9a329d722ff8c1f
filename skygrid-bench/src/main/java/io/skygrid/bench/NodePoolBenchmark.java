package io.skygrid.bench;

import io.skygrid.sched.NodePool;
import io.skygrid.sched.Placement;
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
 * Gang placement on a Colossus-sized ground site (12,500 nodes of 8 H100 = 100,000 GPUs, in racks of 8
 * nodes under leaves of 8 racks: {@link io.skygrid.sched.Topology#DEFAULT}) kept about half full: one
 * place and one release per operation, gang sizes drawn from the Philly trace's shape (mostly 1-8 GPUs,
 * some 16-64). {@code mode}: {@code plain} places without owners (as before topology and health were
 * added); {@code owners} records a job id on every device taken (what the event loop does to map device
 * failures to jobs); {@code failures} also fails 100 random devices first (0.1 %, about twice the steady
 * state of the Llama 3 failure rate, 47 a day on this site, with a 24 h repair time). {@code gpusPerNode}
 * 72 with {@code nodes} 1389 is the same 100,000 GPUs as GB200 NVL72 racks (the wide-node path of
 * {@link NodePool}); the default is the 8-GPU case: {@code -p gpusPerNode=72 -p nodes=1389}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NodePoolBenchmark {
    @Param({"12500"})
    int nodes;

    /** 8: HGX nodes (one {@code long} per node); 72: GB200 NVL72 racks as nodes (the wide representation). */
    @Param({"8"})
    int gpusPerNode;

    @Param({"plain", "owners", "failures"})
    String mode;

    private NodePool pool;
    private Placement[] ring;
    private int[] sizes;
    private int cursor;
    private boolean owners;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new NodePool("colossus", nodes, gpusPerNode);
        SplittableRandom rnd = new SplittableRandom(42);
        int failedGpus = mode.equals("failures") ? 100 : 0;
        owners = !mode.equals("plain");
        for (int i = 0; i < failedGpus; i++) {
            pool.failDevice(rnd.nextInt(nodes), rnd.nextInt(gpusPerNode));
        }
        sizes = new int[1 << 16];
        for (int i = 0; i < sizes.length; i++) {
            double u = rnd.nextDouble();
            sizes[i] = u < 0.55 ? 1 : u < 0.75 ? 2 : u < 0.85 ? 4 : u < 0.95 ? 8 : 8 << rnd.nextInt(4);
        }
        ring = new Placement[8192];
        // fill to about half the site
        for (int i = 0; i < ring.length; i++) {
            ring[i] = pool.place(sizes[i]);
        }
    }

    /** Releases the oldest gang and places a new one: the steady state of a busy site. */
    @Benchmark
    public Placement placeAndRelease() {
        int slot = cursor & (ring.length - 1);
        if (ring[slot] != null) {
            pool.release(ring[slot]);
        }
        Placement p = pool.place(sizes[cursor & (sizes.length - 1)], owners ? cursor : NodePool.NO_OWNER, false);
        ring[slot] = p;
        cursor++;
        return p;
    }
}
