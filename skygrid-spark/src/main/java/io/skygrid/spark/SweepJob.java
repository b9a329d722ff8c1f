package io.skygrid.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioOverride;
import io.skygrid.scenario.SweepGrid;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link SweepGrid} on Spark: one task per run (the core's {@link ScenarioRun} with one physics
 * thread), results gathered on the driver and sorted by run number, so the table does not depend on the
 * number of executors or partitions.
 *
 * <p><b>Failures.</b> A run whose values make the scenario invalid, or that fails while running, becomes a
 * row with status {@code error} and the message; the other runs go on.
 *
 * <p><b>Resume.</b> Each finished run is saved by the task that ran it as {@code runs/<id>.json} in the
 * output folder (written to a temporary name and renamed, so a crash never leaves half a file). A later
 * sweep into the same folder reuses every saved run whose status is {@code ok} and whose fingerprint
 * (base scenario text and overrides) matches; failed runs are tried again. On a cluster the output
 * folder must therefore be a path that every executor sees (a shared file system).
 */
public final class SweepJob {
    /** Folder of saved runs inside the output folder. */
    public static final String RUNS_DIR = "runs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepJob() {
    }

    /**
     * What a sweep produced.
     *
     * @param rows     every run, sorted by run number
     * @param executed runs executed now
     * @param reused   runs taken from saved results
     */
    public record Outcome(List<SweepRow> rows, int executed, int reused) {
        /** @return runs that failed */
        public long failed() {
            return rows.stream().filter(r -> !r.ok()).count();
        }
    }

    /** Everything a task needs to run one scenario; serialised to the executor. */
    record Task(int index, String id, List<ScenarioOverride> overrides, List<String> axisValues, String fingerprint,
                String baseYaml, String baseDisplay, String baseDir, String runsDir) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs every run of the grid not already saved in {@code out}.
     *
     * @param spark      session (any master)
     * @param grid       the sweep
     * @param out        output folder (saved runs go to {@code out/runs})
     * @param partitions partitions of the run list; 0 for Spark's default parallelism
     * @return all rows, sorted by run number
     * @throws IOException if the output folder cannot be written
     */
    public static Outcome run(SparkSession spark, SweepGrid grid, Path out, int partitions) throws IOException {
        Path runsDir = out.resolve(RUNS_DIR).toAbsolutePath().normalize();
        Files.createDirectories(runsDir);
        Map<String, SweepRow> saved = readSaved(runsDir);
        List<SweepRow> rows = new ArrayList<>();
        List<Task> todo = new ArrayList<>();
        for (SweepGrid.Run r : grid.runs()) {
            SweepRow s = saved.get(r.id());
            if (s != null && s.ok() && s.fingerprint().equals(r.fingerprint()) && s.index() == r.index()) {
                rows.add(s);
            } else {
                todo.add(new Task(r.index(), r.id(), r.overrides(), r.axisValues(), r.fingerprint(), grid.baseYaml(),
                        grid.baseDisplay(), grid.baseDir(), runsDir.toString()));
            }
        }
        int reused = rows.size();
        if (!todo.isEmpty()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int slices = partitions > 0 ? partitions : jsc.defaultParallelism();
            slices = Math.max(1, Math.min(slices, todo.size()));
            rows.addAll(jsc.parallelize(todo, slices).map(SweepJob::execute).collect());
        }
        rows.sort(Comparator.comparingInt(SweepRow::index));
        return new Outcome(List.copyOf(rows), todo.size(), reused);
    }

    /** Runs one scenario; never throws for a failure of the run itself (it becomes an error row). */
    static SweepRow execute(Task t) {
        SweepRow row;
        try {
            OrekitSetup.init();
            Scenario sc = SweepGrid.scenario(t.baseYaml(), t.baseDisplay(), t.baseDir(), t.overrides());
            ScenarioRun.Outcome o = ScenarioRun.run(sc, new ScenarioRun.Options(1, false, false, ProgressListener.NONE));
            row = new SweepRow(t.index(), t.id(), t.axisValues(), SweepRow.OK, "", RunFigures.of(o), t.fingerprint());
        } catch (InputException e) {
            row = failed(t, e.getMessage());
        } catch (OutOfMemoryError e) {
            row = failed(t, "out of memory in the executor (" + e.getMessage() + "); give executors more memory or "
                    + "shrink the scenario");
        } catch (RuntimeException | StackOverflowError e) {
            String m = e.getMessage();
            row = failed(t, m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
        }
        if (t.runsDir() != null) save(row, Path.of(t.runsDir()));
        return row;
    }

    private static SweepRow failed(Task t, String message) {
        double[] nan = new double[RunFigures.METRICS.size()];
        Arrays.fill(nan, Double.NaN);
        return new SweepRow(t.index(), t.id(), t.axisValues(), SweepRow.ERROR, message.replace('\n', ' '), nan,
                t.fingerprint());
    }

    /** Saves a finished run as {@code <id>.json}, atomically. */
    static void save(SweepRow row, Path dir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("index", row.index());
        n.put("id", row.id());
        ArrayNode axes = n.putArray("axisValues");
        row.axisValues().forEach(axes::add);
        n.put("status", row.status());
        n.put("error", row.error());
        ObjectNode figures = n.putObject("figures");
        for (int i = 0; i < RunFigures.METRICS.size(); i++) {
            figures.put(RunFigures.METRICS.get(i), Double.toString(row.figures()[i]));
        }
        n.put("fingerprint", row.fingerprint());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + row.id(), ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir.resolve(row.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(row.id() + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save run " + row.id() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return saved runs by id; files that cannot be read are ignored (those runs are executed again) */
    static Map<String, SweepRow> readSaved(Path dir) throws IOException {
        Map<String, SweepRow> out = new HashMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "run-*.json")) {
            for (Path f : ds) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    List<String> axes = new ArrayList<>();
                    n.get("axisValues").forEach(v -> axes.add(v.asText()));
                    double[] fig = new double[RunFigures.METRICS.size()];
                    for (int i = 0; i < fig.length; i++) {
                        fig[i] = Double.parseDouble(n.get("figures").get(RunFigures.METRICS.get(i)).asText());
                    }
                    SweepRow r = new SweepRow(n.get("index").asInt(), n.get("id").asText(), axes, n.get("status").asText(),
                            n.get("error").asText(), fig, n.get("fingerprint").asText());
                    out.put(r.id(), r);
                } catch (IOException | RuntimeException e) {
                    // unreadable or from another version: the run is simply executed again
                }
            }
        }
        return out;
    }
}
