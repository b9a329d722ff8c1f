package io.skygrid.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every designed orbit model has a ground track on the report's map (none is left as NaN). */
class GroundTracksTest {
    private static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void walkerAndFormationMembersHaveTracksAndPositions() {
        OrekitSetup.init();
        GroundTracks g = new GroundTracks(EPOCH);
        for (OrbitSpec spec : List.of(new OrbitSpec.WalkerDelta(53, 550, 4, 2, 0),
                new OrbitSpec.SunSynchronous(650, 18, 9, 500))) {
            SatelliteSet set = Satellites.load("c", spec, EPOCH, false);
            for (SatelliteOrbit sat : set.satellites()) {
                double[] track = g.track(sat, 30, 60_000L);
                assertThat(track).as(sat.name()).hasSize(60).doesNotContain(Double.NaN);
                for (int k = 0; k < track.length; k += 2) {
                    assertThat(track[k]).isBetween(-180.0, 180.0);
                    assertThat(track[k + 1]).isBetween(-90.0, 90.0);
                }
            }
            assertThat(g.positions(set.satellites(), 3_600_000L)).doesNotContain(Double.NaN);
        }
        // a dawn-dusk orbit at 650 km reaches about 98 deg inclination: latitudes beyond 80 deg within an orbit
        SatelliteSet sso = Satellites.load("c", new OrbitSpec.SunSynchronous(650, 18, 9, 500), EPOCH, false);
        double[] t = g.track(sso.satellites().get(0), 100, 60_000L);
        double maxLat = 0;
        for (int k = 1; k < t.length; k += 2) maxLat = Math.max(maxLat, Math.abs(t[k]));
        assertThat(maxLat).isGreaterThan(80);
    }
}
