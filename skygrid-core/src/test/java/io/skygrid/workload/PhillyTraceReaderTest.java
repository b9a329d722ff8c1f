package io.skygrid.workload;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhillyTraceReaderTest {
    private static final Path PHILLY = TestData.path("traces/philly/philly.csv");
    private static final String HEADER = "timestamp,duration,num_gpus,gpu_time,cluster\n";
    private static final Comparator<Job> ORDER = Comparator.comparingLong(Job::submitMs).thenComparingInt(Job::id);
    private static Workload philly;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        philly = PhillyTraceReader.read(PHILLY, 1);
    }

    @Test
    void realFileLoadsEveryRow() {
        List<Job> jobs = philly.jobs();
        assertThat(jobs).hasSize(82_247);
        assertThat(philly.skipped()).isEmpty();
        assertThat(jobs).isSortedAccordingTo(ORDER);
        assertThat(jobs.get(0).submitMs()).isZero();
        assertThat(jobs.stream().map(Job::tenant).distinct()).hasSize(15);
        assertThat(jobs.stream().map(Job::id).collect(Collectors.toSet())).hasSize(82_247)
                .allMatch(id -> id >= 0 && id < 82_247);
        assertThat(jobs.stream().mapToInt(Job::gpus).max().getAsInt()).isEqualTo(128);
    }

    @Test
    void idsFollowRowOrderAndOriginNamesTheLine() {
        Map<Integer, Job> byId = philly.jobs().stream().collect(Collectors.toMap(Job::id, Function.identity()));
        // first data row: 2017-10-09 07:01:55,66.0,1,66.0,11cb48
        Job first = byId.get(0);
        assertThat(first.origin()).isEqualTo("philly.csv:2");
        assertThat(first.durationMs()).isEqualTo(66_000);
        assertThat(first.gpus()).isEqualTo(1);
        assertThat(first.tenant()).isEqualTo("11cb48");
        // third data row is 2017-09-29 07:58:32, 860662 s; second row is 2017-10-09 06:13:03
        assertThat(byId.get(2).durationMs()).isEqualTo(860_662_000L);
        assertThat(byId.get(0).submitMs() - byId.get(1).submitMs()).isEqualTo((48 * 60 + 52) * 1000L);
        for (Job j : philly.jobs()) {
            assertThat(j.origin()).isEqualTo("philly.csv:" + (j.id() + 2));
        }
    }

    @Test
    void exactDuplicateRowsAreKeptAsDistinctJobs() {
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (Job j : philly.jobs()) {
            if (!seen.add(j.tenant() + "," + j.gpus() + "," + j.submitMs() + "," + j.durationMs())) {
                duplicates++;
            }
        }
        assertThat(duplicates).isEqualTo(65);
    }

    @Test
    void scaleTenIssuesEachJobTenTimesWithDistinctIds() {
        Workload scaled = PhillyTraceReader.read(PHILLY, 10);
        List<Job> jobs = scaled.jobs();
        assertThat(jobs).hasSize(822_470);
        assertThat(jobs).isSortedAccordingTo(ORDER);
        boolean[] seen = new boolean[822_470];
        Job[] base = new Job[82_247];
        philly.jobs().forEach(b -> base[b.id()] = b);
        for (Job j : jobs) {
            assertThat(seen[j.id()]).as("duplicate id %d", j.id()).isFalse();
            seen[j.id()] = true;
            Job b = base[j.id() / 10];
            Job expected = new Job(j.id(), b.tenant(), b.gpus(), b.submitMs(), b.durationMs(),
                    b.origin() + "#" + (j.id() % 10));
            if (!j.equals(expected)) {
                assertThat(j).isEqualTo(expected);
            }
        }
        assertThat(scaled.source()).endsWith("(scale 10)");
    }

    @Test
    void submitTimesAreDifferencesOfWallClockTimes() throws IOException {
        Path f = write("t.csv", HEADER
                + "2017-10-01 00:00:10,1.5,2,3.0,b\n"
                + "2017-09-30 23:59:59,0.0004,1,0,a\n"   // rounds to 0 ms: skipped and counted
                + "2017-10-01 00:00:00,2.0,1,2.0,a\n"
                + "\n"
                + "2017-10-01 00:00:00,2.0,1,2.0,a\n");  // duplicate of the line above
        Workload w = PhillyTraceReader.read(f, 1);
        assertThat(w.skipped()).containsExactly(Map.entry(PhillyTraceReader.ZERO_DURATION, 1));
        assertThat(w.jobs()).containsExactly(
                new Job(1, "a", 1, 0, 2000, "t.csv:4"),
                new Job(2, "a", 1, 0, 2000, "t.csv:6"),
                new Job(0, "b", 2, 10_000, 1500, "t.csv:2"));
    }

    @Test
    void scaleCopiesShareTheSubmitTime() throws IOException {
        Path f = write("s.csv", HEADER + "2017-10-01 00:00:10,1,1,1,b\n2017-10-01 00:00:00,2,4,8,a\n");
        assertThat(PhillyTraceReader.read(f, 3).jobs()).containsExactly(
                new Job(3, "a", 4, 0, 2000, "s.csv:3#0"),
                new Job(4, "a", 4, 0, 2000, "s.csv:3#1"),
                new Job(5, "a", 4, 0, 2000, "s.csv:3#2"),
                new Job(0, "b", 1, 10_000, 1000, "s.csv:2#0"),
                new Job(1, "b", 1, 10_000, 1000, "s.csv:2#1"),
                new Job(2, "b", 1, 10_000, 1000, "s.csv:2#2"));
        assertThatThrownBy(() -> PhillyTraceReader.read(f, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scale must be >= 1, got 0");
    }

    @Test
    void headerMustBeExactlyTheExpectedColumns() throws IOException {
        Path missing = write("h.csv", "timestamp,duration,gpus,gpu_time,cluster\n");
        assertThatThrownBy(() -> PhillyTraceReader.read(missing, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("h.csv:1: header missing column 'num_gpus'");
        Path reordered = write("r.csv", "duration,timestamp,num_gpus,gpu_time,cluster\n");
        assertThatThrownBy(() -> PhillyTraceReader.read(reordered, 1)).isInstanceOf(InputException.class)
                .hasMessage("r.csv:1: header must be exactly timestamp,duration,num_gpus,gpu_time,cluster,"
                        + " got 'duration,timestamp,num_gpus,gpu_time,cluster'");
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> PhillyTraceReader.read(empty, 1)).isInstanceOf(InputException.class)
                .hasMessage("e.csv:1: header missing; expected exactly timestamp,duration,num_gpus,gpu_time,cluster");
    }

    @Test
    void malformedRowsNameFileLineAndField() throws IOException {
        String ok = "2017-10-01 00:00:00,2.0,1,2.0,a\n";
        expectError(ok + "2017-10-01 00:00:00,2.0,x,2.0,a\n",
                "p.csv:3: num_gpus must be an integer >= 1, got 'x'");
        expectError(ok + "2017-10-01 00:00:00,2.0,0,2.0,a\n",
                "p.csv:3: num_gpus must be an integer >= 1, got '0'");
        expectError(ok + ok + "2017-10-01 00:00:00,-5,1,2.0,a\n",
                "p.csv:4: duration must be a number >= 0 (seconds), got '-5'");
        expectError("2017-10-01 00:00:00,NaN,1,2.0,a\n",
                "p.csv:2: duration must be a number >= 0 (seconds), got 'NaN'");
        expectError("2017-10-01 00:00:00,12d,1,2.0,a\n",
                "p.csv:2: duration must be a number >= 0 (seconds), got '12d'");
        expectError("2017-10-01 00:00:00,2.0,1,2.0\n",
                "p.csv:2: expected 5 columns (timestamp,duration,num_gpus,gpu_time,cluster), got 4");
        expectError("2017-10-01 00:00:00,2.0,1,2.0,a,b\n",
                "p.csv:2: expected 5 columns (timestamp,duration,num_gpus,gpu_time,cluster), got 6");
        expectError("2017-10-01T00:00:00,2.0,1,2.0,a\n",
                "p.csv:2: timestamp must be 'YYYY-MM-DD HH:MM:SS', got '2017-10-01T00:00:00'");
        expectError("2017-02-30 00:00:00,2.0,1,2.0,a\n",
                "p.csv:2: timestamp must be 'YYYY-MM-DD HH:MM:SS', got '2017-02-30 00:00:00'"
                        + " (Invalid date 'FEBRUARY 30')");
        expectError("2017-10-01 00:00:00,2.0,1,abc,a\n",
                "p.csv:2: gpu_time must be a number >= 0 (GPU-seconds), got 'abc'");
        expectError("2017-10-01 00:00:00,2.0,1,2.0,\n", "p.csv:2: cluster must not be empty");
        expectError("2017-10-01 00:00:00,2.0,1,2.0,vc\u0000x\n", "p.csv:2: cluster must not contain control characters, got 'vc\\x00x'");
        expectError("2017-10-01 00:00:00,2.0,1,2.0,a\u001b[31mred\n",
                "p.csv:2: cluster must not contain control characters, got 'a\\x1B[31mred'");
        expectError("2017-10-01 00:00:00,\"2.0\",1,2.0,a\n",
                "p.csv:2: quoted fields are not supported, got '2017-10-01 00:00:00,\"2.0\",1,2.0,a'");
    }

    @Test
    void missingFileIsAnInputError() {
        assertThatThrownBy(() -> PhillyTraceReader.read(dir.resolve("nope.csv"), 1))
                .isInstanceOf(InputException.class).hasMessageStartingWith("nope.csv: cannot read ")
                .hasMessageEndingWith(": no such file").hasMessageNotContaining("java.");
    }

    @Test
    void durationsAndSubmitSpansBeyondTenYearsAreRejected() throws IOException {
        String ok = "2017-10-01 00:00:00,2.0,1,2.0,a\n";
        expectError(ok + "2017-10-01 00:00:00,1e300,1,2.0,a\n",
                "p.csv:3: duration must be <= 315,360,000 s (10 years), got 1e300");
        expectError("2017-10-01 00:00:00,315360000.001,1,2.0,a\n",
                "p.csv:2: duration must be <= 315,360,000 s (10 years), got 315360000.001");
        assertThat(PhillyTraceReader.read(write("p.csv", HEADER + "2017-10-01 00:00:00,315360000,1,2.0,a\n"), 1)
                .jobs().get(0).durationMs()).isEqualTo(315_360_000_000L);
        // later row 10 years + 1 day after the earliest (which is on line 3)
        expectError("2027-10-01 00:00:00,2.0,1,2.0,a\n" + ok + "2027-09-27 00:00:00,2.0,1,2.0,a\n",
                "p.csv:2: timestamp is 3,652.0 days after the earliest submission (line 3); submit times must lie"
                        + " within 315,360,000 s (10 years) of the first");
        assertThat(PhillyTraceReader.read(write("p.csv", HEADER + ok + "2027-09-29 00:00:00,2.0,1,2.0,a\n"), 1)
                .jobs()).hasSize(2);
    }

    @Test
    void textThatIsNotUtf8IsReportedAtItsLine() throws IOException {
        String ok = "2017-10-01 00:00:00,2.0,1,2.0,a\n";
        byte[] head = (HEADER + ok + ok).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1 = "2017-10-01 00:00:00,2.0,1,2.0,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("latin1.csv");
        Files.write(f, concat(head, latin1, ok.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> PhillyTraceReader.read(f, 1)).isInstanceOf(InputException.class)
                .hasMessage("latin1.csv:4: is not UTF-8 text");
        // the same text in UTF-8 (with CR LF line ends) is fine
        Path g = write("utf8.csv", (HEADER + ok + ok + "2017-10-01 00:00:00,2.0,1,2.0,caf\u00e9\n").replace("\n", "\r\n"));
        assertThat(PhillyTraceReader.read(g, 1).jobs()).extracting(Job::tenant).contains("caf\u00e9");
        Path binary = dir.resolve("binary.csv");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D});
        assertThatThrownBy(() -> PhillyTraceReader.read(binary, 1)).isInstanceOf(InputException.class)
                .hasMessage("binary.csv:1: is not UTF-8 text");
    }

    @Test
    void offendingTextIsShortenedAndControlCharactersEscaped() throws IOException {
        String junk = "\u001b[31m" + "x".repeat(2000);
        Path f = write("j.csv", junk + "\n");
        assertThatThrownBy(() -> PhillyTraceReader.read(f, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("j.csv:1: header missing column 'timestamp'; expected exactly"
                        + " timestamp,duration,num_gpus,gpu_time,cluster, got '\\x1B[31mxxx")
                .hasMessageEndingWith("x...'")
                .hasMessageNotContaining("\u001b")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
        expectError("2017-10-01 00:00:00,2.0,\u0007" + "9".repeat(500) + ",2.0,a\n",
                "p.csv:2: num_gpus must not contain control characters, got '\\x07" + "9".repeat(79) + "...'");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void expectError(String rows, String message) throws IOException {
        Path f = write("p.csv", HEADER + rows);
        assertThatThrownBy(() -> PhillyTraceReader.read(f, 1)).isInstanceOf(InputException.class).hasMessage(message);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
