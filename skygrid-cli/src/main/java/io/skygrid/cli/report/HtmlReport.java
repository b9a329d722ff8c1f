package io.skygrid.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.scenario.Scenario;
import io.skygrid.sim.JobFate;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page (opens offline; d3 7, topojson-client 3 and the
 * Natural Earth 1:110m countries of world-atlas 2 are inlined from
 * {@code io/skygrid/report/vendor/}, see its README) with the scenario in brief, a world map of ground
 * sites, ground stations, satellite ground tracks and positions, utilisation, power, battery state of
 * charge and queue length over time, JCT and wait histograms, the cost breakdown and a filterable jobs
 * table. Byte-identical for the same run (no clock, no random ids).
 *
 * <p>Size limits keep the page light for huge runs, and the page says when they apply: the jobs table
 * holds the first {@value #MAX_JOB_ROWS} jobs in submission order (all are in jobs.csv); ground tracks are
 * drawn for up to {@value #TRACKS_PER_CONSTELLATION} satellites per constellation over the first
 * {@value #TRACK_HOURS} hours at one-minute steps; positions at the horizon are drawn for at most
 * {@value #MAX_POSITIONS} satellites in all (evenly sampled per constellation).
 */
public final class HtmlReport {
    /** Jobs listed in the page's table (first by submission order). */
    public static final int MAX_JOB_ROWS = 2_000;
    /** Satellites per constellation whose ground track is drawn. */
    public static final int TRACKS_PER_CONSTELLATION = 3;
    /** Span of each drawn ground track, hours (about two LEO orbits). */
    public static final int TRACK_HOURS = 3;
    /** Satellite positions drawn at the horizon, all constellations together. */
    public static final int MAX_POSITIONS = 20_000;
    /** Classpath folder of the vendored libraries. */
    public static final String VENDOR = "/io/skygrid/report/vendor/";

    private HtmlReport() {
    }

    /** Writes the page for {@code report} to {@code w}. */
    public static void write(RunReport report, Writer w) throws IOException {
        write(report, ReportWriter.summary(report), w);
    }

    /** Like {@link #write(RunReport, Writer)} with the run's summary ({@link ReportWriter#summary}) already made. */
    static void write(RunReport report, Map<String, Object> summary, Writer w) throws IOException {
        String data = new ObjectMapper().writeValueAsString(data(report, summary));
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Skygrid report: ");
        w.write(escape(report.outcome().scenario().name()));
        w.write("</title>\n<style>\n");
        w.write(resource("/io/skygrid/report/report.css"));
        w.write("</style>\n<script>\n");
        w.write(resource("/io/skygrid/report/errors.js"));
        w.write("</script>\n<script>\n");
        w.write(resource(VENDOR + "d3.min.js"));
        w.write("\n</script>\n<script>\n");
        w.write(resource(VENDOR + "topojson-client.min.js"));
        w.write("\n</script>\n</head>\n<body>\n");
        w.write(resource("/io/skygrid/report/report-body.html"));
        w.write("<script type=\"application/json\" id=\"world-data\">");
        w.write(resource(VENDOR + "countries-110m.json").strip().replace("</", "<\\/"));
        w.write("</script>\n<script type=\"application/json\" id=\"run-data\">");
        w.write(data.replace("</", "<\\/"));
        w.write("</script>\n<script>\n");
        w.write(resource("/io/skygrid/report/report.js"));
        w.write("</script>\n</body>\n</html>\n");
    }

    /** @return the page's data (scenario, pools, series, histograms, costs, map, jobs) as ordered maps */
    static Map<String, Object> data(RunReport report) {
        return data(report, ReportWriter.summary(report));
    }

    private static Map<String, Object> data(RunReport report, Map<String, Object> summary) {
        SimulationResult r = report.outcome().result();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", summary.get("scenario"));
        root.put("workload", summary.get("workload"));
        root.put("jobs", summary.get("jobs"));
        root.put("pools", summary.get("pools"));
        root.put("costs", summary.get("costs"));
        root.put("series", series(report));
        root.put("histograms", histograms(r));
        root.put("map", map(report));
        root.put("jobTable", jobTable(r));
        // an ordered map: Map.of iterates in an order that changes from one JVM to the next
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxJobRows", MAX_JOB_ROWS);
        limits.put("tracksPerConstellation", TRACKS_PER_CONSTELLATION);
        limits.put("trackHours", TRACK_HOURS);
        limits.put("maxPositions", MAX_POSITIONS);
        root.put("limits", limits);
        return root;
    }

    private static Map<String, Object> series(RunReport report) {
        SimulationResult r = report.outcome().result();
        int n = r.samples().size();
        List<Double> t = new ArrayList<>(n);
        List<Long> queue = new ArrayList<>(n);
        for (double[] row : r.samples()) {
            t.add(round(row[0] / 3.6e6, 4));
            queue.add((long) row[1]);
        }
        List<Object> pools = new ArrayList<>();
        for (int p = 0; p < r.pools().size(); p++) {
            SimulationResult.PoolSummary ps = r.pools().get(p);
            int o = 2 + p * SimulationResult.SAMPLE_FIELDS;
            List<Double> util = new ArrayList<>(n);
            List<Double> powerMw = new ArrayList<>(n);
            List<Double> soc = new ArrayList<>(n);
            double cap = ps.orbital() ? report.constellation(p).payload().batteryJ() * ps.nodes() : 0;
            for (double[] row : r.samples()) {
                util.add(round(row[o] / ps.capacityGpus(), 4));
                powerMw.add(round(row[o + 2] / 1e6, 4));
                if (ps.orbital() && cap > 0) soc.add(round(row[o + 3] / cap, 4));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ps.name());
            m.put("kind", ps.orbital() ? "orbit" : "ground");
            m.put("utilisation", util);
            m.put("powerMW", powerMw);
            if (!soc.isEmpty()) m.put("stateOfCharge", soc);
            pools.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hours", t);
        s.put("queueLength", queue);
        s.put("pools", pools);
        return s;
    }

    /** Histograms on log-spaced bins (hours), 30 bins from the smallest positive value to the largest. */
    private static Map<String, Object> histograms(SimulationResult r) {
        int n = r.jobs().size();
        double[] jct = new double[n];
        double[] wait = new double[n];
        int nj = 0;
        int nw = 0;
        for (int j = 0; j < n; j++) {
            if (r.startMs(j) < 0) continue;
            Job job = r.jobs().get(j);
            wait[nw++] = r.waitedMs(j) / 3.6e6;
            if (r.fate(j) == JobFate.COMPLETED) jct[nj++] = (r.endMs(j) - job.submitMs()) / 3.6e6;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jctHours", histogram(jct, nj));
        m.put("waitHours", histogram(wait, nw));
        return m;
    }

    static Map<String, Object> histogram(double[] v, int n) {
        int bins = 30;
        long zeros = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (v[i] <= 0) {
                zeros++;
            } else {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", n);
        m.put("zero", zeros);
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        if (max > 0) {
            double lo = Math.log10(min);
            double hi = Math.log10(max);
            if (hi - lo < 1e-9) hi = lo + 1;
            long[] c = new long[bins];
            for (int i = 0; i < n; i++) {
                if (v[i] <= 0) continue;
                int b = (int) Math.floor((Math.log10(v[i]) - lo) / (hi - lo) * bins);
                c[Math.max(0, Math.min(bins - 1, b))]++;
            }
            for (int b = 0; b <= bins; b++) {
                edges.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", Math.pow(10, lo + (hi - lo) * b / bins))));
            }
            for (long x : c) counts.add(x);
        }
        m.put("edges", edges);
        m.put("counts", counts);
        return m;
    }

    private static Map<String, Object> map(RunReport report) {
        Scenario sc = report.outcome().scenario();
        long horizonMs = report.outcome().result().horizonMs();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> sites = new ArrayList<>();
        for (GroundSite g : sc.fleet().ground()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", g.name());
            s.put("lat", g.latitudeDeg());
            s.put("lon", g.longitudeDeg());
            s.put("gpus", g.gpus());
            sites.add(s);
        }
        m.put("sites", sites);
        List<Object> stations = new ArrayList<>();
        for (GroundStation g : sc.fleet().stations()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", g.name());
            s.put("provider", g.provider());
            s.put("lat", round(g.latitudeDeg(), 3));
            s.put("lon", round(g.longitudeDeg(), 3));
            stations.add(s);
        }
        m.put("stations", stations);
        // Orekit's frames (IERS data) only when there is a track to draw: a ground-only run does not load them
        GroundTracks gt = sc.fleet().orbital().isEmpty() ? null : new GroundTracks(sc.epoch());
        long stepMs = 60_000;
        int steps = (int) Math.min(TRACK_HOURS * 60L, horizonMs / stepMs) + 1;
        int totalSats = 0;
        for (var set : report.outcome().satellites()) totalSats += set.satellites().size();
        List<Object> constellations = new ArrayList<>();
        for (int i = 0; i < sc.fleet().orbital().size(); i++) {
            OrbitalConstellation c = sc.fleet().orbital().get(i);
            List<SatelliteOrbit> sats = report.outcome().satellites().get(i).satellites();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("satellites", sats.size());
            List<Object> tracks = new ArrayList<>();
            int k = Math.min(TRACKS_PER_CONSTELLATION, sats.size());
            for (int t = 0; t < k; t++) {
                SatelliteOrbit s = sats.get((int) ((long) t * sats.size() / k));
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("name", s.name());
                tm.put("lonLat", rounded(gt.track(s, steps, stepMs)));
                tracks.add(tm);
            }
            cm.put("tracks", tracks);
            // positions at the horizon, evenly sampled so that all constellations together stay within the cap
            int quota = totalSats <= MAX_POSITIONS ? sats.size()
                    : (int) Math.max(1, (long) MAX_POSITIONS * sats.size() / totalSats);
            List<SatelliteOrbit> shown = new ArrayList<>();
            for (int q = 0; q < Math.min(quota, sats.size()); q++) {
                shown.add(sats.get((int) ((long) q * sats.size() / Math.min(quota, sats.size()))));
            }
            cm.put("positionsShown", shown.size());
            cm.put("positions", rounded(gt.positions(shown, horizonMs)));
            constellations.add(cm);
        }
        m.put("constellations", constellations);
        m.put("trackMinutes", steps - 1);
        return m;
    }

    private static Map<String, Object> jobTable(SimulationResult r) {
        int n = Math.min(MAX_JOB_ROWS, r.jobs().size());
        List<Object> rows = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            Job job = r.jobs().get(j);
            long start = r.startMs(j);
            long end = r.endMs(j);
            int p = r.pool(j);
            List<Object> row = new ArrayList<>();
            row.add(job.id());
            row.add(job.tenant());
            row.add(job.gpus());
            row.add(round(job.submitMs() / 3.6e6, 3));
            row.add(start < 0 ? null : round(r.waitedMs(j) / 3.6e6, 3));
            row.add(end < 0 ? null : round((end - job.submitMs()) / 3.6e6, 3));
            row.add(p < 0 ? "" : r.pools().get(p).name());
            row.add(r.fate(j).label());
            row.add(r.reason(j) == null ? "" : r.reason(j));
            rows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", List.of("id", "tenant", "gpus", "submit h", "wait h", "JCT h", "placement", "fate", "reason"));
        m.put("total", r.jobs().size());
        m.put("rows", rows);
        return m;
    }

    private static List<Double> rounded(double[] lonLat) {
        List<Double> out = new ArrayList<>(lonLat.length);
        for (double v : lonLat) out.add(round(v, 2));
        return out;
    }

    private static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return null;
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** @return a classpath text resource (UTF-8), cached */
    static String resource(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = HtmlReport.class.getResourceAsStream(p)) {
                if (in == null) throw new IllegalStateException("missing resource " + p + " (the jar is incomplete)");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
