package io.skygrid.spark;

import io.skygrid.fleet.GroundStation;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.GroundStations;
import io.skygrid.scenario.ScenarioLoader;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark of the distributed physics ({@code skygrid physics --bench}, {@code bench/spark-physics}):
 * designed constellations of 16 Walker shells from 500 to 2,000 km (every 100 km; inclinations 53, 70,
 * 97.6 and 43 deg in turn; phasing 1; planes the largest divisor of the shell size not above its square
 * root), 24 h from 2026-06-01, sunlight timelines (and ground-station contacts unless sunlight only),
 * written as Parquet. Prints satellites x steps per second with 60 s steps (1,440 per satellite-day;
 * the physics itself samples every 30 s and refines events to 1 ms) and the machine's load average. An
 * untimed warm-up run of 1,600 satellites comes first.
 */
public final class PhysicsBench {
    static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");
    static final long HORIZON_MS = 86_400_000L;
    static final long STEP_MS = 60_000L;

    private PhysicsBench() {
    }

    /** @return the bench constellation of {@code total} satellites (a multiple of 16) */
    static List<PhysicsJob.Constellation> shells(int total) {
        int perShell = total / 16;
        int planes = 1;
        for (int d = 1; (long) d * d <= perShell; d++) if (perShell % d == 0) planes = d;
        double[] inclinations = {53, 70, 97.6, 43};
        List<PhysicsJob.Constellation> out = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            int alt = 500 + 100 * k;
            String name = "shell-" + alt + "km";
            OrbitSpec spec = new OrbitSpec.WalkerDelta(inclinations[k % 4], alt, perShell, planes, 1);
            out.add(new PhysicsJob.Constellation(name, spec, Satellites.load(name, spec, EPOCH, false).satellites()));
        }
        return out;
    }

    static int run(String master, List<Integer> sizes, int slice, boolean contacts, Path outOption, PrintStream ps)
            throws IOException {
        OrekitSetup.init();
        Path out = outOption != null ? outOption : Files.createTempDirectory("skygrid-physics-bench");
        boolean own = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = Sessions.create(master, "skygrid physics bench");
        List<GroundStation> stations = contacts ? GroundStations.builtIn() : List.of();
        try {
            ps.printf(Locale.ROOT, "Spark physics bench: %s (%d cores, Spark %s, Java %s), 24 h at 60 s steps, "
                            + "16 Walker shells 500-2,000 km, %s%n", master, Runtime.getRuntime().availableProcessors(),
                    spark.version(), System.getProperty("java.version"),
                    contacts ? "sunlight + contacts with " + stations.size() + " built-in stations" : "sunlight timelines");
            ps.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
            ps.printf(Locale.ROOT, "%12s %7s %10s %12s %22s %14s %12s%n", "satellites", "tasks", "wall s", "per sat ms",
                    "sat x steps/s (60 s)", "rows", "parquet MB");
            // untimed warm-up (JIT, Spark job set-up, Orekit data), so the first size is measured like the others
            PhysicsJob.run(spark, shells(1_600), EPOCH, HORIZON_MS, stations, ScenarioLoader.DEFAULT_MIN_ELEVATION_DEG, slice,
                    out.resolve("warm-up"));
            delete(out.resolve("warm-up"));
            for (int n : sizes) {
                List<PhysicsJob.Constellation> cons = shells(n);
                Path dir = out.resolve("n" + n);
                PhysicsJob.Outcome o = PhysicsJob.run(spark, cons, EPOCH, HORIZON_MS, stations,
                        ScenarioLoader.DEFAULT_MIN_ELEVATION_DEG, slice, dir);
                double steps = (double) n * (HORIZON_MS / STEP_MS);
                double rate = steps / (o.millis() / 1000.0);
                ps.printf(Locale.ROOT, "%,12d %7d %10.1f %12.3f %,22.0f %,14d %12.1f%n", n, o.tasks(), o.millis() / 1000.0,
                        o.millis() / (double) n, rate, o.rows(), PhysicsCommand.sizeBytes(dir.resolve(PhysicsJob.INTERVALS)) / 1e6);
                if (outOption == null) delete(dir);
            }
            ps.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        } finally {
            if (own) spark.stop();
            if (outOption == null) delete(out);
        }
        return 0;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unavailable";
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
