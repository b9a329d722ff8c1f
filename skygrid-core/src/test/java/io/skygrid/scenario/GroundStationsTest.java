package io.skygrid.scenario;

import io.skygrid.TestData;
import io.skygrid.fleet.GroundStation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroundStationsTest {

    @TempDir
    Path dir;

    @Test
    void builtInListIsRealisticAndValid() {
        List<GroundStation> all = GroundStations.builtIn();
        assertThat(all).hasSizeBetween(40, 60);
        assertThat(all).extracting(s -> s.provider() + "/" + s.name()).doesNotHaveDuplicates();
        assertThat(all).extracting(GroundStation::provider)
                .contains("KSAT", "SSC", "AWS Ground Station", "NASA NSN", "NASA DSN", "ATLAS Space Operations", "Viasat");
        assertThat(all).allSatisfy(s -> {
            assertThat(Math.abs(s.latitudeDeg() * 100 - Math.round(s.latitudeDeg() * 100))).isLessThan(1e-6);
            assertThat(Math.abs(s.longitudeDeg() * 100 - Math.round(s.longitudeDeg() * 100))).isLessThan(1e-6);
        });
        // polar coverage both ends: high-inclination orbits need it
        assertThat(all).anySatisfy(s -> assertThat(s.latitudeDeg()).isGreaterThan(75));
        assertThat(all).anySatisfy(s -> assertThat(s.latitudeDeg()).isLessThan(-70));
    }

    @Test
    void readsEverySharedStationFile() throws IOException {
        Map<String, Integer> expected = Map.of("atlas.json", 11, "aws.json", 12, "dsn.json", 3, "ksat.json", 36,
                "leaf.json", 18, "nen.json", 18, "ssc.json", 10, "viasat.json", 9);
        Path folder = TestData.path("groundstations");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(json).extracting(f -> f.getFileName().toString())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Path f : json) {
                List<GroundStation> stations = GroundStations.readGeoJson(f);
                assertThat(stations).as(f.toString()).hasSize(expected.get(f.getFileName().toString()));
                assertThat(stations).allSatisfy(s -> assertThat(s.name()).isNotBlank());
            }
        }
        GroundStation first = GroundStations.readGeoJson(TestData.path("groundstations/ksat.json")).get(0);
        assertThat(first).isEqualTo(new GroundStation("Prudhoe Bay", "KSAT", 70.2, -148.47, 0));
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static String collection(String coordinates, String properties) {
        return """
                {
                  "type": "FeatureCollection",
                  "features": [
                    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 20]},
                     "properties": {"name": "ok"}},
                    {
                      "type": "Feature",
                      "geometry": {
                        "type": "Point",
                        "coordinates": %s
                      },
                      "properties": %s
                    }
                  ]
                }
                """.formatted(coordinates, properties);
    }

    @Test
    void altitudeAndProviderAreOptional() throws IOException {
        Path f = write("alt.json", collection("[-147.5, 64.8, 150]", "{\"name\": \"North Pole\", \"provider\": \"SSC\"}"));
        assertThat(GroundStations.readGeoJson(f)).containsExactly(
                new GroundStation("ok", "", 20, 10, 0), new GroundStation("North Pole", "SSC", 64.8, -147.5, 150));
    }

    @Test
    void linkCapacitiesFromPropertiesOrDefaults() throws IOException {
        Path f = write("links.json", collection("[1, 2]", "{\"name\": \"x\", \"downlinkBps\": 1.2e9, \"uplinkBps\": 2e7}"));
        assertThat(GroundStations.readGeoJson(f, 5e8, 1e7)).containsExactly(
                new GroundStation("ok", "", 20, 10, 0, 5e8, 1e7), new GroundStation("x", "", 2, 1, 0, 1.2e9, 2e7));
        assertThat(GroundStations.readGeoJson(f).get(0).downlinkBps()).isEqualTo(GroundStation.DEFAULT_DOWNLINK_BPS);
    }

    @Test
    void nonPositiveLinkCapacityNamesTheProperty() throws IOException {
        Path f = write("bad.json", collection("[1, 2]", "{\"name\": \"x\",\n \"downlinkBps\": -1}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ":13: features[1].properties.downlinkBps must be > 0 bit/s, got -1");
        Path z = write("zero.json", collection("[1, 2]", "{\"name\": \"x\", \"uplinkBps\": 0}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(z)).isInstanceOf(InputException.class)
                .hasMessage(z + ":12: features[1].properties.uplinkBps must be > 0 bit/s, got 0");
    }

    @Test
    void latitudeOutOfRange() throws IOException {
        Path f = write("bad.json", collection("[\n  15.0,\n  91\n]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ":12: features[1].geometry.coordinates latitude must be in [-90, 90], got 91");
    }

    @Test
    void altitudeOutOfRange() throws IOException {
        Path f = write("bad.json", collection("[15.0, 0, 9500]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":10: features[1].geometry.coordinates altitude must be in [-500, 9000] m, got 9500");
        Path low = write("low.json", collection("[15.0, 0, -501]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(low))
                .hasMessage(low + ":10: features[1].geometry.coordinates altitude must be in [-500, 9000] m, got -501");
    }

    @Test
    void longitudeOutOfRange() throws IOException {
        Path f = write("bad.json", collection("[181, 0]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":10: features[1].geometry.coordinates longitude must be in [-180, 180], got 181");
    }

    @Test
    void missingName() throws IOException {
        Path f = write("bad.json", collection("[1, 2]", "{\"provider\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":12: features[1].properties.name is required");
    }

    @Test
    void coordinateNotANumber() throws IOException {
        Path f = write("bad.json", collection("[\"east\", 2]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":10: features[1].geometry.coordinates longitude must be a number, got 'east'");
    }

    @Test
    void wrongCoordinateCount() throws IOException {
        Path f = write("bad.json", collection("[1]", "{\"name\": \"x\"}"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":10: features[1].geometry.coordinates must be [lon, lat] or [lon, lat, altM], got a list of 1");
    }

    @Test
    void notAPoint() throws IOException {
        Path f = write("bad.json", collection("[1, 2]", "{\"name\": \"x\"}").replace("\"type\": \"Point\",\n", "\"type\": \"LineString\",\n"));
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":9: features[1].geometry.type must be Point (one station per feature), got LineString");
    }

    @Test
    void notAFeatureCollection() throws IOException {
        Path f = write("bad.json", "{\"type\": \"Feature\"}");
        assertThatThrownBy(() -> GroundStations.readGeoJson(f))
                .hasMessage(f + ":1: type must be FeatureCollection, got Feature");
    }

    @Test
    void jsonSyntaxErrorHasItsLine() throws IOException {
        Path f = write("bad.json", "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {,}\n  ]\n}\n");
        assertThatThrownBy(() -> GroundStations.readGeoJson(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":4: syntax error: ");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("none.json");
        assertThatThrownBy(() -> GroundStations.readGeoJson(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": cannot be read: ");
    }

    @Test
    void scenarioCombinesBuiltInAndFileStations() throws IOException {
        write("mine.json", collection("[1, 2]", "{\"name\": \"mine\"}"));
        String yaml = BadInputTest.BASE.replace("workload:", "groundStations: {file: mine.json, minElevationDeg: 5}\nworkload:");
        Scenario s = ScenarioLoader.parse(yaml, "s.yaml", dir);
        assertThat(s.fleet().stations()).hasSize(GroundStations.builtIn().size() + 2);
        assertThat(s.fleet().minElevationDeg()).isEqualTo(5);
    }

    @Test
    void scenarioNamesAMissingStationFile() {
        String yaml = BadInputTest.BASE.replace("workload:", "groundStations: {builtIn: false, file: nope.geojson}\nworkload:");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "s.yaml", dir))
                .hasMessage("s.yaml:15: groundStations.file not found: " + dir.resolve("nope.geojson"));
    }
}
