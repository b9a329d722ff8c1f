package io.skygrid.cli;

import io.skygrid.cli.report.ReportWriter;
import io.skygrid.cli.report.RunReport;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark of the main job (used by {@code bench/run}): wall time per phase and peak memory of a
 * scenario run, and beside it raw SGP4 propagation of the same satellites at 60 s steps in the same
 * process. A short warm-up on a subset runs first so neither side pays for JIT compilation alone.
 *
 * <p>Usage: {@code Bench [scenario.yaml] [threads]}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/real-inputs.yaml");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        OrekitSetup.init();
        Scenario scenario = ScenarioLoader.load(file);
        Path outDir = Files.createTempDirectory("skygrid-bench");
        scenario = scenario.withOutput(outDir);
        out.printf(Locale.ROOT, "scenario %s: horizon %s, %d threads, %d cores%n", file, scenario.horizon(), threads,
                Runtime.getRuntime().availableProcessors());

        List<SatelliteOrbit> all = new ArrayList<>();
        for (OrbitalConstellation c : scenario.fleet().orbital()) {
            SatelliteSet set = Satellites.load(c.name(), c.orbit(), scenario.epoch(), true);
            all.addAll(set.satellites());
        }
        // warm-up: 200 satellites over 2 h, both kernels
        List<SatelliteOrbit> warm = all.subList(0, Math.min(200, all.size()));
        OrbitPhysics.rawPropagation(warm, scenario.epoch(), 7_200_000L, 60_000L, threads);
        OrbitPhysics.compute("warm-up", warm, scenario.epoch(), 7_200_000L, scenario.fleet().stations(),
                scenario.fleet().minElevationDeg(), threads, ProgressListener.NONE);

        long r0 = System.nanoTime();
        long checksum = OrbitPhysics.rawPropagation(all, scenario.epoch(), scenario.horizonMs(), 60_000L, threads);
        double rawS = (System.nanoTime() - r0) / 1e9;

        long w0 = System.nanoTime();
        ScenarioRun.Outcome outcome = ScenarioRun.run(scenario, new ScenarioRun.Options(threads, true, false,
                ProgressListener.NONE));
        long w1 = System.nanoTime();
        RunReport report = new RunReport(outcome);
        ReportWriter.writeFiles(report, outDir);
        double writeS = (System.nanoTime() - w1) / 1e9;
        double runS = (System.nanoTime() - w0) / 1e9;

        out.printf(Locale.ROOT, "satellites: %,d; ground stations: %d; jobs loaded: %,d; events: %,d%n", all.size(),
                scenario.fleet().stations().size(), outcome.result().jobs().size(), outcome.result().events());
        out.println("phase                 wall s");
        for (Map.Entry<String, Long> e : outcome.phaseMillis().entrySet()) {
            out.printf(Locale.ROOT, "  %-18s %8.2f%n", e.getKey(), e.getValue() / 1000.0);
        }
        out.printf(Locale.ROOT, "  %-18s %8.2f%n", "write outputs", writeS);
        double simS = outcome.phaseMillis().get("simulation") / 1000.0;
        out.printf(Locale.ROOT, "scheduler: queue %s, backfill %s%s; %,d jobs submitted in %.2f s of simulation = %,.0f jobs/s;"
                        + " %,d scheduling cycles%n", scenario.scheduler().queue(), scenario.scheduler().backfill(),
                scenario.scheduler().preemption() ? ", preemption" : "", report.submitted(), simS,
                report.submitted() / Math.max(1e-9, simS), outcome.result().schedulingCycles());
        out.printf(Locale.ROOT, "  %-18s %8.2f%n", "whole run", runS);
        double physicsS = outcome.phaseMillis().get("physics") / 1000.0;
        out.printf(Locale.ROOT, "raw SGP4 propagation, 60 s steps, same satellites and horizon: %.2f s (checksum %d)%n",
                rawS, checksum);
        out.printf(Locale.ROOT, "physics / raw propagation: %.2fx%n", physicsS / rawS);
        out.printf(Locale.ROOT, "peak memory: RSS %s, heap %.0f MiB%n", peakRss(), peakHeapMiB());
        out.printf(Locale.ROOT, "process wall time incl. start-up and warm-up: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "n/a (" + e.getMessage() + ")";
        }
        return "n/a";
    }

    private static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }
}
