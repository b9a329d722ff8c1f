package io.skygrid.server;

import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.Simulation;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live server schedules as {@code skygrid run} does: the same small workload, submitted over the API
 * under a queue policy, starts its jobs at the same simulated instants, in the same order, as core's
 * {@link Simulation} gives under that policy (scenario tenants, weights and priority classes included).
 */
class PolicyParityTest {
    static final long H = 3_600_000L;
    static final String OP = ApiContract.OP;

    @TempDir
    Path dir;

    /**
     * tenant, GPUs, hours; lab-c's gang fills the site at t = 0, the others are submitted at t = 1 ms in this
     * order (a live server sees arrivals one at a time; the simulation batches same-instant arrivals).
     */
    static final Object[][] WORKLOAD = {
            {"lab-c", 16, 1}, {"lab-a", 8, 1}, {"lab-a", 8, 1}, {"lab-a", 8, 2}, {"lab-a", 8, 1},
            {"lab-b", 8, 1}, {"lab-b", 8, 3}, {"lab-a", 8, 1}, {"lab-b", 8, 1},
    };

    static Scenario scenario(String queue) {
        String yaml = """
                name: parity
                epoch: 2026-06-01T00:00:00Z
                horizon: 2d
                seed: 1
                ground:
                  - name: site-a
                    location: {lat: 35.06, lon: -90.03}
                    accelerator: H100-SXM
                    gpus: 16
                    gpusPerNode: 8
                    powerCapW: 1e6
                    pue: 1.2
                    electricityUsdPerKWh: 0.06
                workload:
                  generator: {offeredLoad: 1.0, tenants: [lab-a]}
                tenants: [{name: lab-a, weight: 1}, {name: lab-b, weight: 2, priority: 5}, {name: lab-c}]
                scheduler: {queue: %s, backfill: easy}
                output: out/parity
                """.formatted(queue);
        return ScenarioLoader.parse(yaml, "parity.yaml", null);
    }

    /** @return start instants (ms since the epoch) per job, from core's simulation */
    static long[] core(Scenario sc) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < WORKLOAD.length; i++) {
            jobs.add(new Job(i, (String) WORKLOAD[i][0], (int) WORKLOAD[i][1], i == 0 ? 0 : 1, (int) WORKLOAD[i][2] * H, "parity#" + i));
        }
        Simulation sim = new Simulation(sc.fleet().ground(), List.of(), List.of(), jobs,
                new Simulation.Config(sc.horizon().toMillis(), H, sc.scheduler(), true, 1.0, sc.tenancy(), sc.checkpoint()));
        SimulationResult r = sim.run(ProgressListener.NONE);
        long[] start = new long[jobs.size()];
        for (int j = 0; j < jobs.size(); j++) start[r.jobs().get(j).id()] = r.startMs(j);
        return start;
    }

    @org.junit.jupiter.api.Test
    void thePoliciesOrderThisWorkloadDifferently() {
        long[] fifo = core(scenario("fifo"));
        // FIFO: lab-a's four queued jobs, then lab-b's; DRF interleaves (lab-b, weight 2, first on ties of share)
        assertThat(fifo[5]).isGreaterThan(fifo[4]);
        long[] drf = core(scenario("drf"));
        assertThat(drf[5]).isLessThan(drf[2]);
        assertThat(core(scenario("priority"))[5]).isEqualTo(H);
    }

    @org.junit.jupiter.api.Test
    void tiresiasDemotesARequeuedJobAndItsStarvationGuardPromotesIt() throws Exception {
        Scenario sc = scenario("tiresias");
        TestDb db = TestDb.h2(dir);
        SimClock.Manual clock = new SimClock.Manual(0);
        try (db; SkygridServer server = SkygridServer.start(db.config(dir, OP, Map.of()), sc, clock, db.schema)) {
            Http http = new Http(server.port());
            String a = http.post("/api/v1/admin/tenants/lab-a/tokens", OP, "{}").json().path("token").asText();
            String b = http.post("/api/v1/admin/tenants/lab-b/tokens", OP, "{}").json().path("token").asText();
            long ja = http.post("/api/v1/jobs", a, "{\"gpus\":16,\"durationS\":14400}").json().path("id").asLong();
            clock.advance(H);
            server.controlPlane().tick();
            // a node fault sends A back after 1 h on 16 GPUs: 16 GPU-h attained, Tiresias' third queue (>= 10 GPU-h)
            assertThat(http.post("/api/v1/admin/pools/site-a/nodes/0/down", OP, null).json().path("jobsRequeued").asInt()).isEqualTo(1);
            long jb = http.post("/api/v1/jobs", b, "{\"gpus\":16,\"durationS\":43200}").json().path("id").asLong();
            http.post("/api/v1/admin/pools/site-a/nodes/0/up", OP, null);
            assertThat(state(http, b, jb)).as("B, in the first queue, goes before the demoted A").isEqualTo("RUNNING");
            clock.advance(H);
            server.controlPlane().tick();
            long jc = http.post("/api/v1/jobs", b, "{\"gpus\":16,\"durationS\":3600}").json().path("id").asLong();
            // A waited 10 x its 1 h of service by t = 11 h: promoted to the first queue, where it is ahead of C
            for (int h = 2; h < 13; h++) {
                clock.advance(H);
                server.controlPlane().tick();
            }
            assertThat(state(http, b, jb)).isEqualTo("SUCCEEDED");
            assertThat(state(http, a, ja)).isEqualTo("RUNNING");
            assertThat(state(http, b, jc)).isEqualTo("QUEUED");
            server.controlPlane().checkInvariants();
        }
    }

    static String state(Http http, String token, long id) {
        return http.get("/api/v1/jobs/" + id, token).json().path("state").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "drf", "priority", "fairshare", "tiresias", "srtf"})
    void theApiGivesTheCorePolicysOrder(String queue) throws Exception {
        Scenario sc = scenario(queue);
        long[] expected = core(sc);
        TestDb db = TestDb.h2(dir);
        SimClock.Manual clock = new SimClock.Manual(0);
        try (db; SkygridServer server = SkygridServer.start(db.config(dir, OP, Map.of()), sc, clock, db.schema)) {
            Http http = new Http(server.port());
            Map<String, String> tokens = new java.util.HashMap<>();
            for (String t : List.of("lab-a", "lab-b", "lab-c")) {
                Http.Res r = http.post("/api/v1/admin/tenants/" + t + "/tokens", OP, "{}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                tokens.put(t, r.json().path("token").asText());
            }
            long[] ids = new long[WORKLOAD.length];
            for (int i = 0; i < WORKLOAD.length; i++) {
                if (i == 1) {
                    clock.advance(1);
                    server.controlPlane().tick();
                }
                Http.Res r = http.post("/api/v1/jobs", tokens.get((String) WORKLOAD[i][0]),
                        "{\"gpus\":" + WORKLOAD[i][1] + ",\"durationS\":" + ((int) WORKLOAD[i][2] * 3600) + "}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids[i] = r.json().path("id").asLong();
            }
            clock.advance(H - 1);
            server.controlPlane().tick();
            for (int h = 0; h < 12; h++) {
                clock.advance(H);
                server.controlPlane().tick();
                server.controlPlane().checkInvariants();
            }
            long[] actual = new long[WORKLOAD.length];
            for (int i = 0; i < WORKLOAD.length; i++) {
                Http.Res r = http.get("/api/v1/admin/jobs?tenant=" + WORKLOAD[i][0] + "&limit=500", OP);
                for (var j : r.json().path("items")) {
                    if (j.path("id").asLong() == ids[i]) {
                        actual[i] = Instant.parse(j.path("startedAt").asText()).toEpochMilli() - sc.epoch().toEpochMilli();
                    }
                }
            }
            assertThat(actual).as(queue + ": start instants (ms) per job, server vs core").containsExactly(expected);
            assertThat(http.get("/api/v1/admin/fleet", OP).json().path("policy").asText()).isEqualTo(queue);
        }
    }
}
