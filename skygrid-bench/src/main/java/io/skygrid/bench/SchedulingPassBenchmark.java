package io.skygrid.bench;

import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.server.ControlPlane;
import io.skygrid.server.LiveFleet;
import io.skygrid.server.ServerConfig;
import io.skygrid.server.SimClock;
import io.skygrid.server.Store;
import java.util.ArrayDeque;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live scheduler's placement decision on a Colossus-sized site (100,000 H100 in nodes of 8)
 * that is full, with {@code queued} jobs waiting: before each operation one running gang is
 * cancelled (freeing its GPUs) and one new job arrives; the operation is the full scheduling pass
 * that follows (policy order over the whole queue, quota checks, gang placement). State is in an
 * in-memory H2 database; the pass itself does no I/O (its updates go to the writer thread).
 * Sample mode reports the distribution (p50, p99) of a pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SchedulingPassBenchmark {
    @Param({"10000"})
    int queued;

    private static final String YAML = """
            name: bench-colossus
            epoch: 2026-06-01T00:00:00Z
            horizon: 1d
            seed: 1
            ground:
              - {name: colossus-1, location: {lat: 35.06, lon: -90.03}, accelerator: H100-SXM, gpus: 100000,
                 gpusPerNode: 8, powerCapW: 150e6, pue: 1.2, electricityUsdPerKWh: 0.06}
            groundStations: {builtIn: true}
            workload:
              generator: {offeredLoad: 1.0, tenants: [a]}
            """;

    private Store store;
    private ControlPlane cp;
    private ControlPlane.Principal operator;
    private final ArrayDeque<Long> runningIds = new ArrayDeque<>();
    private ControlPlane.Tenant[] tenants;
    private final SplittableRandom rnd = new SplittableRandom(7);
    private int n;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Scenario sc = ScenarioLoader.parse(YAML, "bench.yaml", null);
        ServerConfig cfg = ServerConfig.load(null, Map.of(), Map.of("tick.ms", "0"));
        store = Store.open("jdbc:h2:mem:sched-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 2, null);
        cp = new ControlPlane(store, new LiveFleet(sc, 3_600_000L, 1), new SimClock.Manual(0), cfg);
        cp.recover();
        tenants = new ControlPlane.Tenant[8];
        for (int i = 0; i < tenants.length; i++) tenants[i] = cp.createTenant("t" + i, 1_000_000, 1e6, 1_000_000).tenant();
        operator = new ControlPlane.Principal("operator", null);
        // fill the usable GPUs with 8-GPU gangs, then queue `queued` more
        while (cp.counters().pools().get(0).freeUsableGpus() >= 8) runningIds.add(submit());
        for (int i = 0; i < queued; i++) submit();
        cp.onChange(() -> { }); // from now on only the benchmark runs passes
    }

    private long submit() {
        int g = 8 << rnd.nextInt(3);
        return cp.submit(tenants[n % tenants.length], new ControlPlane.JobRequest("j" + n++, "training", g, 86_400_000L,
                rnd.nextInt(3), 0, 1_800_000L, 0, 0, null), null).job().id();
    }

    @Setup(Level.Invocation)
    public void freeOneGangAndAddOneJob() {
        if (runningIds.isEmpty()) {
            for (ControlPlane.JobView v : cp.list(operator, null, io.skygrid.server.JobState.RUNNING, 0, 500).items()) runningIds.add(v.id());
        }
        Long victim = runningIds.poll();
        if (victim != null) cp.cancel(operator, victim);
        submit();
    }

    @Benchmark
    public void fullSchedulingPass() {
        cp.schedule();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }
}
