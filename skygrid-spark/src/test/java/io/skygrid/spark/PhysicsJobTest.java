package io.skygrid.spark;

import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Distributed physics on local[2]: Parquet timelines equal the core's, and a run on them equals a plain run. */
class PhysicsJobTest {
    static SparkSession spark;
    static Scenario scenario;
    static Path scenarioFile;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws URISyntaxException {
        spark = Sessions.create("local[2]", "physics-test");
        scenarioFile = Path.of(PhysicsJobTest.class.getResource("/physics/two-shells.yaml").toURI());
        OrekitSetup.init();
        scenario = ScenarioLoader.load(scenarioFile);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<PhysicsJob.Constellation> constellations() {
        List<PhysicsJob.Constellation> out = new ArrayList<>();
        for (OrbitalConstellation c : scenario.fleet().orbital()) {
            out.add(new PhysicsJob.Constellation(c.name(), c.orbit(),
                    Satellites.load(c.name(), c.orbit(), scenario.epoch(), false).satellites()));
        }
        return out;
    }

    @Test
    void parquetTimelinesEqualTheCoresAndFeedTheSameRun() throws IOException {
        Path dir = tmp.resolve("t");
        List<PhysicsJob.Constellation> cons = constellations();
        PhysicsJob.Outcome o = PhysicsJob.run(spark, cons, scenario.epoch(), scenario.horizonMs(), scenario.fleet().stations(),
                scenario.fleet().minElevationDeg(), 5, dir);
        assertThat(o.satellites()).isEqualTo(30);
        assertThat(o.tasks()).isEqualTo(5 + 2); // 24 in slices of 5, 6 in slices of 5
        assertThat(o.rows()).isPositive();
        assertThat(spark.read().parquet(dir.resolve(PhysicsJob.INTERVALS).toString()).count()).isEqualTo(o.rows());

        ParquetTimelines stored = new ParquetTimelines(spark, dir);
        for (int c = 0; c < cons.size(); c++) {
            OrbitalConstellation oc = scenario.fleet().orbital().get(c);
            List<SatelliteOrbit> sats = cons.get(c).satellites();
            ConstellationTimelines expected = OrbitPhysics.compute(oc.name(), sats, scenario.epoch(), scenario.horizonMs(),
                    scenario.fleet().stations(), scenario.fleet().minElevationDeg(), 1, ProgressListener.NONE);
            ConstellationTimelines got = stored.find(oc, sats, scenario.epoch(), scenario.horizonMs(),
                    scenario.fleet().stations(), scenario.fleet().minElevationDeg());
            assertThat(got).isNotNull();
            assertThat(got.satellites()).isEqualTo(expected.satellites());
            int eclipses = 0;
            for (int s = 0; s < sats.size(); s++) {
                var e = expected.sunlight()[s];
                var g = got.sunlight()[s];
                assertThat(g.changes()).as("changes of satellite %d", s).isEqualTo(e.changes());
                for (int k = 0; k < e.changes(); k++) assertThat(g.changeMs(k)).isEqualTo(e.changeMs(k));
                for (int k = 0; k <= e.changes(); k++) assertThat(g.state(k)).isEqualTo(e.state(k));
                eclipses += e.changes();
                assertThat(got.contacts()[s].aosMs()).isEqualTo(expected.contacts()[s].aosMs());
                assertThat(got.contacts()[s].losMs()).isEqualTo(expected.contacts()[s].losMs());
                assertThat(got.contacts()[s].station()).isEqualTo(expected.contacts()[s].station());
                assertThat(got.contacts()[s].maxElevDeg()).isEqualTo(expected.contacts()[s].maxElevDeg());
            }
            if (c == 0) assertThat(eclipses).as("the 53 deg shell has eclipses in June").isPositive();
            // other inputs: not served
            assertThat(stored.find(oc, sats, scenario.epoch(), scenario.horizonMs() - 1, scenario.fleet().stations(),
                    scenario.fleet().minElevationDeg())).isNull();
            assertThat(stored.find(oc, sats, scenario.epoch(), scenario.horizonMs(), scenario.fleet().stations(), 5.0)).isNull();
        }

        ScenarioRun.Options opts = new ScenarioRun.Options(1, false, false, ProgressListener.NONE);
        double[] plain = RunFigures.of(ScenarioRun.run(scenario, opts));
        double[] fromParquet = RunFigures.of(ScenarioRun.run(scenario, opts, stored));
        assertThat(fromParquet).containsExactly(plain);
    }

    @Test
    void theCommandWritesTimelinesThenSimulatesOnThemAndReusesThem() throws IOException {
        Path dir = tmp.resolve("cmd");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int first;
        int second;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            first = SparkMain.execute("physics", "-s", scenarioFile.toString(), "-o", dir.toString(), "--simulate", "-q");
            second = SparkMain.execute("physics", "-s", scenarioFile.toString(), "-o", dir.toString(), "--simulate", "-q");
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(text).contains("30 satellites in 2 constellations").contains("interval rows")
                .contains("timelines: reused from").contains("walker").contains("jobs:");
        assertThat(dir.resolve("run/summary.json")).exists();
        // the run folder says what produced it, as skygrid run's does
        assertThat(java.nio.file.Files.readString(dir.resolve("run/scenario.yaml")))
                .startsWith("# skygrid-run-scenario 1\n").contains("# source: " + scenarioFile + "\n");
        assertThat(dir.resolve("manifest.json")).exists();
        assertThat(SparkMain.execute("physics", "--bench", "--sizes", "100")).isEqualTo(2);
    }
}
