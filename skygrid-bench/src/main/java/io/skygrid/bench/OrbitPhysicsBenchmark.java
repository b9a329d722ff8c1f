package io.skygrid.bench;

import io.skygrid.fleet.GroundStation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactPlan;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.GroundStations;
import io.skygrid.sim.ProgressListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
 * The eclipse + contact kernel of {@link OrbitPhysics#compute} on one thread: a batch of satellites over 24 h
 * against 50 ground stations (the first 50 built-in stations, 10 deg mask), beside the same batch with no
 * station (eclipses only) and raw propagation at 60 s steps, the baseline the issue compares with (aim: the
 * kernel within 3x of raw). Satellites: the first {@code satellites} TLEs of {@code tle} (SGP4, e.g.
 * {@code -p tle=../shared/data/tle/starlink-2026-02-23.tle}), or when {@code tle} is empty a designed
 * 53 deg / 550 km Walker shell (J2-secular propagation, much cheaper than SGP4, so its ratio is higher).
 * Also times the earliest-delivery query of a {@link ContactPlan} built from the result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrbitPhysicsBenchmark {
    private static final Instant EPOCH = Instant.parse("2026-02-23T00:00:00Z");
    private static final long HORIZON_MS = 86_400_000L;

    @Param({""})
    String tle;

    @Param({"100"})
    int satellites;

    private List<SatelliteOrbit> sats;
    private List<GroundStation> stations;
    private ContactPlan plan;
    private long queryStart;

    @Setup(Level.Trial)
    public void setUp() {
        OrbitSpec spec = tle.isEmpty() ? new OrbitSpec.WalkerDelta(53, 550, satellites, Math.max(1, satellites / 20), 1)
                : new OrbitSpec.TleFile(Path.of(tle), null, satellites);
        sats = Satellites.load("bench", spec, EPOCH, true).satellites();
        stations = GroundStations.builtIn().subList(0, 50);
        ConstellationTimelines t = OrbitPhysics.compute("bench", sats, EPOCH, HORIZON_MS, stations, 10, 1,
                ProgressListener.NONE);
        plan = new ContactPlan(t, stations, HORIZON_MS);
    }

    /** Eclipses (umbra/penumbra) and contact windows with 50 stations. */
    @Benchmark
    public ConstellationTimelines eclipsesAndContacts() {
        return OrbitPhysics.compute("bench", sats, EPOCH, HORIZON_MS, stations, 10, 1, ProgressListener.NONE);
    }

    /** Eclipses only (no station): propagation + shadow search. */
    @Benchmark
    public ConstellationTimelines eclipsesOnly() {
        return OrbitPhysics.compute("bench", sats, EPOCH, HORIZON_MS, List.of(), 10, 1, ProgressListener.NONE);
    }

    /** The baseline: propagation alone at 60 s steps. */
    @Benchmark
    public long rawPropagation() {
        return OrbitPhysics.rawPropagation(sats, EPOCH, HORIZON_MS, 60_000, 1);
    }

    /** One earliest-delivery query (100 GB down from one satellite, and up to the constellation), in ms per op. */
    @Benchmark
    public long deliveryQuery() {
        queryStart = (queryStart + 600_000) % (HORIZON_MS / 2);
        int s = (int) (queryStart / 600_000) % sats.size();
        return plan.earliestDownlinkMs(s, queryStart, 100e9) ^ plan.earliestUplinkAnyMs(queryStart, 100e9);
    }
}
