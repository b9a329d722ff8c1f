package io.skygrid.bench;

import io.skygrid.orbit.IslGraph;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.Satellites;
import io.skygrid.orbit.ShortestPaths;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ISL kernels on Starlink shell 1 (53:1584/72/1 at 550 km, +Grid, 3,168 candidate links) at one instant:
 * the link geometry of every candidate (range and line of sight above 80 km), and one shortest-path
 * search (Dijkstra on light time) from one satellite to all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IslBenchmark {
    private double[] pos;
    private int[] edgeA;
    private int[] edgeB;
    private double[] dist;
    private IslGraph.Snapshot snapshot;
    private ShortestPaths paths;
    private double[] latency;
    private int source;
    private final double maxRange2 = IslGraph.DEFAULT_MAX_RANGE_M * IslGraph.DEFAULT_MAX_RANGE_M;
    private final double graze2 = Math.pow(IslGraph.EARTH_RADIUS_M + IslGraph.DEFAULT_GRAZING_ALTITUDE_M, 2);

    @Setup(Level.Trial)
    public void setUp() {
        Instant epoch = Instant.parse("2026-06-01T00:00:00Z");
        OrbitSpec.WalkerDelta spec = new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1);
        List<SatelliteOrbit> sats = Satellites.load("shell", spec, epoch, false).satellites();
        IslGraph graph = new IslGraph(sats, IslGraph.Options.defaults(IslGraph.Topology.PLUS_GRID), IslGraph.Shell.of(spec));
        IslGraph.Snapshot[] first = new IslGraph.Snapshot[1];
        graph.sweep(epoch, 1, 1, s -> {
            if (s.step == 0) {
                first[0] = s;
                pos = s.pos.clone();
            }
        });
        snapshot = first[0];
        snapshot.pos = pos;
        edgeA = graph.edgeA();
        edgeB = graph.edgeB();
        dist = new double[edgeA.length];
        paths = new ShortestPaths(sats.size());
        latency = new double[sats.size()];
    }

    /** Range and line-of-sight test of all 3,168 candidate links. */
    @Benchmark
    public double linkGeometry() {
        double sum = 0;
        for (int e = 0; e < edgeA.length; e++) {
            double d = IslGraph.link(pos, edgeA[e], edgeB[e], maxRange2, graze2);
            dist[e] = d;
            sum += d;
        }
        return sum;
    }

    /** Dijkstra from one satellite (a different one each call) to all 1,584. */
    @Benchmark
    public double shortestPathsFromOne() {
        source = (source + 97) % latency.length;
        paths.from(snapshot, source, latency);
        return latency[(source + 792) % latency.length];
    }
}
