package io.skygrid.scenario;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each bad input yields one exact {@code file:line: field problem} message. */
class BadInputTest {

    /** A valid scenario; line numbers matter to the expected messages below. */
    static final String BASE = """
            name: t
            epoch: 2026-06-01T00:00:00Z
            horizon: 3d
            ground:
              - name: colossus-1
                location: {lat: 35.06, lon: -90.03}
                accelerator: H100-SXM
                gpus: 16
                powerCapW: 1e6
                electricityUsdPerKWh: 0.06
            orbit:
              - name: shell
                walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}
                payload: {accelerator: H100-SXM, count: 8, solarArrayM2: 40, cellEfficiency: 0.3, batteryWh: 4000, busPowerW: 2000}
            workload:
              generator: {offeredLoad: 0.9}
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void inputFiles() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "timestamp,duration,num_gpus,gpu_time,cluster\n");
        Files.writeString(dir.resolve("empty.json"), "{\"type\": \"FeatureCollection\", \"features\": []}\n");
        String feature = "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]}, "
                + "\"properties\": {\"name\": \"A\"}}";
        Files.writeString(dir.resolve("twice.json"), "{\"type\": \"FeatureCollection\", \"features\": [\n"
                + feature + ",\n" + feature + "]}\n");
    }

    record Case(String what, String from, String to, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("negative gpus", "gpus: 16", "gpus: -8",
                        "scenario.yaml:8: ground[0].gpus must be > 0, got -8"),
                new Case("unknown key", "    gpus: 16", "    gpu: 16",
                        "scenario.yaml:8: ground[0].gpu is not a known field (known: name, location, accelerator, gpus, "
                                + "gpusPerNode, powerCapW, pue, electricityUsdPerKWh, hostPowerPerNodeW)"),
                new Case("unknown accelerator", "    accelerator: H100-SXM", "    accelerator: H1000",
                        "scenario.yaml:7: ground[0].accelerator 'H1000' is not in the accelerator catalogue (known: "
                                + "H100-SXM, H100-PCIe, H200-SXM, A100-SXM-80GB, B200, GB200, GB300, TPU-v6e)"),
                new Case("gpusPerNode above one NVLink domain", "    gpus: 16", "    gpus: 2048\n    gpusPerNode: 2048",
                        "scenario.yaml:9: ground[0].gpusPerNode must be <= 1,024 (one NVLink domain per node; "
                                + "GB200/GB300 NVL72: 72), got 2048"),
                new Case("satellite with more accelerators than a node holds", "count: 8,", "count: 1025,",
                        "scenario.yaml:14: orbit[0].payload.count must be <= 1,024 (accelerators of one satellite), got 1025"),
                new Case("latitude 91", "lat: 35.06", "lat: 91",
                        "scenario.yaml:6: ground[0].location.lat must be in [-90, 90], got 91"),
                new Case("missing epoch", "epoch: 2026-06-01T00:00:00Z\n", "",
                        "scenario.yaml:1: epoch is required"),
                new Case("missing gpus names the enclosing object", "    gpus: 16\n", "",
                        "scenario.yaml:5: ground[0].gpus is required"),
                new Case("both walker and tle", "    payload:", "    tle: {file: x.tle}\n    payload:",
                        "scenario.yaml:14: orbit[0] must have exactly one of walker, sunSynchronous, tle or omm, got walker and tle"),
                new Case("bad horizon", "horizon: 3d", "horizon: 3x",
                        "scenario.yaml:3: horizon must be <number><unit> with unit s, m, h or d (e.g. 90m, 36h, 7d) "
                                + "or an ISO-8601 duration (e.g. PT36H), got '3x'"),
                new Case("horizon over a year", "horizon: 3d", "horizon: 400d",
                        "scenario.yaml:3: horizon must be at most 366d, got 400d"),
                new Case("YAML syntax error", "    location: {lat: 35.06, lon: -90.03}", "    location: {lat: 35.06, lon: -90.03",
                        "scenario.yaml:6: syntax error: while parsing a flow mapping: expected ',' or '}', but got :"),
                new Case("duplicate key", "    gpus: 16", "    gpus: 16\n    gpus: 32",
                        "scenario.yaml:9: duplicate key 'gpus' (first at line 8)"),
                new Case("missing TLE file", "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "tle: {file: missing.tle}",
                        "scenario.yaml:13: orbit[0].tle.file not found: %DIR%/missing.tle"),
                new Case("walker planes do not divide total", "planes: 72", "planes: 71",
                        "scenario.yaml:13: orbit[0].walker.planes must divide total (1584), got 71"),
                new Case("walker notation 1584/71/1",
                        "{inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "{notation: \"53:1584/71/1\", altitudeKm: 550}",
                        "scenario.yaml:13: orbit[0].walker.notation '53:1584/71/1': total 1584 is not a multiple of planes 71"),
                new Case("duplicate names", "  - name: shell", "  - name: colossus-1",
                        "scenario.yaml:12: orbit[0].name 'colossus-1' is already used by ground[0] (line 5); names "
                                + "must be unique across ground sites and constellations"),
                new Case("wrong type", "powerCapW: 1e6", "powerCapW: abc",
                        "scenario.yaml:9: ground[0].powerCapW must be a number, got 'abc'"),
                new Case("fractional count", "gpus: 16", "gpus: 1.5",
                        "scenario.yaml:8: ground[0].gpus must be a whole number, got 1.5"),
                new Case("gpus not a multiple of gpusPerNode", "gpus: 16", "gpus: 12",
                        "scenario.yaml:8: ground[0].gpus must be a multiple of gpusPerNode (8), got 12"),
                new Case("pue below 1", "    gpus: 16", "    gpus: 16\n    pue: 0.9",
                        "scenario.yaml:9: ground[0].pue must be >= 1, got 0.9"),
                new Case("altitude too low", "altitudeKm: 550", "altitudeKm: 100",
                        "scenario.yaml:13: orbit[0].walker.altitudeKm must be >= 150 km, got 100"),
                new Case("phasing out of range", "phasing: 1}", "phasing: 72}",
                        "scenario.yaml:13: orbit[0].walker.phasing must be in [0, planes) = [0, 72), got 72"),
                new Case("cell efficiency above 1", "cellEfficiency: 0.3", "cellEfficiency: 1.3",
                        "scenario.yaml:14: orbit[0].payload.cellEfficiency must be in (0, 1], got 1.3"),
                new Case("no orbit kind", "    walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}\n", "",
                        "scenario.yaml:12: orbit[0] needs one of walker, sunSynchronous, tle or omm"),
                new Case("bad ltan", "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "sunSynchronous: {altitudeKm: 650, ltan: \"25:00\", satellites: 81}",
                        "scenario.yaml:13: orbit[0].sunSynchronous.ltan must be a local time \"HH:MM\" in [00:00, 24:00) "
                                + "(quote it) or hours in [0, 24), got '25:00'"),
                new Case("sun-synchronous too high", "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "sunSynchronous: {altitudeKm: 8000, ltan: \"18:00\", satellites: 81}",
                        "scenario.yaml:13: orbit[0].sunSynchronous.altitudeKm is too high for a sun-synchronous orbit "
                                + "(J2 cannot turn the plane once a year above about 5970 km), got 8000"),
                new Case("both trace and generator", "  generator: {offeredLoad: 0.9}",
                        "  generator: {offeredLoad: 0.9}\n  trace: {file: t.csv, format: philly}",
                        "scenario.yaml:17: workload must have exactly one of trace or generator, got both"),
                new Case("offered load out of range", "offeredLoad: 0.9", "offeredLoad: 0",
                        "scenario.yaml:16: workload.generator.offeredLoad must be in (0, 10], got 0"),
                new Case("unknown backfill", "  generator: {offeredLoad: 0.9}\n",
                        "  generator: {offeredLoad: 0.9}\nscheduler: {queue: fifo, backfill: conservative}\n",
                        "scenario.yaml:17: scheduler.backfill must be one of easy, none, got 'conservative'"),
                new Case("min elevation out of range", "workload:", "groundStations: {minElevationDeg: 90}\nworkload:",
                        "scenario.yaml:15: groundStations.minElevationDeg must be in [0, 90), got 90"),
                new Case("no station at all", "workload:", "groundStations: {builtIn: false}\nworkload:",
                        "scenario.yaml:15: groundStations gives no ground station (builtIn is false and no file or list with "
                                + "stations is given)"),
                new Case("missing workload", "workload:\n  generator: {offeredLoad: 0.9}\n", "",
                        "scenario.yaml:1: workload is required to simulate the fleet: add a section such as "
                                + "'workload: {generator: {offeredLoad: 0.7}}' (generated jobs at 70 % of the fleet's GPUs) "
                                + "or 'workload: {trace: {file: jobs.csv, format: philly}}'; the 'skygrid orbit' commands "
                                + "read a scenario without one"),
                new Case("list where a mapping belongs", "location: {lat: 35.06, lon: -90.03}", "location: [35.06, -90.03]",
                        "scenario.yaml:6: ground[0].location must be a mapping (key: value), got a list"),
                new Case("unknown top-level key", "horizon: 3d", "horizon: 3d\nhorizn: 4d",
                        "scenario.yaml:4: horizn is not a known field (known: name, epoch, horizon, seed, ground, orbit, "
                                + "groundStations, workload, scheduler, output, economics, failures, tenants, tenantOf, defaultTenant, checkpoint)"),
                new Case("bad epoch", "epoch: 2026-06-01T00:00:00Z", "epoch: 2026-06-01",
                        "scenario.yaml:2: epoch must be an ISO-8601 instant such as 2026-06-01T00:00:00Z, got '2026-06-01'"),
                new Case("horizon below 1 s", "horizon: 3d", "horizon: PT0.0001S",
                        "scenario.yaml:3: horizon must be at least 1 s, got PT0.0001S"),
                new Case("horizon 0.5 s", "horizon: 3d", "horizon: 0.5s",
                        "scenario.yaml:3: horizon must be at least 1 s, got 0.5s"),
                new Case("YAML anchor", "    accelerator: H100-SXM\n", "    accelerator: &g H100-SXM\n",
                        "scenario.yaml:7: YAML anchors and aliases are not supported (found anchor &g)"),
                new Case("YAML alias", "{accelerator: H100-SXM, count: 8", "{accelerator: *g, count: 8",
                        "scenario.yaml:14: YAML anchors and aliases are not supported (found alias *g)"),
                new Case("anchor on a mapping", "workload:\n", "workload: &w\n",
                        "scenario.yaml:15: YAML anchors and aliases are not supported (found anchor &w)"),
                new Case("octal-looking integer", "gpus: 16", "gpus: 0100",
                        "scenario.yaml:8: ground[0].gpus must be a decimal number without leading zeros, got '0100'"),
                new Case("hexadecimal number", "powerCapW: 1e6", "powerCapW: 0x10",
                        "scenario.yaml:9: ground[0].powerCapW must be a decimal number without leading zeros, got '0x10'"),
                new Case("leading zero before a decimal point", "cellEfficiency: 0.3", "cellEfficiency: 00.3",
                        "scenario.yaml:14: orbit[0].payload.cellEfficiency must be a decimal number without leading zeros, got '00.3'"),
                new Case("complex key", "horizon: 3d", "horizon: 3d\n[a, b]: 1",
                        "scenario.yaml:4: keys must be plain names, got a list"),
                new Case("explicit mapping key", "horizon: 3d", "horizon: 3d\n? {a: 1}\n: 1",
                        "scenario.yaml:4: keys must be plain names, got a mapping"),
                new Case("missing colon", "    powerCapW: 1e6", "    powerCapW 1e6",
                        "scenario.yaml:9: syntax error: while scanning a simple key: could not find expected ':'"),
                new Case("unclosed quote on line 1", "name: t", "name: \"t",
                        "scenario.yaml:1: syntax error: while scanning a quoted scalar: found unexpected end of stream"),
                new Case("trace scale too large", "  generator: {offeredLoad: 0.9}", "  trace: {file: t.csv, format: philly, scale: 20000}",
                        "scenario.yaml:16: workload.trace.scale must be in [1, 10,000], got 20000"),
                new Case("arrival speedup too small", "  generator: {offeredLoad: 0.9}",
                        "  trace: {file: t.csv, format: philly, arrivalSpeedup: 0.0001}",
                        "scenario.yaml:16: workload.trace.arrivalSpeedup must be in [0.001, 100,000], got 0.0001"),
                new Case("arrival speedup too large", "  generator: {offeredLoad: 0.9}",
                        "  trace: {file: t.csv, format: philly, arrivalSpeedup: 1e6}",
                        "scenario.yaml:16: workload.trace.arrivalSpeedup must be in [0.001, 100,000], got 1e6"),
                new Case("negative start offset", "  generator: {offeredLoad: 0.9}",
                        "  trace: {file: t.csv, format: philly, startOffset: PT-1H}",
                        "scenario.yaml:16: workload.trace.startOffset must be >= 0, got PT-1H"),
                new Case("bad start offset", "  generator: {offeredLoad: 0.9}",
                        "  trace: {file: t.csv, format: philly, startOffset: 19}",
                        "scenario.yaml:16: workload.trace.startOffset must be <number><unit> with unit s, m, h or d "
                                + "(e.g. 90m, 36h, 7d) or an ISO-8601 duration (e.g. PT36H), got '19'"),
                new Case("ground gpus too many", "gpus: 16", "gpus: 20000000",
                        "scenario.yaml:8: ground[0].gpus must be <= 10,000,000, got 20000000"),
                new Case("walker total too large", "total: 1584", "total: 1584000",
                        "scenario.yaml:13: orbit[0].walker.total must be <= 1,000,000, got 1584000"),
                new Case("walker notation total too large",
                        "{inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "{notation: \"53:2000000/1/0\", altitudeKm: 550}",
                        "scenario.yaml:13: orbit[0].walker.notation '53:2000000/1/0': total must be <= 1,000,000"),
                new Case("sun-synchronous satellites too many",
                        "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 2000000}",
                        "scenario.yaml:13: orbit[0].sunSynchronous.satellites must be <= 1,000,000, got 2000000"),
                new Case("formation members closer than a satellite's span",
                        "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 81, formationRadiusM: 5, minSeparationM: 0.001}",
                        "scenario.yaml:13: orbit[0].sunSynchronous.minSeparationM must be >= 10 m (about one satellite's span), got 0.001"),
                new Case("formation radius too large",
                        "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                        "sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 81, formationRadiusM: 2e5}",
                        "scenario.yaml:13: orbit[0].sunSynchronous.formationRadiusM must be <= 100,000 m, got 2e5"),
                new Case("epoch year too early", "epoch: 2026-06-01T00:00:00Z", "epoch: 1900-01-01T00:00:00Z",
                        "scenario.yaml:2: epoch must be on or after 1961-01-01T00:00:00Z, where the embedded UTC-TAI (leap second) "
                                + "table starts, got '1900-01-01T00:00:00Z'"),
                new Case("epoch before the leap-second table", "epoch: 2026-06-01T00:00:00Z", "epoch: 1960-12-31T23:59:59Z",
                        "scenario.yaml:2: epoch must be on or after 1961-01-01T00:00:00Z, where the embedded UTC-TAI (leap second) "
                                + "table starts, got '1960-12-31T23:59:59Z'"),
                new Case("epoch in a leap second", "epoch: 2026-06-01T00:00:00Z", "epoch: 2016-12-31T23:59:60Z",
                        "scenario.yaml:2: epoch is a leap second (:60), which the simulation clock cannot hold; start at "
                                + "the second before or the one after, got '2016-12-31T23:59:60Z'"),
                new Case("epoch year too late", "epoch: 2026-06-01T00:00:00Z", "epoch: 2201-01-01T00:00:00Z",
                        "scenario.yaml:2: epoch year must be in [1961, 2200], got '2201-01-01T00:00:00Z'"),
                new Case("pue above 3", "    gpus: 16", "    gpus: 16\n    pue: 3.5",
                        "scenario.yaml:9: ground[0].pue must be <= 3, got 3.5"),
                new Case("power cap below idle draw", "gpus: 16", "gpus: 20000",
                        "scenario.yaml:9: ground[0].powerCapW 1000000 W cannot power a single GPU: idle draw of "
                                + "2,500 nodes x 4,600 W x PUE 1.2 is 13,800,000 W"),
                new Case("power cap between idle draw and one GPU", "powerCapW: 1e6", "powerCapW: 11500",
                        "scenario.yaml:9: ground[0].powerCapW 11500 W cannot power a single GPU: idle draw of "
                                + "2 nodes x 4,600 W x PUE 1.2 is 11,040 W, one H100-SXM at 700 W brings it to 11,880 W"),
                new Case("array cannot carry the bus", "solarArrayM2: 40", "solarArrayM2: 4",
                        "scenario.yaml:14: orbit[0] payload solar array gives 1,469.9 W in full sunlight, less than "
                                + "busPowerW 2,000 W: the accelerators could never run"),
                new Case("both state-of-charge floor and depth-of-discharge limit", "busPowerW: 2000}",
                        "busPowerW: 2000, minStateOfCharge: 0.3, maxDepthOfDischarge: 0.6}",
                        "scenario.yaml:14: orbit[0].payload.minStateOfCharge and maxDepthOfDischarge: give one of them "
                                + "(maxDepthOfDischarge = 1 - minStateOfCharge), not both"),
                new Case("depth of discharge above 1", "busPowerW: 2000}", "busPowerW: 2000, maxDepthOfDischarge: 1.5}",
                        "scenario.yaml:14: orbit[0].payload.maxDepthOfDischarge must be in (0, 1], got 1.5"),
                new Case("negative age", "busPowerW: 2000}", "busPowerW: 2000, ageYears: -1}",
                        "scenario.yaml:14: orbit[0].payload.ageYears must be in [0, 100], got -1"),
                new Case("battery round trip of zero", "busPowerW: 2000}", "busPowerW: 2000, batteryRoundTripEfficiency: 0}",
                        "scenario.yaml:14: orbit[0].payload.batteryRoundTripEfficiency must be in (0, 1], got 0"),
                new Case("aged array cannot carry the bus", "busPowerW: 2000}",
                        "busPowerW: 2000, ageYears: 20, arrayDegradationPerYear: 0.1}",
                        "scenario.yaml:14: orbit[0] payload solar array gives 1,787 W in full sunlight at age 20 "
                                + "years, less than busPowerW 2,000 W: the accelerators could never run"),
                new Case("empty station file without built-in stations", "workload:",
                        "groundStations: {builtIn: false, file: empty.json}\nworkload:",
                        "scenario.yaml:15: groundStations.file empty.json has no stations and builtIn is false: no ground stations"),
                new Case("negative downlink capacity", "workload:", "groundStations: {downlinkBps: -1}\nworkload:",
                        "scenario.yaml:15: groundStations.downlinkBps must be > 0 bit/s, got -1"),
                new Case("zero uplink capacity", "workload:", "groundStations: {uplinkBps: 0}\nworkload:",
                        "scenario.yaml:15: groundStations.uplinkBps must be > 0 bit/s, got 0"),
                new Case("inline stations of the same name", "workload:",
                        "groundStations:\n  stations:\n    - {name: x, lat: 1, lon: 0}\n    - {name: x, lat: 2, lon: 0}\nworkload:",
                        "scenario.yaml:18: groundStations.stations[1].name 'x' is already the name of the station at line 17 "
                                + "(names must be unique within the list)"),
                new Case("station file with a repeated name", "workload:",
                        "groundStations: {file: twice.json}\nworkload:",
                        "%DIR%/twice.json:3: features[1].properties.name 'A' is already the name of the station at line 2 "
                                + "(names must be unique within a file)"),
                new Case("inline station at latitude 91", "workload:",
                        "groundStations:\n  stations:\n    - {name: x, lat: 91, lon: 0}\nworkload:",
                        "scenario.yaml:17: groundStations.stations[0].lat must be in [-90, 90], got 91"),
                new Case("inline station with zero downlink", "workload:",
                        "groundStations:\n  stations:\n    - {name: x, lat: 1, lon: 0, downlinkBps: 0}\nworkload:",
                        "scenario.yaml:17: groundStations.stations[0].downlinkBps must be > 0 bit/s, got 0"),
                new Case("relay without bandwidth", "workload:", "groundStations: {relay: {bandwidthBps: 0}}\nworkload:",
                        "scenario.yaml:15: groundStations.relay.bandwidthBps must be > 0 bit/s, got 0"),
                new Case("relay with negative latency", "workload:",
                        "groundStations: {relay: {bandwidthBps: 1e9, latencyMs: -5}}\nworkload:",
                        "scenario.yaml:15: groundStations.relay.latencyMs must be in [0, 60000] ms, got -5"),
                new Case("station file is not a regular file", "workload:",
                        "groundStations: {file: /dev/null}\nworkload:",
                        "scenario.yaml:15: groundStations.file is not a regular file: /dev/null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputNamesFileLineAndField(Case c) {
        assertThat(BASE).contains(c.from());
        String yaml = BASE.replace(c.from(), c.to());
        String expected = c.expected().replace("%DIR%", dir.toString());
        InputException e = catchThrowableOfType(InputException.class, () -> ScenarioLoader.parse(yaml, "scenario.yaml", dir));
        assertThat(e).as("expected an InputException for %s", c.what()).isNotNull();
        assertThat(e.getMessage()).isEqualTo(expected);
        assertThat(e.file()).isEqualTo(expected.substring(0, expected.indexOf(':')));
    }

    @Test
    void baseIsValid() {
        assertThat(ScenarioLoader.parse(BASE, "scenario.yaml", dir).fleet().orbital()).hasSize(1);
    }

    @Test
    void noFleetAtAll() {
        String yaml = """
                # a comment first
                name: t
                epoch: 2026-06-01T00:00:00Z
                horizon: 3d
                workload: {generator: {offeredLoad: 0.9}}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "s.yaml", dir))
                .hasMessage("s.yaml:2: has no ground site and no orbit constellation; add at least one under 'ground' or 'orbit'");
    }

    @Test
    void emptyDocument() {
        assertThatThrownBy(() -> ScenarioLoader.parse("# nothing\n", "s.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("s.yaml: is empty");
    }

    @Test
    void tabIndentationIsASyntaxErrorOnItsLine() {
        String yaml = BASE.replace("    gpus: 16", "\tgpus: 16");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "s.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("s.yaml:8: syntax error:");
    }

    @Test
    void emptyStationFileWithBuiltInStationsIsFine() {
        String yaml = BASE.replace("workload:", "groundStations: {file: empty.json}\nworkload:");
        assertThat(ScenarioLoader.parse(yaml, "scenario.yaml", dir).fleet().stations()).isEqualTo(GroundStations.builtIn());
    }

    @Test
    void listItemIndentedOneTooFarIsReportedOnItsOwnLine() {
        String yaml = BASE.replace("  - name: shell", "   - name: shell");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessage("scenario.yaml:12: syntax error: while parsing a block collection: expected <block end>, "
                        + "but found '<block mapping start>'");
    }

    @Test
    void keyIndentedTooLittleIsReportedOnItsOwnLine() {
        String yaml = BASE.replace("    gpus: 16", "   gpus: 16");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("scenario.yaml:8: syntax error:");
        String top = BASE.replace("workload:", " workload:");
        assertThatThrownBy(() -> ScenarioLoader.parse(top, "scenario.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("scenario.yaml:15: syntax error:");
    }

    @Test
    void deepNestingIsAPlainMessageWithALine() {
        String yaml = BASE + "output:\n  " + "[".repeat(150) + "]".repeat(150) + "\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessage("scenario.yaml:18: nested too deeply (more than 100 levels of lists and mappings)");
        String json = "{\"type\": \"FeatureCollection\",\n \"features\": " + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertThatThrownBy(() -> YamlTree.parseJson(json, "deep.json"))
                .isInstanceOf(InputException.class)
                .hasMessage("deep.json:2: nested too deeply (more than 100 levels of lists and mappings)");
    }

    @Test
    void startOffsetIsParsedLikeTheHorizon() {
        String yaml = BASE.replace("  generator: {offeredLoad: 0.9}",
                "  trace: {file: t.csv, format: philly, startOffset: 1.5h, arrivalSpeedup: 90}");
        var trace = (io.skygrid.workload.WorkloadSpec.Trace) ScenarioLoader.parse(yaml, "scenario.yaml", dir).workload();
        assertThat(trace.startOffsetMs()).isEqualTo(5_400_000L);
        assertThat(trace.arrivalSpeedup()).isEqualTo(90.0);
        String absent = BASE.replace("  generator: {offeredLoad: 0.9}", "  trace: {file: t.csv, format: philly}");
        var plain = (io.skygrid.workload.WorkloadSpec.Trace) ScenarioLoader.parse(absent, "scenario.yaml", dir).workload();
        assertThat(plain.startOffsetMs()).isZero();
        String zero = BASE.replace("  generator: {offeredLoad: 0.9}", "  trace: {file: t.csv, format: philly, startOffset: PT0S}");
        assertThat(((io.skygrid.workload.WorkloadSpec.Trace) ScenarioLoader.parse(zero, "scenario.yaml", dir).workload())
                .startOffsetMs()).isZero();
    }

    @Test
    void zeroAndDecimalsBelowOneAreStillNumbers() {
        // 72 planes with phasing 0 would collide at the nodes (refused); 144 planes of 11 do not
        String yaml = BASE.replace("planes: 72, phasing: 1}", "planes: 144, phasing: 0}").replace("cellEfficiency: 0.3", "cellEfficiency: 0.30");
        assertThat(ScenarioLoader.parse(yaml, "scenario.yaml", dir).fleet().orbital().get(0).payload().cellEfficiency())
                .isEqualTo(0.3);
    }

    @Test
    void scenarioFileOverTheSizeLimitIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(50L << 20); // sparse: nothing is written, and reading it would take minutes
        }
        assertThatThrownBy(() -> ScenarioLoader.load(big))
                .isInstanceOf(InputException.class)
                .hasMessage(big + ": is 50.0 MB, larger than the 1 MB limit for a scenario");
        String justBelow = BASE + "#".repeat((int) ScenarioLoader.MAX_SCENARIO_BYTES - BASE.length() - 1) + "\n";
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, justBelow);
        assertThat(Files.size(ok)).isEqualTo(ScenarioLoader.MAX_SCENARIO_BYTES);
        assertThat(ScenarioLoader.load(ok).name()).isEqualTo("t");
        Files.delete(big);
    }

    @Test
    void scenarioPathThatIsADirectoryOrNotARegularFile() {
        assertThatThrownBy(() -> ScenarioLoader.load(dir))
                .isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a directory, not a scenario file (" + dir.toAbsolutePath().normalize() + ")");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .hasMessage(missing + ": scenario file not found (" + missing.toAbsolutePath().normalize() + ")");
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull) && !Files.isRegularFile(devNull)) {
            assertThatThrownBy(() -> ScenarioLoader.load(devNull))
                    .isInstanceOf(InputException.class)
                    .hasMessage("/dev/null: is not a regular file (/dev/null)");
        }
    }
}
