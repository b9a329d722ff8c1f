package io.skygrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.skygrid.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The run folder's scenario.yaml: what ran, read back by econ --run and re-run to the same bytes. */
class RunFolderScenarioTest {
    private static final Pattern GROUND_COST = Pattern.compile("cost per delivered GPU-hour: ground \\$([0-9.,]+)");
    private static final List<String> OUTPUTS = List.of("summary.json", "jobs.csv", "timeseries.csv", "report.html");

    /** {@link RunCommandTest#SMALL} replaying a synthetic Philly trace from a relative path. */
    static String traceScenario() {
        return RunCommandTest.SMALL.replace("generator: {offeredLoad: 1.2, tenants: [lab-a, lab-b]}",
                "trace: {file: trace.csv, format: philly}");
    }

    /** A small Philly-format trace: 80 jobs over four hours, 1 to 64 GPUs, 10 minutes to 6 hours. */
    static String trace() {
        StringBuilder sb = new StringBuilder("timestamp,duration,num_gpus,gpu_time,cluster\n");
        int[] gpus = {1, 8, 16, 64, 2, 32};
        for (int i = 0; i < 80; i++) {
            int g = gpus[i % gpus.length];
            int d = 600 + (i * 7919) % 21_000;
            sb.append(String.format(Locale.ROOT, "2017-10-09 %02d:%02d:00,%d.0,%d,%d.0,vc%d%n", 4 + i / 20, (i * 3) % 60,
                    d, g, (long) d * g, i % 3));
        }
        return sb.toString();
    }

    private static double groundCost(String out) {
        Matcher m = GROUND_COST.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void econOnTheRunFolderCostsWhatRanAndTheFileReRunsToTheSameBytes(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), traceScenario());
        Files.writeString(dir.resolve("trace.csv"), trace());
        Path x = dir.resolve("x");
        RunCommandTest.Run r = run("run", "-s", scenario.toString(), "--set", "ground[0].electricityUsdPerKWh=0.30",
                "--scale", "2", "-o", x.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        double ran = groundCost(r.out());

        // econ --run reads the folder's scenario.yaml: the --set price, not the file's 0.06
        RunCommandTest.Run econ = run("econ", "--run", x.toString());
        assertThat(econ.code()).as(econ.err()).isZero();
        assertThat(groundCost(econ.out())).isEqualTo(ran);
        RunCommandTest.Run original = run("econ", "--run", x.toString(), "-s", scenario.toString());
        assertThat(groundCost(original.out())).isLessThan(ran); // the scenario file as written is cheaper

        String written = Files.readString(x.resolve("scenario.yaml"));
        Path traceAbs = dir.resolve("trace.csv").toAbsolutePath().normalize();
        assertThat(written).startsWith("# skygrid-run-scenario 1\n# written by: skygrid ")
                .contains("# source: " + scenario + "\n")
                .containsPattern("# input: sha256:[0-9a-f]{64} " + Pattern.quote(traceAbs.toString()) + "\n")
                .contains("electricityUsdPerKWh: 0.30", "scale: 2", "file: " + traceAbs,
                        "output: " + x.toAbsolutePath().normalize());

        // the file re-runs to byte-identical outputs, from anywhere
        Path y = dir.resolve("y");
        RunCommandTest.Run again = run("run", "--scenario", x.resolve("scenario.yaml").toString(), "-o", y.toString(), "-q");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("has changed");
        for (String f : OUTPUTS) {
            assertThat(Files.readAllBytes(y.resolve(f))).as(f).isEqualTo(Files.readAllBytes(x.resolve(f)));
        }
        assertThat(Files.readString(y.resolve("scenario.yaml")))
                .isEqualTo(written.replace("output: " + x.toAbsolutePath().normalize(), "output: " + y.toAbsolutePath().normalize()));

        // a changed input is reported by every reader of the file
        Files.writeString(dir.resolve("trace.csv"), trace().replace("vc1", "vc9"));
        RunCommandTest.Run stale = run("econ", "--run", x.toString());
        assertThat(stale.code()).as(stale.err()).isZero();
        assertThat(stale.err()).contains("skygrid: warning: " + x.resolve("scenario.yaml") + ": input " + traceAbs
                + " has changed since the run");
        assertThat(run("run", "-s", x.resolve("scenario.yaml").toString(), "-o", dir.resolve("z").toString(), "-q").err())
                .contains("has changed since the run");
    }

    @Test
    void theBuiltInDefaultRunFolderReRunsToTheSameSummary(@TempDir Path dir) throws Exception {
        Path x = dir.resolve("x");
        String[] shorter = {"--set", "horizon=2h", "--set", "orbit[0].walker.total=40", "--set", "orbit[0].walker.planes=4"};
        RunCommandTest.Run r = run(concat(new String[] {"run", "-o", x.toString(), "-q"}, shorter));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(x.resolve("scenario.yaml"))).contains("# source: <built-in default>\n", "horizon: 2h");
        Path y = dir.resolve("y");
        RunCommandTest.Run again = run("run", "-s", x.resolve("scenario.yaml").toString(), "-o", y.toString(), "-q");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(y.resolve("summary.json"))).isEqualTo(Files.readAllBytes(x.resolve("summary.json")));
        assertThat(Files.readAllBytes(y.resolve("jobs.csv"))).isEqualTo(Files.readAllBytes(x.resolve("jobs.csv")));
    }

    @Test
    void listsAndMappingsCanBeSetAndAppended(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), RunCommandTest.SMALL);
        Path x = dir.resolve("x");
        RunCommandTest.Run r = run("run", "-s", scenario.toString(), "-o", x.toString(), "-q",
                "--set", "scheduler={queue: tiresias, backfill: easy, preemption: true}",
                "--set", "scheduler.lasThresholdsGpuHours=[16]",
                "--set", "ground[1]={name: b, location: {lat: 10, lon: 20}, accelerator: B200, gpus: 256, "
                        + "powerCapW: 2e6, electricityUsdPerKWh: 0.05}");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(x.resolve("summary.json").toFile());
        assertThat(s.get("scenario").get("queue").asText()).isEqualTo("tiresias");
        assertThat(s.get("pools").get(1).get("name").asText()).isEqualTo("b");
        assertThat(s.get("pools").get(1).get("gpus").asInt()).isEqualTo(256);
        assertThat(Files.readString(x.resolve("scenario.yaml"))).contains("lasThresholdsGpuHours:\n    - 16\n", "  - name: b\n");

        // an error inside a flow value names the file, the replaced field's line and the full path
        RunCommandTest.Run bad = run("run", "-s", scenario.toString(), "-o", dir.resolve("bad").toString(), "-q",
                "--set", "ground[0]={name: a, location: {lat: 10, lon: 20}, accelerator: H100-SXM, gpus: -8, "
                        + "powerCapW: 2e6, electricityUsdPerKWh: 0.05}");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(scenario + ":6: ground[0].gpus must be > 0, got -8");
        RunCommandTest.Run list = run("run", "-s", scenario.toString(), "-q", "--set", "scheduler.lasThresholdsGpuHours=[16, 4]");
        assertThat(list.err()).contains(scenario + ":26: scheduler.lasThresholdsGpuHours[1] must be > 0 and larger than "
                + "the one before, got 4");
        RunCommandTest.Run syntax = run("run", "-s", scenario.toString(), "-q", "--set", "scheduler={queue: fifo");
        assertThat(syntax.code()).isEqualTo(2);
        assertThat(syntax.err()).contains("skygrid: --set scheduler: the value '{queue: fifo' is not valid YAML");
    }

    @Test
    void starvationPromotionCanBeSwitchedOffAndChangesTheSchedule(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), traceScenario()
                .replace("scheduler: {queue: fifo, backfill: easy}",
                        "scheduler: {queue: tiresias, backfill: easy, preemption: true, preemptExemptTime: 0s, "
                                + "lasThresholdsGpuHours: [2]}"));
        Files.writeString(dir.resolve("trace.csv"), trace());
        String[] common = {"run", "-s", scenario.toString(), "-q", "--scale", "3"};
        // the default factor (10): a demoted job waiting ten times its executed time is promoted
        RunCommandTest.Run on = run(concat(common, new String[] {"-o", dir.resolve("on").toString()}));
        RunCommandTest.Run off = run(concat(common, new String[] {"-o", dir.resolve("off").toString(),
                "--set", "scheduler.starvationFactor=off"}));
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(Files.readString(dir.resolve("off/jobs.csv"))).isNotEqualTo(Files.readString(dir.resolve("on/jobs.csv")));
        assertThat(Files.readString(dir.resolve("off/scenario.yaml"))).contains("starvationFactor: \"off\"");
        RunCommandTest.Run zero = run(concat(common, new String[] {"--set", "scheduler.starvationFactor=0"}));
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("scheduler.starvationFactor must be in (0, 1000000], or off (no starvation promotion), got 0");
    }

    @Test
    void aPowerCapFarAboveThePeakDrawIsReported(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("small.yaml"), RunCommandTest.SMALL.replace("powerCapW: 2e6", "powerCapW: 1e9"));
        RunCommandTest.Run r = run("run", "-s", scenario.toString(), "-o", dir.resolve("x").toString(), "-q",
                "--set", "horizon=1h");
        assertThat(r.code()).as(r.err()).isZero();
        // 64 nodes x 4,600 W + 512 x 700 W = 652.8 kW of IT; 1e9 W / 1.2 = 833.3 MW built
        assertThat(r.err()).contains("skygrid: warning: " + scenario + ": ground[0] (site-a): powerCapW is 1,277 x the "
                + "site's peak draw (facility built for 833 MW IT, peak IT draw 0.7 MW with every GPU at TDP)");
        RunCommandTest.Run econ = run("econ", "--run", dir.resolve("x").toString());
        assertThat(econ.out()).contains("site-a: facility built for 833 MW, peak IT draw 0.7 MW: 99.9 % of the "
                + "facility's capital cost");
        // a cap within 2x of the draw (1.5 MW for 0.78 MW at the meter) says nothing
        RunCommandTest.Run fine = run("econ", "-s", Files.writeString(dir.resolve("ok.yaml"),
                RunCommandTest.SMALL.replace("powerCapW: 2e6", "powerCapW: 1.5e6")).toString());
        assertThat(fine.out()).doesNotContain("unused capacity");
        assertThat(fine.err()).doesNotContain("warning");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
