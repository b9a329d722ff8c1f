package io.skygrid.workload;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AlibabaDlrm2025ReaderTest {
    private static final Path TRACE = TestData.path("traces/alibaba-gpu-2025/disaggregated_DLRM_trace.csv");
    private static final String HEADER = String.join(",", AlibabaDlrm2025Reader.HEADER) + "\n";

    @TempDir
    Path dir;

    @Test
    void realFileCountsMatchTheData() {
        InferenceWorkload w = AlibabaDlrm2025Reader.read(TRACE);
        // 23,871 instances = 16,485 CPU-node instances + 15 with zero lifetime + 7,371 GPU replicas (checked with Python)
        assertThat(w.skipped()).containsExactly(
                Map.entry(AlibabaDlrm2025Reader.ZERO_GPU, 16_485),
                Map.entry(AlibabaDlrm2025Reader.ZERO_LIFETIME, 15));
        assertThat(w.replicas()).isEqualTo(7_371);
        assertThat(w.services()).hasSize(162);
        InferenceService first = w.services().get(0);
        assertThat(first.name()).isEqualTo("app_0/HN");
        assertThat(first.replicas()).isEqualTo(660);
        assertThat(first.maxReplicasPerNode()).isEqualTo(8);
        assertThat(first.gpusPerReplica()).isEqualTo(1);
        assertThat(first.replicaOrigin()[0]).startsWith("disaggregated_DLRM_trace.csv:");
        assertThat(w.services()).filteredOn(s -> s.name().startsWith("app_19/HN/"))
                .extracting(InferenceService::name, InferenceService::replicas)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app_19/HN/g1-m4", 174),
                        org.assertj.core.groups.Tuple.tuple("app_19/HN/g1-m2", 83));
        InferenceSummary sum = InferenceSummary.of(w, 31 * 86_400_000L);
        assertThat(sum.limitedServices()).isEqualTo(158);
        assertThat(sum.openEnded()).isEqualTo(3_322);
        assertThat(sum.peakGpus()).isEqualTo(4_307);
        assertThat(sum.gpuHours()).isCloseTo(2_377_266.5, within(1.0));
    }

    @Test
    void unsortedRowsAndBlankTimesBecomeSortedReplicaIntervals() throws IOException {
        Path f = write("t.csv", HEADER
                + "i0,HN,svc,8,8,2,2,1,1,1,1,1,1,2,100,101,500\n"
                + "i1,HN,svc,8,8,2,2,1,1,1,1,1,1,2,,,300\n"          // present before the trace started
                + "i2,CN,svc,8,8,0,0,1,1,1,1,1,1,-1,5,6,9\n"         // CPU node: skipped
                + "i3,HN,svc,8,8,2,2,1,1,1,1,1,1,2,50,60,\n"         // still running at the end
                + "i4,HN,svc,8,8,2,2,1,1,1,1,1,1,-1,7,7,7\n");       // zero lifetime
        InferenceWorkload w = AlibabaDlrm2025Reader.read(f);
        assertThat(w.services()).hasSize(1);
        InferenceService s = w.services().get(0);
        assertThat(s.name()).isEqualTo("svc/HN");
        assertThat(s.gpusPerReplica()).isEqualTo(2);
        assertThat(s.replicaStartMs()).containsExactly(0, 50_000, 100_000);
        assertThat(s.replicaEndMs()).containsExactly(300_000, InferenceService.OPEN_END, 500_000);
        assertThat(s.replicaOrigin()).containsExactly("t.csv:3", "t.csv:5", "t.csv:2");
        assertThat(s.peakReplicas()).isEqualTo(3);
        assertThat(s.gpuHoursWithin(400_000)).isCloseTo(2 * (300 + 350 + 300) / 3600.0, within(1e-12));
        assertThat(w.skipped()).containsExactly(Map.entry(AlibabaDlrm2025Reader.ZERO_GPU, 1),
                Map.entry(AlibabaDlrm2025Reader.ZERO_LIFETIME, 1));
    }

    @Test
    void badRowsNameFileLineAndField() throws IOException {
        String ok = "i0,HN,svc,8,8,1,1,1,1,1,1,1,1,2,100,101,500\n";
        expect(ok + "i0,HN,svc,8,8,1,1,1,1,1,1,1,1,2,100,101,500\n",
                "t.csv:3: instance_sn 'i0' repeats line 2; every instance must appear once");
        expect("i1,HN,svc,8,8,x,1,1,1,1,1,1,1,2,100,101,500\n", "t.csv:2: gpu_request must be an integer >= 0, got 'x'");
        expect("i1,HN,svc,8,8,2,1,1,1,1,1,1,1,2,100,101,500\n", "t.csv:2: gpu_limit must be an integer >= gpu_request (2), got '1'");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,0,100,101,500\n",
                "t.csv:2: max_instance_per_node must be -1 (no limit) or an integer >= 1, got '0'");
        expect("i1,HN,,8,8,1,1,1,1,1,1,1,1,2,100,101,500\n", "t.csv:2: app_name must not be empty");
        expect("i1,H N,svc,8,8,1,1,1,1,1,1,1,1,2,100,101,500\n",
                "t.csv:2: role must be letters, digits, '.', '_' or '-', got 'H N'");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,2,100,99,500\n",
                "t.csv:2: scheduled_time must be >= creation_time (100), got '99'");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,2,100,101,100\n",
                "t.csv:2: deletion_time must be >= scheduled_time (101), got '100'");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,2,,101,500\n", "t.csv:2: scheduled_time is set but creation_time is blank");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,2,-5,101,500\n",
                "t.csv:2: creation_time must be a number >= 0 (seconds) or blank, got '-5'");
        expect("i1,HN,svc,8,8,1,1,1,1,1,1,1,1,2,100,101\n", "t.csv:2: expected 17 columns ("
                + String.join(",", AlibabaDlrm2025Reader.HEADER) + "), got 16");
        Path noHeader = write("h.csv", "instance_sn,role\n");
        assertThatThrownBy(() -> AlibabaDlrm2025Reader.read(noHeader)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("h.csv:1: header missing column 'app_name'");
    }

    private void expect(String rows, String message) throws IOException {
        Path f = write("t.csv", HEADER + rows);
        assertThatThrownBy(() -> AlibabaDlrm2025Reader.read(f)).isInstanceOf(InputException.class).hasMessage(message);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
