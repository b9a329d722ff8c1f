package io.skygrid.scenario;

import io.skygrid.sched.PlacementSpec;
import io.skygrid.sched.SchedulerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario keys of placement (scheduler.placement, latency, data staging) and workload.inference. */
class PlacementScenarioTest {
    @TempDir
    Path dir;

    static Scenario parse(String extra) {
        return TenantScenarioTest.parse(extra);
    }

    @Test
    void defaultsAreFirstFitWithCheckpointSizedData() {
        Scenario s = parse("");
        assertThat(s.scheduler().placement()).isEqualTo(PlacementSpec.DEFAULT);
        assertThat(s.inference()).isNull();
        assertThat(PlacementSpec.DEFAULT.inputBytes(8, s.checkpoint())).isEqualTo(128e9);
    }

    @Test
    void readsPlacementLatencyAndData() {
        Scenario s = parse("""
                scheduler:
                  placement: sun-following
                  latencyTenants: [serving]
                  latencyBoundMs: 15
                  steadySunFraction: 0.8
                  outlookWindow: 3h
                  maxStagingWait: 30m
                  data: {inputGB: 50, outputGB: 5}
                """);
        assertThat(s.scheduler().placement()).isEqualTo(new PlacementSpec("sun-following", Set.of("serving"), 15, 0.8,
                3 * 3_600_000L, 50, 5, 1_800_000L));
        assertThat(s.scheduler().queue()).isEqualTo(SchedulerSpec.DEFAULT.queue());
        // a policy comparison keeps the placement
        assertThat(s.scheduler().withQueue("drf").placement().mode()).isEqualTo("sun-following");
    }

    @Test
    void readsAnInferenceTrace() throws IOException {
        Path f = dir.resolve("dlrm.csv");
        Files.writeString(f, "instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,rdma_request,"
                + "rdma_limit,memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,creation_time,"
                + "scheduled_time,deletion_time\n"
                + "i1,HN,app_0,8,8,1,1,0,0,1,1,1,1,2,,,3600\n");
        Scenario s = parse("  inference: {file: " + f + ", format: alibaba-dlrm-2025}\n");
        assertThat(s.inference().file()).isEqualTo(f);
        assertThat(s.inference().load().replicas()).isEqualTo(1);
    }

    @Test
    void badPlacementInputNamesLineAndField() {
        assertThatThrownBy(() -> parse("scheduler: {placement: random}\n"))
                .hasMessageStartingWith("scenario.yaml:17: scheduler.placement must be one of first-fit, sun-following, got 'random'");
        assertThatThrownBy(() -> parse("scheduler: {latencyBoundMs: 0}\n"))
                .hasMessageStartingWith("scenario.yaml:17: scheduler.latencyBoundMs must be in (0, 60000] ms");
        assertThatThrownBy(() -> parse("scheduler: {data: {inputGB: -1}}\n"))
                .hasMessageStartingWith("scenario.yaml:17: scheduler.data.inputGB must be in [0, 1e9] GB");
        assertThatThrownBy(() -> parse("scheduler: {data: {size: 1}}\n"))
                .hasMessageContaining("scheduler.data.size");
        assertThatThrownBy(() -> parse("scheduler: {latencyTenants: [a, a]}\n"))
                .hasMessageContaining("scheduler.latencyTenants[1] 'a' is listed twice");
        assertThatThrownBy(() -> parse("  inference: {file: nowhere.csv, format: alibaba-dlrm-2025}\n"))
                .hasMessageContaining("workload.inference.file");
        assertThatThrownBy(() -> parse("  inference: {file: " + dir + ", format: philly}\n"))
                .hasMessageContaining("workload.inference");
    }
}
