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
 * process, and eclipses + contacts of the same satellites against 50 ground stations (the first 50 built-in
 * ones, whatever the scenario's stations are) with their ratio to raw propagation. A short warm-up on a subset
 * runs first so neither side pays for JIT compilation alone.
 *
 * <p>Then the ISL graph of Starlink shell 1 ({@link #islBench}). Usage: {@code Bench [scenario.yaml] [threads]},
 * or {@code Bench --isl [threads]} for the ISL part alone.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * @return {@code num / den} in {@code format}, or {@code - (why)} when the denominator is zero, negative
     *         or not a number (a figure of nothing)
     */
    static String ratio(double num, double den, String format, String why) {
        if (!(den > 0) || Double.isNaN(num)) {
            return "- (" + why + ")";
        }
        return String.format(Locale.ROOT, format, num / den);
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--isl")) {
            int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
            islBench(System.out, threads);
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "examples/real-inputs.yaml");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        OrekitSetup.init();
        Scenario scenario = ScenarioLoader.load(file);
        Path outDir = Files.createTempDirectory("skygrid-bench");
        scenario = scenario.withOutput(outDir);
        out.printf(Locale.ROOT, "scenario %s: horizon %s, %d threads, %d cores%n", file,
                scenario.untilDone() ? io.skygrid.scenario.Scenario.UNTIL_DONE : scenario.horizon(), threads,
                Runtime.getRuntime().availableProcessors());

        List<SatelliteOrbit> all = new ArrayList<>();
        for (OrbitalConstellation c : scenario.fleet().orbital()) {
            SatelliteSet set = Satellites.load(c.name(), c.orbit(), scenario.epoch(), true);
            all.addAll(set.satellites());
        }
        // physics kernels only with satellites: with none every physics figure would be a ratio of zero work
        boolean orbital = !all.isEmpty();
        long checksum = 0;
        double rawS = Double.NaN;
        double fiftyS = Double.NaN;
        long fiftyWindows = 0;
        List<io.skygrid.fleet.GroundStation> fifty = io.skygrid.scenario.GroundStations.builtIn().subList(0, 50);
        if (orbital) {
            // warm-up: 200 satellites over 2 h, both kernels
            List<SatelliteOrbit> warm = all.subList(0, Math.min(200, all.size()));
            OrbitPhysics.rawPropagation(warm, scenario.epoch(), 7_200_000L, 60_000L, threads);
            OrbitPhysics.compute("warm-up", warm, scenario.epoch(), 7_200_000L, scenario.fleet().stations(),
                    scenario.fleet().minElevationDeg(), threads, ProgressListener.NONE);

            long r0 = System.nanoTime();
            checksum = OrbitPhysics.rawPropagation(all, scenario.epoch(), scenario.horizonMs(), 60_000L, threads);
            rawS = (System.nanoTime() - r0) / 1e9;

            // the figure: eclipses + contacts of the same satellites against exactly 50 ground stations
            long p0 = System.nanoTime();
            io.skygrid.orbit.ConstellationTimelines fiftyTl = OrbitPhysics.compute("bench", all, scenario.epoch(),
                    scenario.horizonMs(), fifty, 10, threads, ProgressListener.NONE);
            fiftyS = (System.nanoTime() - p0) / 1e9;
            for (io.skygrid.orbit.ContactWindows w : fiftyTl.contacts()) {
                fiftyWindows += w.size();
            }
        }

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
        out.printf(Locale.ROOT, "scheduler: queue %s, backfill %s%s; %,d jobs submitted in %.2f s of simulation = %s jobs/s;"
                        + " %,d scheduling cycles%n", scenario.scheduler().queue(), scenario.scheduler().backfill(),
                scenario.scheduler().preemption() ? ", preemption" : "", report.submitted(), simS,
                ratio(report.submitted(), simS, "%,.0f", "the simulation took under 1 ms"),
                outcome.result().schedulingCycles());
        out.printf(Locale.ROOT, "  %-18s %8.2f%n", "whole run", runS);
        double physicsS = outcome.phaseMillis().get("physics") / 1000.0;
        if (orbital) {
            out.printf(Locale.ROOT, "raw SGP4 propagation, 60 s steps, same satellites and horizon: %.2f s (checksum %d)%n",
                    rawS, checksum);
            out.printf(Locale.ROOT, "physics / raw propagation: %s%n", ratio(physicsS, rawS, "%.2fx", "raw propagation under 1 ns"));
            out.printf(Locale.ROOT, "eclipses + contacts, %,d satellites x %d built-in ground stations (10 deg mask): %.2f s, "
                    + "%,d contact windows; / raw propagation: %s%n", all.size(), fifty.size(), fiftyS, fiftyWindows,
                    ratio(fiftyS, rawS, "%.2fx", "raw propagation under 1 ns"));
        } else {
            out.println("raw SGP4 propagation, physics / raw propagation, eclipses + contacts: - (no satellites: ground-only"
                    + " scenario)");
        }
        out.printf(Locale.ROOT, "machine load average at the end: %s%n", loadAverage());
        out.printf(Locale.ROOT, "peak memory: RSS %s, heap %.0f MiB%n", peakRss(), peakHeapMiB());
        out.printf(Locale.ROOT, "process wall time incl. start-up and warm-up: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        out.println();
        islBench(out, threads);
    }

    /**
     * ISL graph of Starlink shell 1 as filed with the FCC (SAT-MOD-20181108-00083: 1,584 satellites at 550 km,
     * 53 deg, 72 planes of 22; the filing gives no Walker phasing factor, f = 1 is used as in the built-in
     * scenario), +Grid topology, 60 s steps over 24 h from 2026-06-01, beside raw J2-secular propagation of
     * the same satellites at the same steps. Best of three runs of each after a warm-up; also the graph with
     * shortest paths (one Dijkstra per instant from one satellite to all, and one multi-source search from
     * the built-in ground stations).
     */
    public static void islBench(PrintStream out, int threads) {
        OrekitSetup.init();
        java.time.Instant epoch = java.time.Instant.parse("2026-06-01T00:00:00Z");
        long horizon = 86_400_000L;
        io.skygrid.orbit.OrbitSpec.WalkerDelta spec = new io.skygrid.orbit.OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1);
        List<SatelliteOrbit> sats = Satellites.load("starlink-shell-1", spec, epoch, false).satellites();
        io.skygrid.orbit.IslGraph graph = new io.skygrid.orbit.IslGraph(sats,
                io.skygrid.orbit.IslGraph.Options.defaults(io.skygrid.orbit.IslGraph.Topology.PLUS_GRID),
                io.skygrid.orbit.IslGraph.Shell.of(spec));
        List<io.skygrid.fleet.GroundStation> stations = io.skygrid.scenario.GroundStations.builtIn();
        io.skygrid.orbit.IslGraph.Ground ground = new io.skygrid.orbit.IslGraph.Ground(graph, epoch, horizon, stations, 10);
        int[] all = new int[stations.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        io.skygrid.orbit.ShortestPaths sp = new io.skygrid.orbit.ShortestPaths(sats.size());
        double[] dist = new double[sats.size()];
        long[] links = new long[1];
        double[] lat = new double[2];
        io.skygrid.orbit.IslGraph.StepVisitor countLinks = snap -> links[0] += snap.links();
        io.skygrid.orbit.IslGraph.StepVisitor withPaths = snap -> {
            links[0] += snap.links();
            sp.from(snap, 0, dist);
            double far = 0;
            for (double d : dist) far = Math.max(far, d);
            lat[0] = Math.max(lat[0], far);
            ground.accessDelays(snap, all, dist);
            sp.fromSeeds(snap, dist);
            far = 0;
            for (double d : dist) far = Math.max(far, d);
            lat[1] = Math.max(lat[1], far);
        };
        // warm-up: 2 h of each
        OrbitPhysics.rawPropagation(sats, epoch, 7_200_000L, 60_000L, threads);
        graph.sweep(epoch, 7_200_000L, threads, countLinks);
        graph.sweep(epoch, 7_200_000L, threads, withPaths);
        double raw = Double.MAX_VALUE, isl = Double.MAX_VALUE, paths = Double.MAX_VALUE;
        long checksum = 0;
        int steps = 0;
        long linksPerInstant = 0;
        for (int rep = 0; rep < 3; rep++) {
            long a = System.nanoTime();
            checksum = OrbitPhysics.rawPropagation(sats, epoch, horizon, 60_000L, threads);
            long b = System.nanoTime();
            links[0] = 0;
            steps = graph.sweep(epoch, horizon, threads, countLinks);
            long c = System.nanoTime();
            linksPerInstant = links[0] / steps;
            graph.sweep(epoch, horizon, threads, withPaths);
            long d = System.nanoTime();
            raw = Math.min(raw, (b - a) / 1e9);
            isl = Math.min(isl, (c - b) / 1e9);
            paths = Math.min(paths, (d - c) / 1e9);
        }
        out.printf(Locale.ROOT, "ISL graph, Starlink shell 1 (53:1584/72/1 at 550 km), +Grid, 60 s steps over 24 h (%,d instants),"
                + " %d threads, load average %s%n", steps, threads, loadAverage());
        out.printf(Locale.ROOT, "  raw J2-secular propagation, same satellites and steps: %8.3f s (checksum %d)%n", raw, checksum);
        out.printf(Locale.ROOT, "  ISL graph (propagation + link geometry):             %8.3f s  %.2fx raw  (%,d links up per instant)%n",
                isl, isl / raw, linksPerInstant);
        out.printf(Locale.ROOT, "  ISL graph + shortest paths (1 source + %d stations):  %8.3f s  %.2fx raw  (worst: %.1f ms"
                + " across the shell, %.1f ms to the ground)%n", stations.size(), paths, paths / raw, lat[0] * 1e3, lat[1] * 1e3);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
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
