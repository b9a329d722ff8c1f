package io.skygrid.spark;

import io.skygrid.cli.ExitCodes;
import io.skygrid.scenario.SweepGrid;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code skygrid sweep}: a parameter grid over a base scenario, one Spark task per run. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every combination of a parameter grid over a base scenario as Spark tasks (local[*] by "
                + "default, a cluster with --master) and writes results.csv, results.parquet and chart.svg. "
                + "Re-running into the same folder reuses finished runs.")
public final class SweepCommand implements Callable<Integer> {
    @Option(names = {"-g", "--grid"}, required = true, paramLabel = "FILE", description = "sweep grid YAML (see examples/sweep.yaml)")
    Path gridFile;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (default: the grid's output)")
    Path out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (default), local[N], spark://host:7077, yarn, k8s://...")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "partitions of the run list (default: Spark's default parallelism)")
    int partitions;

    @Option(names = "--limit", paramLabel = "N", description = "rows shown on screen (default 20; all in results.csv)")
    int limit = 20;

    @Option(names = {"-q", "--quiet"}, description = "no wall time")
    boolean quiet;

    @Override
    public Integer call() {
        return ExitCodes.guarded(this::sweep);
    }

    private Integer sweep() throws IOException {
        if (partitions < 0) {
            System.err.println("skygrid: --partitions must be >= 0, got " + partitions);
            return 2;
        }
        SweepGrid grid = SweepGrid.load(gridFile, RunFigures.METRICS, RunFigures.DEFAULT_METRIC);
        Path dir = out != null ? out : grid.output();
        String url = Sessions.master(master);
        long t0 = System.nanoTime();
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = Sessions.create(url, "skygrid sweep " + grid.name());
        SweepJob.Outcome o;
        try {
            o = SweepJob.run(spark, grid, dir, partitions);
            SweepTable.write(spark, grid, o.rows(), dir);
        } finally {
            if (ownSession) spark.stop();
        }
        Files.writeString(dir.resolve("chart.svg"), SweepChart.svg(grid, o.rows(), grid.chartMetric(), grid.chartAxis()),
                StandardCharsets.UTF_8);
        print(grid, o, url, dir, System.out);
        if (!quiet) System.err.printf(Locale.ROOT, "wall time: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    void print(SweepGrid grid, SweepJob.Outcome o, String url, Path dir, PrintStream ps) {
        ps.println("Skygrid sweep: " + grid.name() + " (" + grid.file() + "), base " + grid.baseDisplay());
        List<String> ax = new ArrayList<>();
        for (SweepGrid.Axis a : grid.axes()) ax.add(a.path() + " (" + a.values().size() + ")");
        ps.println("  axes: " + String.join(" x ", ax) + " = " + o.rows().size() + " runs on " + url);
        ps.printf(Locale.ROOT, "  %d executed, %d reused from %s, %d failed%n%n", o.executed(), o.reused(),
                dir.resolve(SweepJob.RUNS_DIR), o.failed());
        List<String> shown = List.of("utilisation", "orbit_utilisation", "gpu_hours_delivered", "jct_p50_h", "wait_p99_h",
                "mean_eclipse_fraction", "paused_gpu_hours");
        int[] width = new int[grid.axes().size()];
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-9s", "run"));
        for (int a = 0; a < width.length; a++) {
            String name = SweepChart.shortName(grid.axes().get(a).path());
            width[a] = Math.max(8, name.length());
            for (var v : grid.axes().get(a).values()) width[a] = Math.max(width[a], v.value().length());
            h.append(' ').append(pad(name, width[a]));
        }
        h.append(String.format(Locale.ROOT, " %6s", "status"));
        for (String m : shown) h.append(String.format(Locale.ROOT, " %12s", header(m)));
        ps.println(h);
        ps.println("-".repeat(h.length()));
        int n = 0;
        for (SweepRow r : o.rows()) {
            if (n++ >= limit) {
                ps.println("... " + (o.rows().size() - limit) + " more runs in " + dir.resolve(SweepTable.CSV));
                break;
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s", r.id()));
            for (int a = 0; a < width.length; a++) sb.append(' ').append(pad(r.axisValues().get(a), width[a]));
            sb.append(String.format(Locale.ROOT, " %6s", r.status()));
            if (r.ok()) {
                for (String m : shown) sb.append(String.format(Locale.ROOT, " %12s", cell(m, r.metric(m))));
            } else {
                sb.append("  ").append(r.error());
            }
            ps.println(sb);
        }
        ps.println();
        ps.println("outputs: " + dir.resolve(SweepTable.CSV) + ", " + SweepTable.PARQUET + ", chart.svg ("
                + grid.chartMetric() + " vs " + grid.chartAxis() + ")");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    private static String header(String m) {
        return switch (m) {
            case "utilisation" -> "util";
            case "orbit_utilisation" -> "orbit util";
            case "gpu_hours_delivered" -> "GPU-h";
            case "jct_p50_h" -> "JCT p50 h";
            case "wait_p99_h" -> "wait p99 h";
            case "mean_eclipse_fraction" -> "eclipse";
            case "paused_gpu_hours" -> "paused GPU-h";
            default -> m;
        };
    }

    private static String cell(String metric, double v) {
        if (Double.isNaN(v)) return "-";
        if (RunFigures.isCount(metric) || metric.equals("gpu_hours_delivered")) return String.format(Locale.ROOT, "%,.0f", v);
        if (metric.equals("paused_gpu_hours")) return String.format(Locale.ROOT, "%,.0f", v);
        if (metric.endsWith("utilisation") || metric.equals("mean_eclipse_fraction")) return String.format(Locale.ROOT, "%.1f%%", 100 * v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
