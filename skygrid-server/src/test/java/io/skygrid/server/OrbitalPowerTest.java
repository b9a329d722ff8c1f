package io.skygrid.server;

import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live twin's orbital power: satellites whose small batteries cannot carry their accelerators
 * through an eclipse switch off, their gangs pause (no compute progress) and resume in sunlight;
 * physics windows are extended as simulated time passes.
 */
class OrbitalPowerTest {
    static final String OP = "sg_power-test-operator-token-0123456789abcdefghijk";
    @TempDir
    Path dir;
    SkygridServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void gangsPauseInEclipseWhenBatteriesRunDownAndResumeInSunlight() throws Exception {
        Scenario sc = ScenarioLoader.parse("""
                name: power-test
                epoch: 2026-06-01T00:00:00Z
                horizon: 1d
                seed: 1
                orbit:
                  - name: shell
                    walker: {inclinationDeg: 53, altitudeKm: 550, total: 6, planes: 2, phasing: 0}
                    payload: {accelerator: H100-SXM, count: 4, solarArrayM2: 40, cellEfficiency: 0.30, batteryWh: 1000, busPowerW: 2000}
                groundStations: {builtIn: true, minElevationDeg: 10}
                workload:
                  generator: {offeredLoad: 1.0, tenants: [a]}
                """, "power-test.yaml", null);
        SimClock.Manual clock = new SimClock.Manual(0);
        server = SkygridServer.start(TestDb.h2(dir).config(dir, OP, Map.of("lookahead.hours", "1")), sc, clock, null);
        ControlPlane cp = server.controlPlane();
        ControlPlane.NewTenant t = cp.createTenant("a", 24, 100, 100);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(cp.submit(t.tenant(), new ControlPlane.JobRequest("sat-" + i, "training", 4, 10 * 3_600_000L, 0, 0, 600_000, 0, 0, "shell"),
                    null).job().id());
        }
        ControlPlane.Principal who = new ControlPlane.Principal("tenant", t.tenant());
        assertThat(cp.get(who, ids.get(0)).state()).isEqualTo("RUNNING");
        boolean sawPaused = false;
        boolean sawUmbra = false;
        long pausedMs = 0;
        int step = 60_000;
        for (long tMs = step; tMs <= 3 * 3_600_000L; tMs += step) {
            clock.set(tMs);
            cp.tick();
            cp.checkInvariants();
            for (LiveFleet.SatPoint p : cp.fleet().satellitePoints(tMs, 100)) {
                if (p.sunlight() == SunlightTimeline.UMBRA) sawUmbra = true;
            }
            for (long id : ids) {
                if (cp.get(who, id).paused()) {
                    sawPaused = true;
                    pausedMs += step;
                }
            }
        }
        assertThat(sawUmbra).as("a satellite entered the umbra").isTrue();
        assertThat(sawPaused).as("a gang paused for lack of power").isTrue();
        // compute done = time elapsed minus time paused, summed over the jobs (to one step per pause edge)
        double done = 0;
        for (long id : ids) {
            ControlPlane.JobView v = cp.get(who, id);
            assertThat(v.state()).isEqualTo("RUNNING");
            done += v.doneS() * 1000;
        }
        double expected = 6 * 3 * 3_600_000.0 - pausedMs;
        assertThat(done).isCloseTo(expected, org.assertj.core.data.Offset.offset(6 * 6.0 * step));
        // physics windows were computed ahead for the three simulated hours (1 h windows)
        assertThat(cp.fleet().windowReady(3 * 3_600_000L - 1)).isTrue();
        assertThat(cp.counters().pools().get(0).nodesUnpowered() + cp.counters().pools().get(0).nodesUp()).isEqualTo(6);
    }
}
