package io.skygrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class RunCommandTest {
    public static final String SMALL = """
            name: small
            epoch: 2026-03-20T00:00:00Z
            horizon: 12h
            seed: 7
            ground:
              - name: site-a
                location: {lat: 35.06, lon: -90.03}
                accelerator: H100-SXM
                gpus: 512
                gpusPerNode: 8
                powerCapW: 2e6
                pue: 1.2
                electricityUsdPerKWh: 0.06
            orbit:
              - name: shell
                walker: {inclinationDeg: 53, altitudeKm: 550, total: 24, planes: 4, phasing: 1}
                payload: {accelerator: H100-SXM, count: 8, solarArrayM2: 40, cellEfficiency: 0.30,
                          batteryWh: 4000, busPowerW: 2000}
              - name: dawn-dusk
                sunSynchronous: {altitudeKm: 650, ltan: "18:00", satellites: 6, formationRadiusM: 1000}
                payload: {accelerator: H100-SXM, count: 4, solarArrayM2: 20, cellEfficiency: 0.30,
                          batteryWh: 10000, busPowerW: 1000}
            groundStations: {builtIn: true, minElevationDeg: 10}
            workload:
              generator: {offeredLoad: 1.2, tenants: [lab-a, lab-b]}
            scheduler: {queue: fifo, backfill: easy}
            """;

    public record Run(int code, String out, String err) {
    }

    /** @return stderr without the {@code skygrid: warning: ...} lines, stripped */
    public static String withoutWarnings(String err) {
        return err.lines().filter(l -> !l.startsWith("skygrid: warning: ")).collect(java.util.stream.Collectors.joining("\n")).strip();
    }

    public static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void sameScenarioAndSeedGiveIdenticalBytes(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, SMALL);
        Run a = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("a").toString(), "-q",
                "--check-invariants", "--threads", "1");
        Run b = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("b").toString(), "-q",
                "--threads", "2");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        for (String f : List.of("summary.json", "jobs.csv", "timeseries.csv", "report.html")) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
                    .as(f).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("a/summary.json").toFile());
        JsonNode jobs = summary.get("jobs");
        int loaded = summary.get("workload").get("jobsLoaded").asInt();
        assertThat(loaded).isGreaterThan(100);
        assertThat(jobs.get("submitted").asInt()).isEqualTo(jobs.get("completed").asInt() + jobs.get("running").asInt()
                + jobs.get("queued").asInt() + jobs.get("rejected").asInt());
        assertThat(jobs.get("submitted").asInt() + jobs.get("after-horizon").asInt()).isEqualTo(loaded);
        assertThat(summary.get("pools")).hasSize(3);
        assertThat(summary.get("pools").get(0).get("gpuHoursDelivered").asDouble()).isPositive();
        // one CSV row per job plus header
        assertThat(Files.readAllLines(dir.resolve("a/jobs.csv"))).hasSize(loaded + 1);
        assertThat(a.out()).contains("site-a", "shell", "dawn-dusk", "submitted");
    }

    @Test
    void aFailedRunLeavesNoEmptyOutputFolder(@TempDir Path dir) throws Exception {
        // the malformed TLE file is found only when the run reads it, after the output folder was prepared
        Files.writeString(dir.resolve("bad.tle"), "BAD SAT\n1 garbage\n2 garbage\n");
        Path scenario = dir.resolve("badtle.yaml");
        Files.writeString(scenario, """
                name: badtle
                epoch: 2026-03-20T00:00:00Z
                horizon: 1h
                seed: 1
                orbit:
                  - name: real
                    tle: {file: bad.tle}
                    payload: {accelerator: H100-SXM, count: 1, solarArrayM2: 8, cellEfficiency: 0.30,
                              batteryWh: 1500, busPowerW: 800}
                workload:
                  generator: {offeredLoad: 1.0, tenants: [a]}
                """);
        Run r = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("out/deeper").toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.tle:2");
        assertThat(dir.resolve("out")).doesNotExist();
        // an output folder that existed before the run stays
        Files.createDirectories(dir.resolve("kept"));
        Run k = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("kept").toString(), "-q");
        assertThat(k.code()).isEqualTo(2);
        assertThat(dir.resolve("kept")).isDirectory();
    }

    @Test
    void failuresAndARadiatorShowInEveryOutput(@TempDir Path dir) throws Exception {
        // failure rates far above the defaults so that a 12-hour run sees them; a radiator of 5 m^2 for a
        // 7.6 kW payload (7.9 m^2 would carry it at 330 K): the Walker shell runs throttled
        // a 16-GPU ground site so that most work lands on the constellations
        String yaml = SMALL.replace("gpus: 512", "gpus: 16").replace("batteryWh: 4000, busPowerW: 2000}\n",
                "batteryWh: 4000, busPowerW: 2000}\n    radiator: {areaM2: 5, maxTemperatureK: 330}\n")
                + "failures: {gpuMtbfHours: 500, gpuRepair: 2h, doseRadPerYear: 1500, satelliteLossPerYear: 5}\n";
        assertThat(yaml).contains("radiator:");
        Path scenario = dir.resolve("failing.yaml");
        Files.writeString(scenario, yaml);
        Run a = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("a").toString(),
                "--check-invariants", "--threads", "1");
        assertThat(a.code()).as(a.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("a/summary.json").toFile());
        JsonNode f = summary.get("failures");
        assertThat(f.get("enabled").asBoolean()).isTrue();
        assertThat(f.get("byKind").get("gpu").asLong()).isPositive();
        assertThat(f.get("byKind").get("radiation").asLong()).isPositive();
        assertThat(f.get("restarts").asLong()).isPositive();
        assertThat(f.get("lostGpuHours").asDouble()).isPositive();
        assertThat(summary.get("pools").get(0).get("meanRacksSpanned").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(summary.get("pools").get(1).get("throttledGpuHours").asDouble()).isPositive();
        assertThat(summary.get("pools").get(2).get("throttledGpuHours").asDouble()).isZero();
        JsonNode jobs = summary.get("jobs");
        assertThat(jobs.get("submitted").asInt()).isEqualTo(jobs.get("completed").asInt() + jobs.get("running").asInt()
                + jobs.get("queued").asInt() + jobs.get("rejected").asInt());
        List<String> rows = Files.readAllLines(dir.resolve("a/jobs.csv"));
        assertThat(rows.get(0)).endsWith(",racks,leaves,restarts,failure_lost_gpu_h");
        long restarted = rows.stream().skip(1).filter(l -> !l.matches(".*,0,[0-9.]+")).count();
        assertThat(restarted).isEqualTo(f.get("jobsRestarted").asLong());
        assertThat(a.out()).contains("failures: ").contains("restarts of").contains("shell: thermally throttled");
    }

    @Test
    void invalidScenarioIsReportedWithFileLineAndField(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, SMALL.replace("gpus: 512", "gpus: -8"));
        Run r = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("o").toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:9: ground[0].gpus").contains("-8");
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void missingScenarioFileIsAClearError(@TempDir Path dir) {
        Run r = run("run", "--scenario", dir.resolve("nope.yaml").toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml");
        assertThat(r.err()).doesNotContain("at io.skygrid");
    }

    @Test
    void unusableOutputFolderFailsBeforeTheRunAndWritesNothing(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, SMALL);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run r = run("run", "--scenario", scenario.toString(), "--out", file.toString(), "-q");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("a-file exists and is not a folder");
        // a folder that cannot be created: the system's reason in words, never a Java class name
        Run under = run("run", "--scenario", scenario.toString(), "--out", file.resolve("sub").toString(), "-q");
        assertThat(under.code()).isEqualTo(1);
        // (SMALL's 2 MW cap on a 0.78 MW site draws the unused-capacity warning first)
        assertThat(withoutWarnings(under.err())).isEqualTo("skygrid: cannot write outputs: cannot create the output folder "
                + file.resolve("sub") + " (" + file + " is a file, not a folder)");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            Run proc = run("run", "--scenario", scenario.toString(), "--out", "/proc/x", "-q");
            assertThat(proc.code()).isEqualTo(1);
            assertThat(withoutWarnings(proc.err())).isEqualTo("skygrid: cannot write outputs: cannot create the output folder /proc/x "
                    + "(no such file or folder)");
        }
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("jobs.csv"));
        Run r2 = run("run", "--scenario", scenario.toString(), "--out", out.toString(), "-q");
        assertThat(r2.code()).isEqualTo(1);
        assertThat(r2.err()).contains("jobs.csv is a folder");
        assertThat(out.resolve("summary.json")).doesNotExist();
        assertThat(r2.out()).isEmpty();
    }

    @Test
    void commandLineErrorsAreOneLineWithExitCode2() {
        String[][] cases = {
                {"run --bogus", "skygrid: Unknown option: '--bogus' (see skygrid run --help)"},
                {"run --threads many", "skygrid: --threads: 'many' is not a whole number in [-2,147,483,648, 2,147,483,647] "
                        + "(see skygrid run --help)"},
                {"run --scale 99999999999", "skygrid: --scale must be a whole number in [1, 10,000], got '99999999999'"},
                {"run --scale 0", "skygrid: --scale must be a whole number in [1, 10,000], got '0'"},
                {"orbit eclipses --max", "skygrid: Missing required parameter for option '--max' (N) "
                        + "(see skygrid orbit eclipses --help)"},
                {"orbit radiator --area-m2 big", "skygrid: --area-m2: 'big' is not a number (see skygrid orbit radiator --help)"},
                {"econ --utilisation", "skygrid: Missing required parameter for option '--utilisation' (U) (see skygrid econ --help)"}};
        for (String[] c : cases) {
            Run r = run(c[0].split(" "));
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.out()).as(c[0]).isEmpty();
        }
    }

    @Test
    void fileSystemFailuresAreDescribedInWords() {
        assertThat(ExitCodes.describe(new java.nio.file.NoSuchFileException("/x/y"))).isEqualTo("/x/y: no such file or folder");
        assertThat(ExitCodes.describe(new java.nio.file.AccessDeniedException("/x/y"))).isEqualTo("/x/y: permission denied");
        assertThat(ExitCodes.describe(new java.nio.file.FileSystemException("/x/y", null, "Read-only file system")))
                .isEqualTo("/x/y: Read-only file system");
        assertThat(ExitCodes.describe(new java.io.IOException("the output folder /o is not writable")))
                .isEqualTo("the output folder /o is not writable");
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a command is needed", "Usage: skygrid");
    }
}
