package io.skygrid.sim;

import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenants end to end through ScenarioRun (ground only, no physics). */
class TenantRunTest {
    static final String SCENARIO = """
            name: t
            epoch: 2026-06-01T00:00:00Z
            horizon: 6h
            ground:
              - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 256, powerCapW: 1e7,
                 electricityUsdPerKWh: 0.06}
            workload:
              generator: {offeredLoad: 3, tenants: [vc1, vc2, vc3]}
            scheduler: {queue: drf, backfill: easy, preemption: true}
            tenants:
              - {name: lab-a, reserved: {g: 128}, weight: 2}
              - {name: lab-b, borrowLimitGpus: 64}
            tenantOf: {vc1: lab-a, vc2: lab-b}
            """;

    static ScenarioRun.Outcome run(String yaml) {
        Scenario s = ScenarioLoader.parse(yaml, "t.yaml", Path.of("."));
        return ScenarioRun.run(s, new ScenarioRun.Options(1, false, true, ProgressListener.NONE));
    }

    @Test
    void aJobWhoseTenantMapsNowhereStopsTheRunNamingIt() {
        assertThatThrownBy(() -> run(SCENARIO)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.yaml: job generator#").hasMessageContaining("has tenant 'vc3'");
    }

    @Test
    void defaultTenantTakesTheRestAndQuotasHold() {
        ScenarioRun.Outcome o = run(SCENARIO + "defaultTenant: lab-b\n");
        SimulationResult r = o.result();
        assertThat(r.scheduling().tenants()).containsExactly("lab-a", "lab-b");
        int vc3 = -1;
        for (int j = 0; j < r.jobs().size() && vc3 < 0; j++) {
            if (r.jobs().get(j).tenant().equals("vc3")) vc3 = j;
        }
        assertThat(r.tenant(vc3)).isEqualTo("lab-b");
        // lab-b may never hold more than its 64 borrowed GPUs: its share of 256 x 6 h is at most 25 %
        double total = r.pools().get(0).capacityGpus() * 6.0;
        assertThat(r.scheduling().tenantGpuHours()[1]).isLessThanOrEqualTo(0.25 * total + 1e-6);
        assertThat(r.scheduling().tenantGpuHours()[0] + r.scheduling().tenantGpuHours()[1])
                .isCloseTo(r.pools().get(0).gpuHoursDelivered(), org.assertj.core.data.Offset.offset(1e-6));
    }
}
