package io.skygrid.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code skygrid run --outputs}: only the chosen files, the same bytes as a full run; unknown names refused. */
class OutputsOptionTest {
    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesOnlyTheChosenFiles_sameBytesAsAFullRun(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        Path all = dir.resolve("all");
        Path some = dir.resolve("some");
        RunCommandTest.Run a = RunCommandTest.run("run", "-s", scenario.toString(), "-o", all.toString(), "-q");
        RunCommandTest.Run b = RunCommandTest.run("run", "-s", scenario.toString(), "-o", some.toString(), "-q",
                "--outputs", "jobs, summary");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(files(all)).containsExactly("jobs.csv", "report.html", "scenario.yaml", "summary.json", "timeseries.csv");
        // scenario.yaml, the record of what ran, is written whatever --outputs says
        assertThat(files(some)).containsExactly("jobs.csv", "scenario.yaml", "summary.json");
        for (String f : List.of("jobs.csv", "summary.json")) {
            assertThat(Files.readAllBytes(some.resolve(f))).as(f).isEqualTo(Files.readAllBytes(all.resolve(f)));
        }
        assertThat(a.out()).contains("outputs: " + all.resolve("summary.json") + ", jobs.csv, timeseries.csv, report.html");
        assertThat(b.out()).contains("outputs: " + some.resolve("summary.json") + ", jobs.csv\n")
                .doesNotContain("report.html");
    }

    @Test
    void reportAlone(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        Path out = dir.resolve("r");
        RunCommandTest.Run r = RunCommandTest.run("run", "-s", scenario.toString(), "-o", out.toString(), "-q",
                "--outputs", "report,timeseries");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(files(out)).containsExactly("report.html", "scenario.yaml", "timeseries.csv");
        assertThat(r.out()).contains("outputs: " + out.resolve("timeseries.csv") + ", report.html");
    }

    @Test
    void unknownOrEmptyName_isRefusedWithTheKnownNames_andNothingIsWritten(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        Path out = dir.resolve("x");
        RunCommandTest.Run r = RunCommandTest.run("run", "-s", scenario.toString(), "-o", out.toString(), "-q",
                "--outputs", "summary,html");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("skygrid: --outputs: 'html' is not an output (known: summary, jobs, timeseries, "
                + "report, inference)");
        assertThat(Files.exists(out)).isFalse();
        RunCommandTest.Run e = RunCommandTest.run("run", "-s", scenario.toString(), "-o", out.toString(), "-q",
                "--outputs", "");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("skygrid: --outputs: '' is not an output (known: summary");
    }

    @Test
    void aFailureWritingJobsCsvOnItsThread_failsTheRun_andPutsNoFileInPlace(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        Path out = dir.resolve("f");
        Files.createDirectories(out.resolve("jobs.csv.part"));   // jobs.csv cannot be written
        RunCommandTest.Run r = RunCommandTest.run("run", "-s", scenario.toString(), "-o", out.toString(), "-q");
        assertThat(r.code()).as(r.out() + r.err()).isNotZero();
        assertThat(r.err()).contains("jobs.csv.part");
        assertThat(files(out)).isEmpty();
    }
}
