package io.skygrid.cli.orbit;

import io.skygrid.cli.RunCommandTest;
import io.skygrid.orbit.SunlightTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrbitCommandTest {

    @Test
    void eclipseIsARunOfPenumbraAndUmbraClippedToTheHorizon() {
        // umbra from 0 to 10, sunlit, penumbra 40-41, umbra 41-70, penumbra 70-71, sunlit, penumbra from 95 to the end (100)
        SunlightTimeline tl = new SunlightTimeline(new long[] {10, 40, 41, 70, 71, 95},
                new byte[] {SunlightTimeline.UMBRA, SunlightTimeline.SUNLIT, SunlightTimeline.PENUMBRA,
                        SunlightTimeline.UMBRA, SunlightTimeline.PENUMBRA, SunlightTimeline.SUNLIT,
                        SunlightTimeline.PENUMBRA}, 100);
        EclipsesCommand.Stats s = EclipsesCommand.stats(tl);
        assertThat(s.eclipses()).isEqualTo(3);
        assertThat(s.startMs()).containsExactly(0, 40, 95);
        assertThat(s.endMs()).containsExactly(10, 71, 100);
        assertThat(s.umbra()).containsExactly(10, 29, 0);
        assertThat(s.shadowMs()).isEqualTo(10 + 31 + 5);
        assertThat(s.umbraMs()).isEqualTo(39);
        assertThat(s.longestMs()).isEqualTo(31);
    }

    @Test
    void eclipsesAndPassesOfAScenarioWithCsvs(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        RunCommandTest.Run e = RunCommandTest.run("orbit", "eclipses", "-s", scenario.toString(), "-c", "shell",
                "--out", dir.resolve("e").toString(), "--limit", "3");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("shell: 24 satellites", "... 21 more");
        List<String> perSat = Files.readAllLines(dir.resolve("e/eclipses.csv"));
        assertThat(perSat).hasSize(24 + 1);
        int eclipses = perSat.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[2])).sum();
        // 53 deg, 550 km in late March: every orbit (95.6 min) passes through the shadow; 12 h is 7.5 orbits
        assertThat(eclipses).isBetween(24 * 7, 24 * 9);
        assertThat(Files.readAllLines(dir.resolve("e/eclipse-intervals.csv"))).hasSize(eclipses + 1);

        RunCommandTest.Run p = RunCommandTest.run("orbit", "passes", "-s", scenario.toString(),
                "--out", dir.resolve("p").toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> passes = Files.readAllLines(dir.resolve("p/passes.csv"));
        long shown = 0;
        for (String line : p.out().split("\n")) {
            if (line.matches("^\\S+: [0-9,]+ satellites, [0-9,]+ passes.*")) {
                shown += Long.parseLong(line.split(", ")[1].replace(" passes", "").replace(",", ""));
            }
        }
        assertThat(shown).isPositive().isEqualTo(passes.size() - 1);
        // a pass at 550-650 km above a 10 deg mask lasts at most ~12 min
        assertThat(passes.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[5])).max().orElseThrow())
                .isLessThan(13 * 60);
    }

    @Test
    void betaAngleSeriesAndEclipseSeason(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, RunCommandTest.SMALL);
        RunCommandTest.Run r = RunCommandTest.run("orbit", "beta", "-s", scenario.toString(), "-c", "dawn-dusk",
                "--days", "365", "--out", dir.resolve("b").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("b/beta.csv"));
        assertThat(rows).hasSize(6 * 365 + 1);
        // a dawn-dusk (18:00) SSO at 650 km: |beta| stays above ~58 deg; its eclipse season is around the
        // June solstice; from a 20 March epoch the season starts in May and ends by August
        assertThat(r.out()).containsPattern("dawn-dusk-p00-s00 .* 2026-0[45]-\\d\\d +2026-0[78]-\\d\\d");
        assertThat(rows.stream().skip(1).mapToDouble(l -> Math.abs(Double.parseDouble(l.split(",")[3]))).min().orElseThrow())
                .isBetween(55.0, 62.0);
        assertThat(RunCommandTest.run("orbit", "beta", "--days", "0").code()).isEqualTo(2);
    }

    @Test
    void radiatorSizingMatchesStefanBoltzmannByHand() {
        RunCommandTest.Run r = RunCommandTest.run("orbit", "radiator", "--count", "8", "--bus-w", "2000",
                "--temperature-k", "330", "--altitude-km", "550");
        assertThat(r.code()).as(r.err()).isZero();
        // emitted: 2 faces x 0.8 x 5.670374419e-8 x 330^4 = 1,075.9 W/m^2; the environment adds back about
        // 115 W/m^2 in sunlight (albedo and Earth IR on both faces), so 7,600 W needs about 7.9 m^2
        double emitted = 2 * 0.8 * 5.670374419e-8 * Math.pow(330, 4);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) m\\^2 in sunlight, ([0-9.]+) m\\^2 in eclipse")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double sun = Double.parseDouble(m.group(1));
        double shade = Double.parseDouble(m.group(2));
        assertThat(shade).isGreaterThan(7600 / emitted).isLessThan(sun);
        assertThat(sun).isBetween(7600 / (emitted - 90), 7600 / (emitted - 140));
        RunCommandTest.Run cold = RunCommandTest.run("orbit", "radiator", "--temperature-k", "180");
        assertThat(cold.code()).isEqualTo(2);
        assertThat(cold.err()).startsWith("skygrid: --temperature-k 180: no radiator area suffices");
        assertThat(cold.out()).isEmpty();
    }

    @Test
    void radiatorChecksEveryOptionBeforePrinting() {
        String[][] cases = {
                {"--area-m2", "0.001", "--area-m2 0.001: the panel would settle at 3,025 K in sunlight, above the 1000 K any "
                        + "radiator survives; give at least 0.0"},
                {"--area-m2", "-1", "--area-m2 must be in (0, 1,000,000) m^2, got -1"},
                {"--emissivity", "1.5", "--emissivity must be in (0, 1], got 1.5"},
                {"--absorptivity", "-0.1", "--absorptivity must be in [0, 1], got -0.1"},
                {"--temperature-k", "5000", "--temperature-k must be in (150, 1000) K, got 5000"},
                {"--altitude-km", "60000", "--altitude-km must be in [150, 50,000] km, got 60000"},
                {"--count", "-1", "--count must be >= 0, got -1"},
                {"--bus-w", "-5", "--bus-w must be a finite number >= 0 W, got -5"},
                {"--accelerator", "H1000", "--accelerator: unknown accelerator 'H1000'"}};
        for (String[] c : cases) {
            RunCommandTest.Run r = RunCommandTest.run("orbit", "radiator", c[0], c[1]);
            assertThat(r.code()).as(c[0] + " " + c[1]).isEqualTo(2);
            assertThat(r.out()).as(c[0] + " " + c[1]).isEmpty();
            assertThat(r.err()).as(c[0] + " " + c[1]).startsWith("skygrid: " + c[2]).doesNotContain("areaM2");
        }
        RunCommandTest.Run none = RunCommandTest.run("orbit", "radiator", "--count", "0", "--bus-w", "0");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("skygrid: --count 0 and --bus-w 0 leave no heat to reject");
    }

    @Test
    void unknownConstellationIsAUsageError() {
        RunCommandTest.Run r = RunCommandTest.run("orbit", "eclipses", "-c", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no constellation 'nope'", "starlink-shell-compute");
    }

    @Test
    void directInputsWithoutAScenario(@TempDir Path dir) throws Exception {
        RunCommandTest.Run w = RunCommandTest.run("orbit", "eclipses", "--walker", "53:24/3/1", "--altitude-km", "550",
                "--horizon", "12h", "--out", dir.resolve("w").toString(), "--limit", "2");
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).contains("over 12.0 h (command line)", "walker: 24 satellites");
        assertThat(Files.readAllLines(dir.resolve("w/eclipses.csv"))).hasSize(25);

        // a real TLE file, a few satellites, at the TLEs' epoch
        Path tle = io.skygrid.cli.RealInputsTest.repoRoot().resolve("../shared/data/tle/starlink-2026-02-23.tle").normalize();
        RunCommandTest.Run t = RunCommandTest.run("orbit", "passes", "--tle", tle.toString(), "--max", "3",
                "--epoch", "2026-02-24T00:00:00Z", "--horizon", "6h", "--min-elevation", "25");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("tle: 3 satellites");
    }

    @Test
    void tleWithoutEpochStartsOnTheDayOfItsNewestElementSet() {
        // the snapshot's sets are from 2026-01-31 to 2026-02-23: the built-in 2026-06-01 would be 99 days away
        Path tle = io.skygrid.cli.RealInputsTest.repoRoot().resolve("../shared/data/tle/starlink-2026-02-23.tle").normalize();
        RunCommandTest.Run r = RunCommandTest.run("orbit", "eclipses", "--tle", tle.toString(), "--max", "5", "--horizon", "2h");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Eclipses from 2026-02-23T00:00:00Z over 2.0 h (command line)").contains("tle: 5 satellites");
        // an explicit --epoch still wins (and is checked against the element sets' age)
        RunCommandTest.Run late = RunCommandTest.run("orbit", "eclipses", "--tle", tle.toString(), "--max", "5",
                "--epoch", "2026-06-01T00:00:00Z");
        assertThat(late.code()).isEqualTo(2);
        assertThat(late.err()).contains("days from the scenario epoch");
    }

    @Test
    void badDirectInputsNameTheOption() {
        record Case(String[] args, String message) {
        }
        List<Case> cases = List.of(
                new Case(new String[] {"--walker", "53:24/3/1", "--altitude-km", "100"}, "--altitude-km must be in [150, 50,000] km, got 100"),
                new Case(new String[] {"--walker", "53:24/3/1", "--altitude-km", "60000"}, "--altitude-km must be in [150, 50,000] km, got 60000"),
                new Case(new String[] {"--sso", "81", "--altitude-km", "650", "--formation-radius-m", "1000", "--min-separation-m", "0.001"},
                        "--min-separation-m must be >= 10 m (about one satellite's span), got 0.001"),
                new Case(new String[] {"--walker", "53:24/5/1", "--altitude-km", "550"}, "--walker 53:24/5/1: planes must divide total"),
                new Case(new String[] {"--sso", "12", "--altitude-km", "650", "--ltan", "25:00"}, "--ltan must be HH:MM in [00:00, 23:59], got '25:00'"),
                new Case(new String[] {"--walker", "53:24/3/1"}, "--walker needs --altitude-km"),
                new Case(new String[] {"--max", "3"}, "--max goes with --tle or --omm"),
                new Case(new String[] {"--tle", "a.tle", "--walker", "53:1/1/0"}, "give one input"),
                new Case(new String[] {"--walker", "53:24/3/1", "--altitude-km", "550", "--horizon", "-1h"}, "--horizon: "),
                new Case(new String[] {"--walker", "53:24/3/1", "--altitude-km", "550", "--epoch", "yesterday"}, "--epoch: "),
                new Case(new String[] {"--tle", "/nonexistent/x.tle"}, "--tle: not found: /nonexistent/x.tle"),
                new Case(new String[] {"--walker", "53:24/3/1", "--altitude-km", "550", "-s", "x.yaml", "--horizon", "3h"},
                        "--horizon does not go with --scenario"),
                new Case(new String[] {"--epoch", "2026-01-01T00:00:00Z"}, "--epoch needs one of --tle, --omm, --walker or --sso"));
        for (Case c : cases) {
            String[] args = new String[c.args().length + 2];
            args[0] = "orbit";
            args[1] = "eclipses";
            System.arraycopy(c.args(), 0, args, 2, c.args().length);
            RunCommandTest.Run r = RunCommandTest.run(args);
            assertThat(r.code()).as(String.join(" ", c.args())).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c.args())).startsWith("skygrid: " + c.message()).doesNotContain("Exception");
        }
    }

    @Test
    void deliverPrintsAndWritesEarliestDeliveries(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("links.yaml");
        // one inline station with a 100 Mbit/s downlink and 10 Mbit/s uplink (the built-in ones off), and a relay
        Files.writeString(scenario, RunCommandTest.SMALL.replace("groundStations: {builtIn: true, minElevationDeg: 10}",
                "groundStations:\n  builtIn: false\n  stations:\n    - {name: Wallops, lat: 37.92, lon: -75.48, "
                        + "downlinkBps: 1e8, uplinkBps: 1e7}\n  relay: {bandwidthBps: 1e9, latencyMs: 40}"));
        RunCommandTest.Run r = RunCommandTest.run("orbit", "deliver", "-s", scenario.toString(), "-c", "shell",
                "--volume", "2GB", "--out", dir.resolve("d").toString(), "--limit", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Delivery of 2GB (2,000,000,000 bytes)", "1 ground stations above 10.0 deg",
                "downlink 100 Mbit/s per station", "Relay: always on, 1.00 Gbit/s per satellite, 40 ms latency",
                "shell: 24 satellites", "whole constellation (any satellite)", "... 22 more satellites");
        List<String> rows = Files.readAllLines(dir.resolve("d/delivery.csv"));
        assertThat(rows).hasSize(24 + 1);
        assertThat(rows.get(0)).isEqualTo("constellation,satellite,start_utc,volume_bytes,downlink_done_utc,downlink_h,"
                + "uplink_done_utc,uplink_h,relay_h");
        // 2 GB at 100 Mbit/s is 160 s of contact: one pass if it lasts long enough; relay: 40 ms + 16 s
        double fastest = rows.stream().skip(1).map(l -> l.split(",")[5]).filter(x -> !x.isEmpty())
                .mapToDouble(Double::parseDouble).min().orElseThrow();
        assertThat(fastest).isGreaterThan(160 / 3600.0);
        assertThat(rows.get(1).split(",")[8]).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", 16.04 / 3600));
        String json = Files.readString(dir.resolve("d/delivery.json"));
        assertThat(json).contains("\"volumeBytes\" : 2.0E9", "\"constellation\" : \"shell\"", "\"latencyMs\" : 40.0");

        assertThat(RunCommandTest.run("orbit", "deliver", "-s", scenario.toString(), "--volume", "-1GB").code()).isEqualTo(2);
        RunCommandTest.Run bad = RunCommandTest.run("orbit", "deliver", "-s", scenario.toString(), "--volume", "2 XB");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--volume unit must be one of").doesNotContain("Exception");
        assertThat(RunCommandTest.run("orbit", "deliver", "-s", scenario.toString(), "--volume", "1GB", "--start", "13h")
                .err()).contains("--start must fall within the scenario's horizon");
    }

    @Test
    void volumesAndStartsParse() {
        assertThat(DeliverCommand.parseBytes("2TB")).isEqualTo(2e12);
        assertThat(DeliverCommand.parseBytes("1.5 GiB")).isEqualTo(1.5 * 1024 * 1024 * 1024);
        assertThat(DeliverCommand.parseBytes("1e9")).isEqualTo(1e9);
        java.time.Instant epoch = java.time.Instant.parse("2026-03-20T00:00:00Z");
        assertThat(DeliverCommand.parseStart("90m", epoch, 86_400_000L)).isEqualTo(5_400_000L);
        assertThat(DeliverCommand.parseStart("2026-03-20T06:00:00Z", epoch, 86_400_000L)).isEqualTo(21_600_000L);
    }
}
