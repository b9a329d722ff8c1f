package io.skygrid.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skygrid.cli.Main;
import io.skygrid.scenario.ScenarioOverride;
import io.skygrid.scenario.SweepGrid;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sweeps on a local[2] Spark: partition-independence, failed runs, resume, and equality with skygrid run. */
class SweepJobTest {
    static SparkSession spark;
    static Path gridFile;
    static SweepGrid grid;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws URISyntaxException {
        spark = Sessions.create("local[2]", "sweep-test");
        gridFile = Path.of(SweepJobTest.class.getResource("/sweep/grid.yaml").toURI());
        grid = SweepGrid.load(gridFile, RunFigures.METRICS, RunFigures.DEFAULT_METRIC);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void tableDoesNotDependOnPartitionsAndFailedRunsAreRows() throws IOException {
        SweepJob.Outcome one = SweepJob.run(spark, grid, tmp.resolve("p1"), 1);
        SweepJob.Outcome three = SweepJob.run(spark, grid, tmp.resolve("p3"), 3);
        assertThat(one.rows()).hasSize(6);
        assertThat(one.executed()).isEqualTo(6);
        assertThat(SweepTable.csv(grid, three.rows())).isEqualTo(SweepTable.csv(grid, one.rows()));
        SweepTable.write(spark, grid, one.rows(), tmp.resolve("p1"));
        SweepTable.write(spark, grid, three.rows(), tmp.resolve("p3"));
        assertThat(Files.readString(tmp.resolve("p3/results.csv"))).isEqualTo(Files.readString(tmp.resolve("p1/results.csv")));
        List<Row> a = spark.read().parquet(tmp.resolve("p1/results.parquet").toString()).collectAsList();
        List<Row> b = spark.read().parquet(tmp.resolve("p3/results.parquet").toString()).collectAsList();
        assertThat(b).isEqualTo(a);
        assertThat(a).extracting(r -> r.getString(0)).containsExactly("run-0001", "run-0002", "run-0003", "run-0004",
                "run-0005", "run-0006");
        assertThat(a.get(0).schema().fieldNames()).startsWith("run_id", "orbit_0_walker_altitudeKm", "ground_0_gpus", "status");

        // 50 km runs (run-0005, run-0006) fail alone, with the scenario's own message
        for (SweepRow r : one.rows()) {
            if (r.axisValues().get(0).equals("50")) {
                assertThat(r.status()).isEqualTo(SweepRow.ERROR);
                assertThat(r.error()).contains("tiny.yaml:11: orbit[0].walker.altitudeKm must be >= 150 km, got 50");
                assertThat(r.figures()).containsOnly(Double.NaN);
            } else {
                assertThat(r.status()).isEqualTo(SweepRow.OK);
                assertThat(r.metric("jobs_submitted")).isPositive();
                assertThat(r.metric("utilisation")).isBetween(0.0, 1.0);
            }
        }
        // the figures follow the parameters: a higher shell spends less time in eclipse, more GPUs deliver more
        assertThat(one.rows().get(2).metric("mean_eclipse_fraction")).isLessThan(one.rows().get(0).metric("mean_eclipse_fraction"));
        assertThat(one.rows().get(1).metric("gpus")).isEqualTo(one.rows().get(0).metric("gpus") + 64);
        assertThat(Files.readString(tmp.resolve("p1/results.csv")).lines().skip(5).findFirst().orElseThrow())
                .startsWith("run-0005,50,64,error,,,").contains("must be >= 150 km");
    }

    @Test
    void rerunningSkipsFinishedRunsAndRetriesFailedOnes() throws IOException {
        Path out = tmp.resolve("resume");
        SweepJob.Outcome first = SweepJob.run(spark, grid, out, 2);
        assertThat(first.executed()).isEqualTo(6);
        Files.delete(out.resolve("runs/run-0002.json")); // as if the sweep had stopped before run-0002 finished
        SweepJob.Outcome second = SweepJob.run(spark, grid, out, 2);
        assertThat(second.reused()).isEqualTo(3);
        assertThat(second.executed()).isEqualTo(3); // run-0002 and the two failed runs
        assertThat(SweepTable.csv(grid, second.rows())).isEqualTo(SweepTable.csv(grid, first.rows()));
        // a saved run from another base scenario (other fingerprint) is not reused
        String saved = Files.readString(out.resolve("runs/run-0001.json"));
        Files.writeString(out.resolve("runs/run-0001.json"), saved.replaceAll("\"fingerprint\" : \"[0-9a-f]+\"",
                "\"fingerprint\" : \"00\""));
        assertThat(SweepJob.run(spark, grid, out, 2).reused()).isEqualTo(3);
    }

    @Test
    void sparkResultEqualsSkygridRunOneByOne() throws IOException {
        SweepJob.Outcome o = SweepJob.run(spark, grid, tmp.resolve("eq"), 2);
        ObjectMapper json = new ObjectMapper();
        Path base = gridFile.resolveSibling("tiny.yaml");
        int compared = 0;
        for (SweepGrid.Run run : grid.runs()) {
            SweepRow row = o.rows().get(run.index());
            List<String> args = new ArrayList<>(List.of("run", "-q", "--scenario", base.toString()));
            for (ScenarioOverride ov : run.overrides()) {
                args.add("--set");
                args.add(ov.toString());
            }
            Path out = tmp.resolve("eq-run-" + run.index());
            args.add("--out");
            args.add(out.toString());
            int code = Main.execute(args.toArray(String[]::new));
            if (!row.ok()) {
                assertThat(code).isEqualTo(2); // skygrid run rejects the same input
                continue;
            }
            assertThat(code).isZero();
            JsonNode s = json.readTree(out.resolve("summary.json").toFile());
            JsonNode jobs = s.get("jobs");
            assertThat(row.metric("jobs_submitted")).isEqualTo(jobs.get("submitted").asDouble());
            assertThat(row.metric("jobs_completed")).isEqualTo(jobs.get("completed").asDouble());
            assertThat(row.metric("jobs_running")).isEqualTo(jobs.get("running").asDouble());
            assertThat(row.metric("jobs_queued")).isEqualTo(jobs.get("queued").asDouble());
            assertThat(row.metric("jct_p50_h") * 3600).isCloseTo(jobs.get("jctSeconds").get("p50").asDouble(), within(5e-4));
            assertThat(row.metric("jct_p99_h") * 3600).isCloseTo(jobs.get("jctSeconds").get("p99").asDouble(), within(5e-4));
            assertThat(row.metric("wait_mean_h") * 3600).isCloseTo(jobs.get("waitSeconds").get("mean").asDouble(), within(5e-4));
            double delivered = 0;
            double energy = 0;
            double gpus = 0;
            for (JsonNode p : s.get("pools")) {
                delivered += p.get("gpuHoursDelivered").asDouble();
                energy += p.get("energyMWh").asDouble();
                gpus += p.get("gpus").asDouble();
                if (p.get("kind").asText().equals("orbit")) {
                    assertThat(row.metric("orbit_utilisation")).isCloseTo(p.get("utilisation").asDouble(), within(5e-7));
                    assertThat(row.metric("mean_eclipse_fraction")).isCloseTo(p.get("meanEclipseFraction").asDouble(), within(5e-7));
                }
            }
            assertThat(row.metric("gpus")).isEqualTo(gpus);
            assertThat(row.metric("gpu_hours_delivered")).isCloseTo(delivered, within(1e-3));
            assertThat(row.metric("energy_mwh")).isCloseTo(energy, within(1e-5));
            compared++;
        }
        assertThat(compared).isEqualTo(4);
    }

    @Test
    void theCommandWritesTableAndChartAndRejectsBadGrids() throws IOException {
        Path out = tmp.resolve("cmd");
        int code = SparkMain.execute("sweep", "--grid", gridFile.toString(), "--out", out.toString(), "-q");
        assertThat(code).isZero();
        assertThat(out.resolve("results.csv")).exists();
        assertThat(Files.readString(out.resolve("chart.svg"))).startsWith("<svg").contains("orbit_utilisation vs orbit[0].walker.altitudeKm")
                .contains("2 failed (not shown)");
        assertThat(spark.sparkContext().isStopped()).as("the command leaves a session it did not create running").isFalse();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: b\nbase: " + gridFile.resolveSibling("tiny.yaml") + "\naxes:\n  seed: []\n");
        assertThat(SparkMain.execute("sweep", "--grid", bad.toString())).isEqualTo(2);
    }
}
