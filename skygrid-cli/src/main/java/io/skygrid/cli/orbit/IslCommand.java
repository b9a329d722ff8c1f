package io.skygrid.cli.orbit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.IslGraph;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.ShortestPaths;
import io.skygrid.scenario.ScenarioLoader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit isl}: the inter-satellite link graph of one constellation over the horizon
 * ({@link IslGraph}), and for chosen pairs of satellites the direct link (share of instants up, length,
 * light time) and the shortest-path latency through the graph; optionally each chosen satellite's latency
 * to the ground through the satellites a ground station sees.
 */
@Command(name = "isl", mixinStandardHelpOptions = true,
        description = "Inter-satellite links of one constellation at fixed steps over the horizon: line of sight above a "
                + "grazing altitude, a maximum range and a topology (plus-grid for Walker shells, full-mesh for a "
                + "formation, visible for any pair). Per chosen pair: share of time the direct link is up, its length and light time, "
                + "shortest-path latency percentiles; with --ground, latency to the nearest ground station. "
                + "With --out: isl-pairs.csv, isl-ground.csv, isl.json.")
public final class IslCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @Option(names = "--topology", paramLabel = "NAME",
            description = "plus-grid, full-mesh or visible (default: plus-grid for a Walker shell, full-mesh for a formation, visible otherwise)")
    String topology;

    @Option(names = "--max-range-km", paramLabel = "KM", defaultValue = "5000",
            description = "longest link, km (default: ${DEFAULT-VALUE})")
    double maxRangeKm;

    @Option(names = "--grazing-altitude-km", paramLabel = "KM", defaultValue = "80",
            description = "a link's line must clear the Earth by this much, km (default: ${DEFAULT-VALUE})")
    double grazingKm;

    @Option(names = "--step-s", paramLabel = "S", defaultValue = "60", description = "evaluation step, s (default: ${DEFAULT-VALUE})")
    double stepS;

    @Option(names = "--hours", paramLabel = "H", description = "span from the epoch, h (default: the scenario's horizon)")
    Double hours;

    @Option(names = "--pair", paramLabel = "A,B",
            description = "a pair of satellites by name or index (repeatable); default: all pairs of up to 100 "
                    + "satellites, else the first satellite with every other")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--all-pairs", description = "every pair of the constellation (a cluster)")
    boolean allPairs;

    @Option(names = "--ground", description = "also the latency from each chosen pair's first satellite to the nearest ground station")
    boolean ground;

    @Option(names = "--station", paramLabel = "NAME", description = "with --ground: only these stations (repeatable; default all)")
    List<String> stationNames = new ArrayList<>();

    /** Per-pair accumulators. */
    private static final class PairStats {
        final int a, b;
        int up;
        double minD = Double.POSITIVE_INFINITY, maxD, sumD;
        float[] path;
        int reach;

        PairStats(int a, int b, int steps) {
            this.a = a;
            this.b = b;
            path = new float[steps];
        }
    }

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            OrekitSetup.init();
            common.scenario = common.loadScenario();
            List<OrbitalConstellation> chosen = common.select();
            if (chosen.size() != 1) {
                throw new IllegalArgumentException("isl works on one constellation: pick one with -c (scenario has "
                        + String.join(", ", chosen.stream().map(OrbitalConstellation::name).toList()) + ")");
            }
            OrbitalConstellation c = chosen.get(0);
            int threads = common.threads != null ? common.threads : Runtime.getRuntime().availableProcessors();
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (!(stepS >= 1 && stepS <= 86_400)) throw new IllegalArgumentException("--step-s must be in [1, 86,400], got " + stepS);
            if (!(maxRangeKm > 0)) throw new IllegalArgumentException("--max-range-km must be > 0, got " + maxRangeKm);
            if (!(grazingKm >= 0 && grazingKm <= 10_000)) {
                throw new IllegalArgumentException("--grazing-altitude-km must be in [0, 10,000], got " + grazingKm);
            }
            long horizonMs = hours == null ? common.scenario.horizonMs() : Math.round(hours * 3_600_000);
            if (hours != null && !(hours > 0 && hours <= 24 * 366)) {
                throw new IllegalArgumentException("--hours must be in (0, 8,784], got " + hours);
            }
            if (!stationNames.isEmpty() && !ground) throw new IllegalArgumentException("--station goes with --ground");
            SatelliteSet set = common.load(c, common.scenario.epoch());
            List<SatelliteOrbit> sats = set.satellites();
            int n = sats.size();
            IslGraph.Topology topo = topology != null ? parseTopology(topology) : defaultTopology(c.orbit());
            IslGraph.Options opts = new IslGraph.Options(topo, maxRangeKm * 1e3, grazingKm * 1e3, Math.round(stepS * 1000));
            IslGraph graph;
            try {
                graph = new IslGraph(sats, opts, IslGraph.Shell.of(c.orbit()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--topology " + topo.label() + ": " + e.getMessage(), e);
            }
            int steps = (int) ((horizonMs + opts.stepMs() - 1) / opts.stepMs()) + 1;
            if (topo == IslGraph.Topology.VISIBLE && (double) n * (n - 1) / 2 * steps > 2e10) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--topology visible tests every pair: %,d"
                        + " satellites x %,d instants is %.1e pair tests, too many; choose fewer satellites (nameFilter/max"
                        + " in the scenario), a larger --step-s or fewer --hours", n, steps, (double) n * (n - 1) / 2 * steps));
            }
            List<int[]> chosenPairs = pairs(sats);
            if ((long) chosenPairs.size() * steps > 20_000_000L) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d pairs x %,d instants is too many to"
                        + " keep (20 million): choose fewer pairs (--pair), a larger --step-s or fewer --hours",
                        chosenPairs.size(), steps));
            }
            List<GroundStation> stations = common.scenario.fleet().stations();
            int[] stationIdx = ground ? stations(stations) : new int[0];
            PairStats[] ps = new PairStats[chosenPairs.size()];
            Map<Integer, List<PairStats>> bySource = new LinkedHashMap<>();
            for (int k = 0; k < ps.length; k++) {
                ps[k] = new PairStats(chosenPairs.get(k)[0], chosenPairs.get(k)[1], steps);
                bySource.computeIfAbsent(ps[k].a, x -> new ArrayList<>()).add(ps[k]);
            }
            int[] sources = bySource.keySet().stream().mapToInt(Integer::intValue).toArray();
            float[][] groundLat = new float[ground ? sources.length : 0][steps];
            IslGraph.Ground g = ground ? new IslGraph.Ground(graph, common.scenario.epoch(), horizonMs, stations,
                    common.scenario.fleet().minElevationDeg()) : null;
            ShortestPaths sp = new ShortestPaths(n);
            double[] dist = new double[n];
            long[] linkSum = {0};
            long t0 = System.nanoTime();
            graph.sweep(common.scenario.epoch(), horizonMs, threads, snap -> {
                linkSum[0] += snap.links();
                for (PairStats p : ps) {
                    double d = snap.linkDistance(p.a, p.b);
                    if (d == d) {
                        p.up++;
                        p.minD = Math.min(p.minD, d);
                        p.maxD = Math.max(p.maxD, d);
                        p.sumD += d;
                    }
                }
                for (int si = 0; si < sources.length; si++) {
                    int s = sources[si];
                    sp.from(snap, s, dist);
                    for (PairStats p : bySource.get(s)) {
                        double l = dist[p.b];
                        p.path[snap.step] = (float) l;
                        if (l < Double.POSITIVE_INFINITY) p.reach++;
                    }
                    if (g != null) {
                        // latency from s to the ground = min over satellites v seen by a station of path(s, v) + down-link
                        g.accessDelays(snap, stationIdx, dist);
                        sp.fromSeeds(snap, dist);
                        groundLat[si][snap.step] = (float) dist[s];
                    }
                }
            });
            double wallS = (System.nanoTime() - t0) / 1e9;
            print(c, sats, set, opts, steps, horizonMs, linkSum[0], ps, sources, groundLat, stationIdx.length, wallS, graph);
            return 0;
        });
    }

    private void print(OrbitalConstellation c, List<SatelliteOrbit> sats, SatelliteSet set, IslGraph.Options opts, int steps,
                       long horizonMs, long linkSum, PairStats[] ps, int[] sources, float[][] groundLat, int nStations,
                       double wallS, IslGraph graph) throws java.io.IOException {
        Path out = common.prepareOut();
        int n = sats.size();
        String candidates = graph.edgeA() == null ? "every pair" : String.format(Locale.ROOT, "%,d candidate links", graph.edgeA().length);
        System.out.printf(Locale.ROOT, "ISLs of %s from %s over %.1f h every %.0f s (%s)%n", c.name(),
                common.scenario.epoch(), horizonMs / 3_600_000.0, opts.stepMs() / 1000.0, common.scenario.source());
        System.out.printf(Locale.ROOT, "%,d satellites, topology %s (%s), max range %,.0f km, grazing altitude %.0f km%n",
                n, opts.topology().label(), candidates, opts.maxRangeM() / 1e3, opts.grazingAltitudeM() / 1e3);
        System.out.printf(Locale.ROOT, "links up: %,.1f on average per instant (mean degree %.2f), %,d instants%n",
                linkSum / (double) steps, 2.0 * linkSum / steps / n, steps);
        int w = 11;
        for (int k = 0; k < Math.min(common.limit, ps.length); k++) {
            w = Math.max(w, Math.max(sats.get(ps[k].a).name().length(), sats.get(ps[k].b).name().length()));
        }
        for (int si = 0; si < Math.min(common.limit, sources.length) && groundLat.length > 0; si++) {
            w = Math.max(w, sats.get(sources[si]).name().length());
        }
        String nameCol = "%-" + w + "s";
        // a formation's links are metres long: show m and microseconds then
        double longest = 0;
        for (PairStats p : ps) {
            longest = Math.max(longest, p.maxD);
            double[] q = percentiles(p.path);
            if (q != null) longest = Math.max(longest, q[3] * IslGraph.SPEED_OF_LIGHT_M_S);
        }
        boolean small = longest < 10e3;
        String du = small ? "m" : "km", tu = small ? "us" : "ms";
        double dScale = small ? 1 : 1e-3, tScale = small ? 1e6 : 1e3;
        System.out.printf(Locale.ROOT, "%n  " + nameCol + " " + nameCol + " %6s %24s %22s %28s %7s%n", "satellite A",
                "satellite B", "up %", "link " + du + " min/mean/max", "link " + tu + " min/mean/max",
                "path " + tu + " p50/p90/p99/max", "reach %");
        for (int k = 0; k < Math.min(common.limit, ps.length); k++) {
            PairStats p = ps[k];
            double[] q = percentiles(p.path);
            String link = p.up == 0 ? "-" : String.format(Locale.ROOT, "%.1f/%.1f/%.1f", p.minD * dScale,
                    p.sumD / p.up * dScale, p.maxD * dScale);
            String lat = p.up == 0 ? "-" : String.format(Locale.ROOT, "%.3f/%.3f/%.3f", IslGraph.lightTimeS(p.minD) * tScale,
                    IslGraph.lightTimeS(p.sumD / p.up) * tScale, IslGraph.lightTimeS(p.maxD) * tScale);
            String path = q == null ? "-" : String.format(Locale.ROOT, "%.3f/%.3f/%.3f/%.3f", q[0] * tScale, q[1] * tScale,
                    q[2] * tScale, q[3] * tScale);
            System.out.printf(Locale.ROOT, "  " + nameCol + " " + nameCol + " %6.1f %24s %22s %28s %7.1f%n", sats.get(p.a).name(),
                    sats.get(p.b).name(), 100.0 * p.up / steps, link, lat, path, 100.0 * p.reach / steps);
        }
        if (ps.length > common.limit) {
            System.out.printf(Locale.ROOT, "  ... %,d more pairs%s%n", ps.length - common.limit, out == null ? " (use --out DIR for all)" : "");
        }
        if (groundLat.length > 0) {
            System.out.printf(Locale.ROOT, "%nto the nearest of %d ground stations (ISL path + down-link light time, mask %.1f deg):%n",
                    nStations, common.scenario.fleet().minElevationDeg());
            System.out.printf(Locale.ROOT, "  " + nameCol + " %28s %7s%n", "satellite", "ms p50/p90/p99/max", "reach %");
            for (int si = 0; si < Math.min(common.limit, sources.length); si++) {
                double[] q = percentiles(groundLat[si]);
                System.out.printf(Locale.ROOT, "  " + nameCol + " %28s %7.1f%n", sats.get(sources[si]).name(), q == null ? "-"
                        : String.format(Locale.ROOT, "%.3f/%.3f/%.3f/%.3f", q[0] * 1e3, q[1] * 1e3, q[2] * 1e3, q[3] * 1e3),
                        100.0 * reach(groundLat[si]) / steps);
            }
        }
        common.reportSkipped(out);
        if (out == null) {
            return;
        }
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("constellation", c.name());
        root.put("epoch", common.scenario.epoch().toString());
        root.put("horizon_h", horizonMs / 3_600_000.0);
        root.put("step_s", opts.stepMs() / 1000.0);
        root.put("instants", steps);
        root.put("satellites", n);
        root.put("topology", opts.topology().label());
        root.put("max_range_km", opts.maxRangeM() / 1e3);
        root.put("grazing_altitude_km", opts.grazingAltitudeM() / 1e3);
        root.put("mean_links_up", linkSum / (double) steps);
        ArrayNode arr = root.putArray("pairs");
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(out.resolve("isl-pairs.csv"), StandardCharsets.UTF_8), fmt)) {
            csv.printRecord("satellite_a", "satellite_b", "link_up_fraction", "link_min_km", "link_mean_km", "link_max_km",
                    "link_min_ms", "link_mean_ms", "link_max_ms", "path_p50_ms", "path_p90_ms", "path_p99_ms", "path_max_ms",
                    "reachable_fraction");
            for (PairStats p : ps) {
                double[] q = percentiles(p.path);
                List<Object> row = new ArrayList<>(List.of(sats.get(p.a).name(), sats.get(p.b).name(), f6(p.up / (double) steps)));
                ObjectNode o = arr.addObject();
                o.put("a", sats.get(p.a).name());
                o.put("b", sats.get(p.b).name());
                o.put("link_up_fraction", p.up / (double) steps);
                if (p.up > 0) {
                    row.addAll(List.of(f3(p.minD / 1e3), f3(p.sumD / p.up / 1e3), f3(p.maxD / 1e3), f6(ms(p.minD)),
                            f6(ms(p.sumD / p.up)), f6(ms(p.maxD))));
                    o.put("link_min_km", p.minD / 1e3);
                    o.put("link_mean_km", p.sumD / p.up / 1e3);
                    o.put("link_max_km", p.maxD / 1e3);
                } else {
                    row.addAll(List.of("", "", "", "", "", ""));
                }
                if (q != null) {
                    row.addAll(List.of(f6(q[0] * 1e3), f6(q[1] * 1e3), f6(q[2] * 1e3), f6(q[3] * 1e3)));
                    o.put("path_p50_ms", q[0] * 1e3);
                    o.put("path_p90_ms", q[1] * 1e3);
                    o.put("path_p99_ms", q[2] * 1e3);
                    o.put("path_max_ms", q[3] * 1e3);
                } else {
                    row.addAll(List.of("", "", "", ""));
                }
                row.add(f6(p.reach / (double) steps));
                o.put("reachable_fraction", p.reach / (double) steps);
                csv.printRecord(row);
            }
        }
        if (groundLat.length > 0) {
            ArrayNode ga = root.putArray("ground");
            try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(out.resolve("isl-ground.csv"), StandardCharsets.UTF_8), fmt)) {
                csv.printRecord("satellite", "ground_p50_ms", "ground_p90_ms", "ground_p99_ms", "ground_max_ms", "reachable_fraction");
                for (int si = 0; si < sources.length; si++) {
                    double[] q = percentiles(groundLat[si]);
                    double r = reach(groundLat[si]) / (double) steps;
                    ObjectNode o = ga.addObject();
                    o.put("satellite", sats.get(sources[si]).name());
                    o.put("reachable_fraction", r);
                    if (q != null) {
                        csv.printRecord(sats.get(sources[si]).name(), f6(q[0] * 1e3), f6(q[1] * 1e3), f6(q[2] * 1e3), f6(q[3] * 1e3), f6(r));
                        o.put("p50_ms", q[0] * 1e3);
                        o.put("p90_ms", q[1] * 1e3);
                        o.put("p99_ms", q[2] * 1e3);
                        o.put("max_ms", q[3] * 1e3);
                    } else {
                        csv.printRecord(sats.get(sources[si]).name(), "", "", "", "", f6(r));
                    }
                }
            }
        }
        json.writeValue(out.resolve("isl.json").toFile(), root);
        System.out.println("\noutputs: " + out.resolve("isl-pairs.csv") + (groundLat.length > 0 ? ", isl-ground.csv" : "") + ", isl.json");
    }

    static IslGraph.Topology parseTopology(String name) {
        try {
            return IslGraph.Topology.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--topology: " + e.getMessage(), e);
        }
    }

    static IslGraph.Topology defaultTopology(OrbitSpec spec) {
        if (IslGraph.Shell.of(spec) != null) return IslGraph.Topology.PLUS_GRID;
        if (spec instanceof OrbitSpec.SunSynchronous s && s.formationRadiusM() > 0) return IslGraph.Topology.FULL_MESH;
        return IslGraph.Topology.VISIBLE;
    }

    private List<int[]> pairs(List<SatelliteOrbit> sats) {
        int n = sats.size();
        if (n < 2) throw new IllegalArgumentException("isl needs at least 2 satellites, got " + n);
        List<int[]> out = new ArrayList<>();
        if (!pairs.isEmpty() && allPairs) throw new IllegalArgumentException("give --pair or --all-pairs, not both");
        if (!pairs.isEmpty()) {
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < n; i++) byName.putIfAbsent(sats.get(i).name(), i);
            for (String p : pairs) {
                String[] ab = p.split(",", -1);
                if (ab.length != 2) throw new IllegalArgumentException("--pair must be A,B (names or indices), got '" + p + "'");
                int a = satellite(ab[0].strip(), byName, n), b = satellite(ab[1].strip(), byName, n);
                if (a == b) throw new IllegalArgumentException("--pair " + p + ": the two satellites are the same");
                out.add(new int[] {a, b});
            }
            return out;
        }
        if (allPairs || n <= 100) {
            if ((long) n * (n - 1) / 2 > 2_000_000) throw new IllegalArgumentException("--all-pairs of " + n + " satellites is too many");
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) out.add(new int[] {i, j});
            return out;
        }
        for (int j = 1; j < n; j++) out.add(new int[] {0, j});
        return out;
    }

    private static int satellite(String s, Map<String, Integer> byName, int n) {
        Integer i = byName.get(s);
        if (i != null) return i;
        if (s.matches("[0-9]{1,9}")) {
            int k = Integer.parseInt(s);
            if (k < n) return k;
            throw new IllegalArgumentException("--pair: satellite index " + k + " is out of range [0, " + (n - 1) + "]");
        }
        throw new IllegalArgumentException("--pair: no satellite named '" + s + "'");
    }

    private int[] stations(List<GroundStation> all) {
        if (all.isEmpty()) throw new IllegalArgumentException("--ground: the scenario has no ground stations");
        if (stationNames.isEmpty()) {
            int[] idx = new int[all.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            return idx;
        }
        int[] idx = new int[stationNames.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).name().equals(stationNames.get(k))) {
                    idx[k] = i;
                    break;
                }
            }
            if (idx[k] < 0) {
                throw new IllegalArgumentException("--station: no ground station named '" + stationNames.get(k) + "' (e.g. "
                        + all.get(0).name() + ")");
            }
        }
        return idx;
    }

    /** @return p50, p90, p99 and max of the finite values (nearest rank), s; null if none */
    static double[] percentiles(float[] v) {
        float[] f = new float[v.length];
        int m = 0;
        for (float x : v) if (x < Float.POSITIVE_INFINITY) f[m++] = x;
        if (m == 0) return null;
        Arrays.sort(f, 0, m);
        return new double[] {f[rank(0.50, m)], f[rank(0.90, m)], f[rank(0.99, m)], f[m - 1]};
    }

    private static int rank(double p, int m) {
        return Math.max(0, (int) Math.ceil(p * m) - 1);
    }

    private static int reach(float[] v) {
        int r = 0;
        for (float x : v) if (x < Float.POSITIVE_INFINITY) r++;
        return r;
    }

    private static double ms(double meters) {
        return IslGraph.lightTimeS(meters) * 1e3;
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
