package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class WalkerStarAndCollisionTest {
    static final Instant EPOCH = Instant.parse("2026-06-21T00:00:00Z");

    @Test
    void starSpreadsPlanesOver180Degrees() {
        // Iridium-like 86.4:66/6/2 star
        List<SatelliteOrbit> sats = Satellites.load("irid", new OrbitSpec.WalkerStar(86.4, 780, 66, 6, 2), EPOCH, false)
                .satellites();
        assertThat(sats).hasSize(66);
        SatelliteOrbit.CircularJ2 p0 = (SatelliteOrbit.CircularJ2) sats.get(0);
        SatelliteOrbit.CircularJ2 p1 = (SatelliteOrbit.CircularJ2) sats.get(11);
        SatelliteOrbit.CircularJ2 p5 = (SatelliteOrbit.CircularJ2) sats.get(55);
        assertThat(Math.toDegrees(p1.raanRad() - p0.raanRad())).isCloseTo(30, offset(1e-9));
        assertThat(Math.toDegrees(p5.raanRad())).isCloseTo(150, offset(1e-9));
        // phase offset between adjacent planes f x 360 / t = 2 x 360 / 66 deg
        assertThat(Math.toDegrees(p1.argLatRad() - p0.argLatRad())).isCloseTo(720.0 / 66, offset(1e-9));
        // the same parameters as a delta put plane 5 at 300 deg
        SatelliteOrbit.CircularJ2 d5 = (SatelliteOrbit.CircularJ2) Satellites.load("d",
                new OrbitSpec.WalkerDelta(86.4, 780, 66, 6, 2), EPOCH, false).satellites().get(55);
        assertThat(Math.toDegrees(d5.raanRad())).isCloseTo(300, offset(1e-9));
    }

    @Test
    void starlinkShellHasNoCollision() {
        assertThat(Satellites.walkerCollision(53, 550, 1584, 72, 1, 360)).isNull();
        assertThat(Satellites.walkerCollision(86.4, 780, 66, 6, 2, 180)).isNull();
    }

    @Test
    void duplicateSlotsAreRefused() {
        // equatorial 0:4/2/0 delta: plane 1 (RAAN 180) puts its satellites exactly on plane 0's
        assertThat(Satellites.walkerCollision(0, 550, 4, 2, 0, 360))
                .contains("p00-s00 and p01-s01 in the same slot (0 m apart all the time");
        // phasing 0 with an even number of planes and of satellites per plane: two satellites meet at the nodes
        assertThat(Satellites.walkerCollision(53, 550, 1584, 72, 0, 360))
                .contains("p00-s00 and p36-s11 0 m apart 0.0 min after the epoch").contains("planes cross");
        assertThat(Satellites.walkerCollision(53, 550, 1584, 144, 0, 360)).isNull();
    }

    @Test
    void crossingPlanesAtTheSameTimeAreRefused() {
        // 90:2/2/0 delta: two polar planes 180 deg apart are one plane flown both ways; the two meet at a pole
        String m = Satellites.walkerCollision(90, 550, 2, 2, 0, 360);
        assertThat(m).contains("p00-s00 and p01-s00 0 m apart 23.9 min after the epoch")
                .contains("would collide where their planes cross");
        // 90:2/2/1 starts the second satellite half a turn on: they start together and part at once
        assertThat(Satellites.walkerCollision(90, 550, 2, 2, 1, 360)).contains("0 m apart 0.0 min after the epoch")
                .contains("would collide");
    }

    @Test
    void formationTooSmallIsRefused() {
        assertThatThrownBy(() -> Satellites.load("c", new OrbitSpec.SunSynchronous(650, 18, 81, 400), EPOCH, false))
                .hasMessageContaining("orbit c: sunSynchronous.formationRadiusM 400 m is too small for 81 satellites"
                        + " at least 100 m apart: the hexagonal lattice would space them 87.3 m apart; needs a radius"
                        + " of at least 459 m");
        assertThat(Satellites.load("c", new OrbitSpec.SunSynchronous(650, 18, 81, 400, 80), EPOCH, false).satellites())
                .hasSize(81);
    }

    @Test
    void evenRingTooDenseIsRefused() {
        assertThatThrownBy(() -> Satellites.load("r", new OrbitSpec.SunSynchronous(650, 18, 50_000, 0), EPOCH, false))
                .hasMessageContaining("sunSynchronous.satellites: 50,000 satellites evenly spaced around one orbit"
                        + " would be 883 m apart");
    }

    @Test
    void altitudeBelow150KmIsRefused() {
        assertThatThrownBy(() -> Satellites.load("w", new OrbitSpec.WalkerStar(86, 140, 6, 2, 0), EPOCH, false))
                .hasMessageContaining("walker.altitudeKm must be >= 150.0, got 140");
    }
}
