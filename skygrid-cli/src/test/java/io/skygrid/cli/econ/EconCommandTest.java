package io.skygrid.cli.econ;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skygrid.cli.RunCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.skygrid.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class EconCommandTest {

    @Test
    void nameplateComparisonPrintsAssumptionsWithSources() {
        RunCommandTest.Run r = run("econ");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("nameplate mode: 80% of installed GPU-hours assumed delivered")
                .contains("colossus-1", "starlink-shell-compute", "dawn-dusk-cluster")
                .contains("cost per delivered GPU-hour: ground $")
                .contains("Project Suncatcher", "Starship Users Guide", "Cushman & Wakefield", "DGX H100 datasheet");
        // every assumption line ends with a source
        String assumptions = r.out().substring(r.out().indexOf("assumptions (value, unit, source):"));
        assertThat(assumptions.lines().skip(1)).allSatisfy(l -> assertThat(l.strip()).matches(".*\\S+\\s{1,}\\S.*"));
    }

    @Test
    void jsonMatchesTheModelAndUtilisationOverrideScales(@TempDir Path dir) throws Exception {
        JsonNode a = new ObjectMapper().readTree(run("econ", "--json").out());
        JsonNode b = new ObjectMapper().readTree(run("econ", "--json", "--utilisation", "0.4").out());
        assertThat(a.get("mode").asText()).isEqualTo("nameplate");
        assertThat(a.get("utilisationAssumed").asDouble()).isEqualTo(0.8);
        JsonNode shellA = a.get("pools").get(1);
        JsonNode shellB = b.get("pools").get(1);
        // the orbit's yearly cost does not depend on utilisation, so halving it doubles the cost per GPU-hour
        assertThat(shellB.get("usdPerGpuHour").asDouble()).isCloseTo(2 * shellA.get("usdPerGpuHour").asDouble(),
                withinPercentage(0.01));
        // launched-power cost per kW-year = mass x $/kg / (kW x life)
        double expected = shellA.get("satelliteMass").get("totalKg").asDouble() * a.get("launchUsdPerKg").asDouble()
                / (shellA.get("satelliteMass").get("powerW").asDouble() / 1000 * 5);
        assertThat(shellA.get("launchedPowerUsdPerKwYear").asDouble()).isCloseTo(expected, withinPercentage(0.1));
        assertThat(a.get("assumptions").size()).isGreaterThan(30);
    }

    @Test
    void runOutputsAreCostedFromDeliveredGpuHours(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        assertThat(run("run", "-s", scenario.toString(), "-o", dir.resolve("out").toString(), "-q").code()).isZero();
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        JsonNode costs = summary.get("costs");
        assertThat(costs.get("mode").asText()).isEqualTo("simulated");
        JsonNode site = costs.get("pools").get(0);
        double delivered = summary.get("pools").get(0).get("gpuHoursDelivered").asDouble();
        double perYear = delivered * 8766 / summary.get("scenario").get("horizonHours").asDouble();
        assertThat(site.get("deliveredGpuHoursPerYear").asDouble()).isCloseTo(perYear, withinPercentage(0.01));
        assertThat(site.get("usdPerGpuHour").asDouble()).isCloseTo(site.get("annualUsd").asDouble() / perYear,
                withinPercentage(0.01));

        RunCommandTest.Run r = run("econ", "--run", dir.resolve("out").toString(), "-s", scenario.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode fromRun = new ObjectMapper().readTree(r.out());
        assertThat(fromRun.get("mode").asText()).isEqualTo("simulated");
        assertThat(fromRun.get("groundUsdPerGpuHour").asDouble()).isEqualTo(costs.get("groundUsdPerGpuHour").asDouble());
        // summary.json names the scenario file, so --scenario may be left out
        RunCommandTest.Run text = run("econ", "--run", dir.resolve("out").toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("simulated mode", "site-a");
        // a run of another scenario is refused
        RunCommandTest.Run other = run("econ", "--run", dir.resolve("out").toString(), "--scenario", "../examples/default.yaml");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("summary.json: pools are [site-a, shell, dawn-dusk] but the scenario has");
        // the same names with another fleet are refused too, naming the pool
        String[][] edits = {
                {"gpus: 512", "gpus: 1024", "summary.json: pools[0].gpus of site-a is 512 in the run but 1024 in the scenario"},
                {"total: 24, planes: 4", "total: 48, planes: 4",
                        "summary.json: pools[1].satellites of shell is 24 in the run but 48 in the scenario"},
                {"count: 8,", "count: 4,", "summary.json: pools[1].gpus of shell is 192 in the run but 96 in the scenario"},
                {"orbit:\n  - name: shell\n    walker: {inclinationDeg: 53, altitudeKm: 550, total: 24, planes: 4, phasing: 1}\n"
                        + "    payload: {accelerator: H100-SXM, count: 8, solarArrayM2: 40, cellEfficiency: 0.30,\n"
                        + "              batteryWh: 4000, busPowerW: 2000}\n",
                        "  - name: shell\n    location: {lat: 35.06, lon: -90.03}\n    accelerator: H100-SXM\n    gpus: 192\n"
                                + "    powerCapW: 2e6\n    electricityUsdPerKWh: 0.06\norbit:\n",
                        "summary.json: pools[1].kind of shell is 'orbit' in the run but ground in the scenario"}};
        for (String[] e : edits) {
            assertThat(RunCommandTest.SMALL).contains(e[0]);
            Path edited = Files.writeString(dir.resolve("edited.yaml"), RunCommandTest.SMALL.replace(e[0], e[1]));
            RunCommandTest.Run mismatch = run("econ", "--run", dir.resolve("out").toString(), "-s", edited.toString());
            assertThat(mismatch.code()).as(mismatch.err()).isEqualTo(2);
            assertThat(mismatch.err()).contains(e[2] + "; give the scenario that ran with --scenario").doesNotContain("Exception");
        }
    }

    @Test
    void sweepPrintsATableAndWritesAnSvgChart(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("sweep.svg");
        RunCommandTest.Run r = run("econ", "--sweep", "launchUsdPerKg=100:3600:8", "--sweep", "gpuPriceUsd=20000:30000:2",
                "--chart", svg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+"))).hasSize(16);
        String chart = Files.readString(svg);
        assertThat(chart).startsWith("<svg").contains("launchUsdPerKg");
        assertThat(chart.split("class=\"orbit\"", -1)).hasSize(3);
        assertThat(chart.split("class=\"ground\"", -1)).hasSize(3);
        // orbit cost rises linearly with the launch price: equal steps between equally spaced prices
        JsonNode j = new ObjectMapper().readTree(run("econ", "--json", "--sweep", "launchUsdPerKg=100:3600:8",
                "--chart", dir.resolve("j.svg").toString()).out());
        JsonNode pts = j.get("points");
        double step = pts.get(1).get("orbitUsdPerGpuHour").asDouble() - pts.get(0).get("orbitUsdPerGpuHour").asDouble();
        assertThat(step).isPositive();
        assertThat(pts.get(7).get("orbitUsdPerGpuHour").asDouble() - pts.get(6).get("orbitUsdPerGpuHour").asDouble())
                .isCloseTo(step, withinPercentage(0.001));
        assertThat(pts.get(7).get("groundUsdPerGpuHour").asDouble()).isEqualTo(pts.get(0).get("groundUsdPerGpuHour").asDouble());
    }

    @Test
    void badInputIsAClearErrorNamingTheField(@TempDir Path dir) throws Exception {
        RunCommandTest.Run r = run("econ", "--sweep", "launchUsdPerKg=-5:100:3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--sweep launchUsdPerKg=-5:100:3: from and to must be >= 0");
        assertThat(run("econ", "--sweep", "foo=1:2:3").err()).contains("parameter must be one of launchUsdPerKg");
        assertThat(run("econ", "--utilisation", "0").err()).contains("--utilisation must be in (0, 1]");
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL + "economics:\n  orbit: {lifeYears: 0}\n");
        RunCommandTest.Run bad = run("econ", "-s", scenario.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.yaml:28: economics.orbit.lifeYears must be > 0, got 0").doesNotContain("Exception");
        assertThat(run("econ", "--run", dir.resolve("nothing").toString()).err()).contains("summary.json: not found");
        RunCommandTest.Run folder = run("econ", "--sweep", "launchUsdPerKg=100:3600:2", "--chart", dir.toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err().strip()).isEqualTo("skygrid: --chart: " + dir + " is a folder; give a file name, e.g. "
                + dir.resolve("econ-sweep.svg"));
    }
}
