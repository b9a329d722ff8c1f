package io.skygrid.scenario;

import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.TenantSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario keys for tenants, quotas, policies and checkpoints. */
class TenantScenarioTest {
    static final String BASE = BadInputTest.BASE;

    static Scenario parse(String extra) {
        return ScenarioLoader.parse(BASE + extra, "scenario.yaml", Path.of("."));
    }

    @Test
    void readsTenantsMappingPolicyAndCheckpoints() {
        Scenario s = parse("""
                tenants:
                  - {name: lab-a, reserved: {colossus-1: 8}, weight: 2, priority: 5}
                  - {name: lab-b, borrowLimitGpus: 64}
                tenantOf: {vc1: lab-a, vc2: lab-b}
                defaultTenant: lab-b
                scheduler: {queue: drf, backfill: easy, preemption: true, lasThresholdsGpuHours: [2, 20], starvationFactor: 4}
                checkpoint:
                  storageGBps: 50
                  classes:
                    - {minGpus: 1, interval: 30m, sizeGB: 10}
                    - {minGpus: 64, interval: 2h, sizeGB: 1000}
                """);
        assertThat(s.tenancy().tenants()).containsExactly(
                new TenantSpec("lab-a", Map.of("colossus-1", 8L), Long.MAX_VALUE, 2, 5),
                new TenantSpec("lab-b", Map.of(), 64, 1, 0));
        assertThat(s.tenancy().resolve("vc1")).isEqualTo("lab-a");
        assertThat(s.tenancy().resolve("lab-a")).isEqualTo("lab-a");
        assertThat(s.tenancy().resolve("vc99")).isEqualTo("lab-b");
        assertThat(s.scheduler()).isEqualTo(new SchedulerSpec("drf", "easy", true, List.of(2.0, 20.0), 4.0, 600_000L));
        assertThat(s.checkpoint().storageGBps()).isEqualTo(50);
        assertThat(s.checkpoint().classOf(128)).isEqualTo(new CheckpointSpec.JobClass(64, 7_200_000L, 1000));
        assertThat(s.checkpoint().transferMs(8)).isEqualTo(200);
    }

    @Test
    void withoutTenantsTheWorkloadsOwnAreUsed() {
        Scenario s = parse("");
        assertThat(s.tenancy().configured()).isFalse();
        assertThat(s.tenancy().resolve("vc7")).isEqualTo("vc7");
        assertThat(s.scheduler()).isEqualTo(SchedulerSpec.DEFAULT);
        assertThat(s.checkpoint()).isEqualTo(CheckpointSpec.DEFAULT);
    }

    @Test
    void badTenantInputNamesLineAndField() {
        assertThatThrownBy(() -> parse("tenants:\n  - {name: a, reserved: {nowhere: 8}}\n"))
                .hasMessageStartingWith("scenario.yaml:18: tenants[0].reserved.nowhere is not a ground site or constellation (known: colossus-1, shell)");
        assertThatThrownBy(() -> parse("tenants:\n  - {name: a, reserved: {colossus-1: 12}}\n  - {name: b, reserved: {colossus-1: 8}}\n"))
                .hasMessage("scenario.yaml:19: tenants[1].reserved.colossus-1 brings the GPUs reserved at colossus-1 to 20, "
                        + "more than its 16, got 8");
        assertThatThrownBy(() -> parse("tenants:\n  - {name: a}\ntenantOf: {vc1: b}\n"))
                .hasMessageStartingWith("scenario.yaml:19: tenantOf.vc1 maps to 'b', which is not in tenants (a)");
        assertThatThrownBy(() -> parse("defaultTenant: a\n"))
                .hasMessageStartingWith("scenario.yaml:17: defaultTenant needs a 'tenants' list");
        assertThatThrownBy(() -> parse("tenants:\n  - {name: a, weight: 0}\n"))
                .hasMessageStartingWith("scenario.yaml:18: tenants[0].weight must be in (0, 1000000]");
        assertThatThrownBy(() -> parse("scheduler: {queue: lottery}\n"))
                .hasMessageStartingWith("scenario.yaml:17: scheduler.queue must be one of fifo, priority, fairshare, drf, tiresias, srtf");
        assertThatThrownBy(() -> parse("scheduler: {lasThresholdsGpuHours: [5, 2]}\n"))
                .hasMessageStartingWith("scenario.yaml:17: scheduler.lasThresholdsGpuHours[1] must be > 0 and larger");
        assertThatThrownBy(() -> parse("checkpoint: {classes: [{minGpus: 8, interval: 1h, sizeGB: 1}]}\n"))
                .hasMessageStartingWith("scenario.yaml:17: checkpoint.classes[0].minGpus of the first class must be 1");
    }
}
