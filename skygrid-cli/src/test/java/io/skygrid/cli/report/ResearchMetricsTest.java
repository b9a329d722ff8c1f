package io.skygrid.cli.report;

import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Research metrics against hand-computed values on a four-job workload, and null / '-' for figures of nothing. */
class ResearchMetricsTest {
    static final String YAML = """
            name: r
            epoch: 2026-06-01T00:00:00Z
            horizon: %s
            ground:
              - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 8, powerCapW: 1e7,
                 electricityUsdPerKWh: 0.06}
            workload:
              trace: {file: t.csv, format: philly}
            scheduler: {queue: fifo, backfill: none}
            """;

    /**
     * FIFO on 8 GPUs: A (a) 0-100 s; B (b, submitted 10 s) waits 90 s, runs 100-150 s; D (b, 2 s, submitted
     * 20 s) waits 130 s, runs 150-152 s; C (a, 4 GPUs, submitted 3600 s) runs 3600-3800 s.
     */
    static RunReport run(Path dir, String horizon) throws Exception {
        Files.writeString(dir.resolve("t.csv"), "timestamp,duration,num_gpus,gpu_time,cluster\n"
                + "2017-10-01 00:00:00,100,8,800,a\n"
                + "2017-10-01 00:00:10,50,8,400,b\n"
                + "2017-10-01 00:00:20,2,8,16,b\n"
                + "2017-10-01 01:00:00,200,4,800,a\n");
        Scenario s = ScenarioLoader.parse(YAML.formatted(horizon), "r.yaml", dir);
        return new RunReport(ScenarioRun.run(s, new ScenarioRun.Options(1, false, true, ProgressListener.NONE)));
    }

    @Test
    void handComputedFiguresOfATinyWorkload(@TempDir Path dir) throws Exception {
        RunReport report = run(dir, "until-done");
        ResearchMetrics m = report.research();
        assertThat(m.makespanS()).isEqualTo(3800.0);
        assertThat(m.activeSpanS()).isEqualTo(3800.0);
        // JCT 100, 140, 132, 200 s; nearest rank: p50 = 2nd = 132, p95 = p99 = 4th = 200
        assertThat(m.jctS().count()).isEqualTo(4);
        assertThat(m.jctS().mean()).isCloseTo(143.0, within(1e-9));
        assertThat(m.jctS().p50()).isEqualTo(132.0);
        assertThat(m.jctS().p95()).isEqualTo(200.0);
        assertThat(m.jctS().p99()).isEqualTo(200.0);
        // waits 0, 90, 130, 0 s
        assertThat(m.waitS().mean()).isCloseTo(55.0, within(1e-9));
        assertThat(m.waitS().p50()).isEqualTo(0.0);
        assertThat(m.waitS().p95()).isEqualTo(130.0);
        // slowdown 1, 2.8, 66, 1; bounded: D's 2 s run time is floored at 10 s -> 13.2
        assertThat(m.meanSlowdown()).isCloseTo((1 + 2.8 + 66 + 1) / 4, within(1e-9));
        assertThat(m.meanBoundedSlowdown()).isCloseTo((1 + 2.8 + 13.2 + 1) / 4, within(1e-9));
        assertThat(m.tenantMeanJctS()).containsEntry("a", 150.0).containsEntry("b", 136.0);
        // 800 + 400 + 16 + 800 GPU-s over 8 GPUs x 3800 s
        assertThat(m.activeUtilisation()).isCloseTo(2016.0 / (8 * 3800), within(1e-12));
        assertThat(m.undefined()).isEmpty();

        Map<String, Object> summary = ReportWriter.summary(report);
        @SuppressWarnings("unchecked")
        Map<String, Object> research = (Map<String, Object>) summary.get("research");
        assertThat(research).containsEntry("horizon", "until-done").containsEntry("makespanSeconds", 3800.0)
                .containsEntry("meanBoundedSlowdown", 4.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> scenario = (Map<String, Object>) summary.get("scenario");
        assertThat((Double) scenario.get("horizonHours")).isCloseTo(3800 / 3600.0, within(1e-12));
    }

    @Test
    void figuresOfNothingAreNullWithAReasonAndPrintDash(@TempDir Path dir) throws Exception {
        // 60 s: A is still running, B and D queued, C not yet submitted; nothing completed
        RunReport report = run(dir, "60s");
        ResearchMetrics m = report.research();
        assertThat(m.makespanS()).isNull();
        assertThat(m.jctS().mean()).isNull();
        assertThat(m.meanSlowdown()).isNull();
        assertThat(m.meanBoundedSlowdown()).isNull();
        assertThat(m.tenantMeanJctS()).containsEntry("a", null).containsEntry("b", null);
        assertThat(m.undefined()).containsEntry("makespanSeconds", "3 job(s) still queued or running at the horizon")
                .containsEntry("meanSlowdown", "no job completed");
        // A ran on all 8 GPUs for the whole 60 s active span
        assertThat(m.activeUtilisation()).isCloseTo(1.0, within(1e-12));

        Map<String, Object> summary = ReportWriter.summary(report);
        @SuppressWarnings("unchecked")
        Map<String, Object> research = (Map<String, Object>) summary.get("research");
        assertThat(research).containsEntry("horizon", "fixed").containsEntry("makespanSeconds", null)
                .containsEntry("meanSlowdown", null);

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ReportWriter.printResearch(m, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("makespan - (3 job(s) still queued or running at the horizon), active span")
                .contains("JCT  (h): mean -  p50 -  p95 -  p99 -  (no job completed)")
                .contains("slowdown: mean - (no job completed), bounded (10 s floor) -")
                .contains("mean JCT by tenant (h, - : none completed): a -, b -");
    }

    @Test
    void noGpuHoursGiveNoTenantShares(@TempDir Path dir) throws Exception {
        // 1 s in, A holds the GPUs: it delivered 8 GPU-s, so shares exist; nothing ran only before any start
        Files.writeString(dir.resolve("t.csv"), "timestamp,duration,num_gpus,gpu_time,cluster\n"
                + "2017-10-01 00:00:00,100,16,1600,a\n");
        Scenario s = ScenarioLoader.parse(YAML.formatted("60s"), "r.yaml", dir);
        RunReport report = new RunReport(ScenarioRun.run(s, new ScenarioRun.Options(1, false, false, ProgressListener.NONE)));
        // the only job needs 16 GPUs of 8: rejected, no GPU-hours, no share, no makespan of nothing
        assertThat(report.tenantShare().values()).containsOnlyNulls();
        assertThat(report.research().makespanS()).isNull();
        assertThat(report.research().undefined()).containsEntry("makespanSeconds", "every submitted job was rejected")
                .containsEntry("waitSeconds", "no job started");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ReportWriter.printTable(report, new PrintStream(buf, true, StandardCharsets.UTF_8), dir);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("tenant share of GPU-hours: - (no GPU-hours ran)");
    }
}
