package io.skygrid.spark;

import io.skygrid.cli.ExitCodes;
import io.skygrid.cli.report.ReportWriter;
import io.skygrid.cli.report.RunReport;
import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.scenario.ScenarioOverride;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code skygrid physics}: a scenario's orbit physics (sunlight and contact timelines) computed on Spark,
 * partitioned by satellite, written as Parquet; optionally the scenario's simulation run on those timelines
 * read back. {@code --bench} measures the distributed physics on designed shells of 10^4 to 10^6 satellites.
 */
@Command(name = "physics", mixinStandardHelpOptions = true,
        description = "Computes a scenario's sunlight and contact timelines on Spark, partitioned by satellite, into "
                + "DIR/intervals.parquet (+ manifest.json); --simulate then runs the scenario on the timelines read back "
                + "(reusing them when DIR already holds them). --bench measures 10k-1M satellite shells.")
public final class PhysicsCommand implements Callable<Integer> {
    @Option(names = {"-s", "--scenario"}, paramLabel = "FILE", description = "scenario YAML (default: built-in)")
    Path scenarioFile;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "set a scenario field, as in skygrid run (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (default out/physics-<scenario name>)")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
    String master;

    @Option(names = "--slice", paramLabel = "N", description = "satellites per Spark task (default " + PhysicsJob.DEFAULT_SLICE + ")")
    int slice = PhysicsJob.DEFAULT_SLICE;

    @Option(names = "--sunlight-only", description = "no ground-station contacts (sunlight timelines only)")
    boolean sunlightOnly;

    @Option(names = "--simulate", description = "then run the scenario's simulation on the timelines read back from Parquet")
    boolean simulate;

    @Option(names = "--bench", description = "benchmark: designed shells from 500 to 2,000 km, 24 h, one size after another")
    boolean bench;

    @Option(names = "--sizes", split = ",", paramLabel = "N[,N...]",
            description = "bench sizes in satellites (default 10000,100000,1000000)")
    List<Integer> sizes = new ArrayList<>(List.of(10_000, 100_000, 1_000_000));

    @Option(names = {"-q", "--quiet"}, description = "no wall times")
    boolean quiet;

    @Override
    public Integer call() {
        return ExitCodes.guarded(this::physics);
    }

    private Integer physics() throws IOException {
        if (slice < 1) {
            System.err.println("skygrid: --slice must be >= 1, got " + slice);
            return 2;
        }
        if (bench) {
            for (int n : sizes) {
                if (n < 16 || n % 16 != 0) {
                    System.err.println("skygrid: --sizes must be multiples of 16 (16 shells), got " + n);
                    return 2;
                }
            }
            return PhysicsBench.run(Sessions.master(master), sizes, slice, !sunlightOnly, out, System.out);
        }
        OrekitSetup.init();
        List<ScenarioOverride> overrides = new ArrayList<>();
        for (String s : sets) {
            try {
                overrides.add(ScenarioOverride.parse(s));
            } catch (IllegalArgumentException e) {
                System.err.println("skygrid: --set " + e.getMessage());
                return 2;
            }
        }
        Scenario scenario = scenarioFile == null ? ScenarioLoader.builtInDefault(overrides)
                : ScenarioLoader.load(scenarioFile, overrides);
        Fleet fleet = scenario.fleet();
        if (fleet.orbital().isEmpty()) {
            System.err.println("skygrid: " + scenario.source() + " has no orbit constellation: no physics to compute");
            return 2;
        }
        if (simulate && sunlightOnly && !fleet.stations().isEmpty()) {
            System.err.println("skygrid: --simulate needs contacts (the simulation reports them); drop --sunlight-only");
            return 2;
        }
        Path dir = out != null ? out : Path.of("out", "physics-" + scenario.name());
        String url = Sessions.master(master);
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = Sessions.create(url, "skygrid physics " + scenario.name());
        try {
            var stations = sunlightOnly ? List.<io.skygrid.fleet.GroundStation>of() : fleet.stations();
            ParquetTimelines existing = Files.isRegularFile(dir.resolve(PhysicsJob.MANIFEST)) ? new ParquetTimelines(spark, dir) : null;
            List<PhysicsJob.Constellation> cons = new ArrayList<>();
            boolean allStored = existing != null;
            for (OrbitalConstellation c : fleet.orbital()) {
                var set = Satellites.load(c.name(), c.orbit(), scenario.epoch(), false);
                cons.add(new PhysicsJob.Constellation(c.name(), c.orbit(), set.satellites()));
                if (existing != null && !existing.has(c, set.satellites().size(), scenario.epoch(), scenario.horizonMs(),
                        stations, fleet.minElevationDeg())) {
                    allStored = false;
                }
            }
            long total = cons.stream().mapToLong(c -> c.satellites().size()).sum();
            System.out.println("Skygrid physics: " + scenario.name() + " (" + scenario.source() + ") on " + url);
            System.out.printf(Locale.ROOT, "  %,d satellites in %d constellation%s, %.1f h from %s, %s%n", total, cons.size(),
                    cons.size() == 1 ? "" : "s", scenario.horizonMs() / 3.6e6, scenario.epoch(),
                    stations.isEmpty() ? "sunlight only" : "sunlight and contacts with " + stations.size() + " stations");
            if (allStored && simulate) {
                System.out.println("  timelines: reused from " + dir + " (manifest matches)");
            } else {
                PhysicsJob.Outcome o = PhysicsJob.run(spark, cons, scenario.epoch(), scenario.horizonMs(), stations,
                        fleet.minElevationDeg(), slice, dir);
                System.out.printf(Locale.ROOT, "  timelines: %,d interval rows in %d tasks -> %s (%.1f MB)%n", o.rows(), o.tasks(),
                        dir.resolve(PhysicsJob.INTERVALS), sizeBytes(dir.resolve(PhysicsJob.INTERVALS)) / 1e6);
                if (!quiet) System.err.printf(Locale.ROOT, "physics wall time: %.1f s%n", o.millis() / 1000.0);
            }
            if (simulate) {
                Path runDir = dir.resolve("run");
                ReportWriter.preflight(runDir);
                ParquetTimelines source = new ParquetTimelines(spark, dir);
                ScenarioRun.Outcome outcome = ScenarioRun.run(scenario.withOutput(runDir),
                        new ScenarioRun.Options(Runtime.getRuntime().availableProcessors(), false, false, ProgressListener.NONE),
                        (c, sats, epoch, horizonMs, st, mask) -> {
                            var t = source.find(c, sats, epoch, horizonMs, st, mask);
                            if (t == null) throw new IllegalStateException(c.name() + ": no stored timelines for this run in " + dir);
                            return t;
                        });
                RunReport report = new RunReport(outcome);
                ReportWriter.writeFiles(report, runDir);
                io.skygrid.cli.RunCommand.writeRunScenario(scenarioFile, overrides, scenario, runDir);
                System.out.println();
                ReportWriter.printTable(report, System.out, runDir);
            }
        } finally {
            if (ownSession) spark.stop();
        }
        return 0;
    }

    static long sizeBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
