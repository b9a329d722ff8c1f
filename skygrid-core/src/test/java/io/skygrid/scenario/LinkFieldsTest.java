package io.skygrid.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.RelayLink;

/** Link capacities and the relay in {@code groundStations}, as the README writes them. */
class LinkFieldsTest {
    @Test
    void stationLinksComeFromTheStationThenTheBlockThenTheDefaults(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("stations.geojson"), """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [18.94, 69.66]},
                   "properties": {"name": "Tromso", "uplinkBps": 2e7}}]}
                """);
        String yaml = BadInputTest.BASE.replace("workload:", """
                groundStations:
                  builtIn: true
                  file: stations.geojson           # GeoJSON Points; properties.downlinkBps/uplinkBps per station
                  minElevationDeg: 10
                  downlinkBps: 500e6               # link capacity of every station that sets none
                  uplinkBps: 30e6
                  stations: [{name: Wallops, lat: 37.92, lon: -75.48, downlinkBps: 1.2e9}]
                  relay: {bandwidthBps: 1e10, latencyMs: 40}   # optional always-on relay network
                workload:""");
        Fleet f = ScenarioLoader.parse(yaml, "s.yaml", dir).fleet();
        int builtIn = GroundStations.builtIn().size();
        assertThat(f.stations()).hasSize(builtIn + 2);
        assertThat(f.stations().get(0).downlinkBps()).isEqualTo(500e6);
        assertThat(f.stations().get(0).uplinkBps()).isEqualTo(30e6);
        GroundStation tromso = f.stations().get(builtIn);
        assertThat(tromso.name()).isEqualTo("Tromso");
        assertThat(tromso.downlinkBps()).isEqualTo(500e6);
        assertThat(tromso.uplinkBps()).isEqualTo(2e7);
        GroundStation wallops = f.stations().get(builtIn + 1);
        assertThat(wallops).isEqualTo(new GroundStation("Wallops", "", 37.92, -75.48, 0, 1.2e9, 30e6));
        assertThat(f.relay()).isEqualTo(new RelayLink(1e10, 0.040));
    }

    @Test
    void defaultsWithoutAnyLinkField() {
        Fleet f = ScenarioLoader.parse(BadInputTest.BASE, "s.yaml", Path.of(".")).fleet();
        assertThat(f.relay()).isNull();
        assertThat(f.stations()).allSatisfy(s -> {
            assertThat(s.downlinkBps()).isEqualTo(GroundStation.DEFAULT_DOWNLINK_BPS);
            assertThat(s.uplinkBps()).isEqualTo(GroundStation.DEFAULT_UPLINK_BPS);
        });
    }
}
