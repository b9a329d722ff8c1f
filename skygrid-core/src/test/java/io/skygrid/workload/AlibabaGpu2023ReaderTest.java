package io.skygrid.workload;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlibabaGpu2023ReaderTest {
    private static final Path DEFAULT = TestData.path("traces/alibaba-gpu-2023/openb_pod_list_default.csv");
    private static final String HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,"
            + "creation_time,deletion_time,scheduled_time\n";

    @TempDir
    Path dir;

    @Test
    void realFileCountsMatchTheData() {
        Workload w = AlibabaGpu2023Reader.read(DEFAULT, 1);
        // 8,152 pods = 1,088 without GPU + 861 GPU pods never scheduled + 6,203 jobs (verified with awk)
        assertThat(w.skipped()).containsExactly(
                Map.entry(AlibabaGpu2023Reader.ZERO_GPU, 1088),
                Map.entry(AlibabaGpu2023Reader.NEVER_SCHEDULED, 861));
        List<Job> jobs = w.jobs();
        assertThat(jobs).hasSize(6203);
        assertThat(jobs).isSortedAccordingTo(Comparator.comparingLong(Job::submitMs).thenComparingInt(Job::id));
        assertThat(jobs.get(0).submitMs()).isZero();
        assertThat(jobs.stream().map(Job::tenant).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("LS", "BE", "Burstable", "Guaranteed");
        assertThat(jobs.stream().collect(Collectors.groupingBy(Job::gpus, Collectors.counting())))
                .containsOnlyKeys(1, 2, 4, 8);
        assertThat(w.source()).endsWith("(2573 fractional-GPU pods rounded up to whole GPUs)");
        // first pod: openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
        Job first = jobs.stream().filter(j -> j.id() == 0).findFirst().orElseThrow();
        assertThat(first).isEqualTo(new Job(0, "LS", 1, 0, 12_537_496_000L, "openb_pod_list_default.csv:2"));
    }

    @Test
    void rulesOnASmallFile() throws IOException {
        Path f = write("pods.csv", HEADER
                + "p0,1000,1024,0,0,,BE,Running,5,50,5\n"          // 0-GPU: skipped
                + "p1,1000,1024,1,1000,,BE,Pending,6,60,\n"        // never scheduled: skipped
                + "p2,1000,1024,1,460,,LS,Running,20,100,30\n"     // fractional: kept as 1 GPU
                + "p3,1000,1024,8,1000,,BE,Failed,10,40,12\n"      // failed: kept
                + "p4,1000,1024,2,1000,,BE,Succeeded,15,15,15\n"); // zero duration: skipped
        Workload w = AlibabaGpu2023Reader.read(f, 2);
        assertThat(w.skipped()).containsExactly(
                Map.entry(AlibabaGpu2023Reader.ZERO_GPU, 1),
                Map.entry(AlibabaGpu2023Reader.NEVER_SCHEDULED, 1),
                Map.entry(AlibabaGpu2023Reader.ZERO_DURATION, 1));
        assertThat(w.jobs()).containsExactly(
                new Job(2, "BE", 8, 0, 28_000, "pods.csv:5#0"),
                new Job(3, "BE", 8, 0, 28_000, "pods.csv:5#1"),
                new Job(0, "LS", 1, 10_000, 70_000, "pods.csv:4#0"),
                new Job(1, "LS", 1, 10_000, 70_000, "pods.csv:4#1"));
        assertThat(w.source()).endsWith("(scale 2; 1 fractional-GPU pods rounded up to whole GPUs)");
    }

    @Test
    void malformedRowsNameFileLineAndField() throws IOException {
        expectError("p,1,1,x,1000,,BE,Running,0,10,0\n", "a.csv:2: num_gpu must be an integer >= 0, got 'x'");
        expectError("p,1,1,1,0,,BE,Running,0,10,0\n", "a.csv:2: gpu_milli must be an integer in 1..1000, got '0'");
        expectError("p,1,1,0,1001,,BE,Running,0,10,0\n", "a.csv:2: gpu_milli must be an integer in 0..1000, got '1001'");
        expectError("p,1,1,1,1000,,,Running,0,10,0\n", "a.csv:2: qos must not be empty");
        expectError("p,1,1,1,1000,,BE,Done,0,10,0\n",
                "a.csv:2: pod_phase must be one of Pending, Running, Succeeded, Failed, Unknown, got 'Done'");
        expectError("p,1,1,1,1000,,BE,Running,-1,10,0\n", "a.csv:2: creation_time must be a number >= 0 (seconds), got '-1'");
        expectError("p,1,1,1,1000,,BE,Running,0,,0\n", "a.csv:2: deletion_time must be a number >= 0 (seconds), got ''");
        expectError("p,1,1,1,1000,,BE,Running,5,10,4\n", "a.csv:2: scheduled_time must be >= creation_time (5), got '4'");
        expectError("p,1,1,1,1000,,BE,Running,5,6,7\n", "a.csv:2: deletion_time must be >= scheduled_time (7), got '6'");
        expectError("p,1,1,1,1000,,BE,Running,5,6\n",
                "a.csv:2: expected 11 columns (" + HEADER.strip() + "), got 10");
        Path header = write("h.csv", HEADER.replace("qos,", ""));
        assertThatThrownBy(() -> AlibabaGpu2023Reader.read(header, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("h.csv:1: header missing column 'qos'");
    }

    @Test
    void blankScheduledTimeContradictedByThePhaseIsAnError() throws IOException {
        expectError("p,1,1,1,1000,,BE,Pending,0,10,\np,1,1,1,1000,,BE,Succeeded,0,10,\n",
                "a.csv:3: scheduled_time is blank (never scheduled) but pod_phase is 'Succeeded', which only a"
                        + " scheduled pod reaches");
        expectError("p,1,1,0,0,,BE,Running,0,10,\n",
                "a.csv:2: scheduled_time is blank (never scheduled) but pod_phase is 'Running', which only a"
                        + " scheduled pod reaches");
        Path f = write("ok.csv", HEADER + "p,1,1,1,1000,,BE,Failed,0,10,\np,1,1,1,1000,,BE,Running,0,10,0\n");
        assertThat(AlibabaGpu2023Reader.read(f, 1).skipped()).containsExactly(Map.entry(AlibabaGpu2023Reader.NEVER_SCHEDULED, 1));
    }

    @Test
    void timesBeyondTenYearsAreRejected() throws IOException {
        expectError("p,1,1,1,1000,,BE,Running,0,1e300,0\n",
                "a.csv:2: deletion_time must be <= 315,360,000 s (10 years), got 1e300");
        expectError("p,1,1,1,1000,,BE,Running,315360001,315360002,315360001\n",
                "a.csv:2: creation_time must be <= 315,360,000 s (10 years), got 315360001");
        expectError("p,1,1,1,1000,,BE,Running,0,400000000,400000000\n",
                "a.csv:2: deletion_time must be <= 315,360,000 s (10 years), got 400000000");
    }

    @Test
    void latin1ByteIsReportedAtItsLine() throws IOException {
        Path f = dir.resolve("l.csv");
        Files.write(f, (HEADER + "p,1,1,1,1000,,BE,Running,0,10,0\np,1,1,1,1000,,BE,Running,0,10,0\n"
                + "p\u00e9,1,1,1,1000,,BE,Running,0,10,0\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> AlibabaGpu2023Reader.read(f, 1)).isInstanceOf(InputException.class)
                .hasMessage("l.csv:4: is not UTF-8 text");
    }

    private void expectError(String rows, String message) throws IOException {
        Path f = write("a.csv", HEADER + rows);
        assertThatThrownBy(() -> AlibabaGpu2023Reader.read(f, 1)).isInstanceOf(InputException.class).hasMessage(message);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
