package io.skygrid.sched;

import io.skygrid.orbit.OrbitSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyBoundTest {
    @Test
    void zenithRangeIsTheAltitudeAndHorizonRangeFollowsPythagoras() {
        assertThat(LatencyBound.slantRangeM(550, 90)).isCloseTo(550_000, within(1e-6));
        double r = LatencyBound.EARTH_MEAN_RADIUS_M;
        double expected = Math.sqrt(Math.pow(r + 550_000, 2) - r * r);
        assertThat(LatencyBound.slantRangeM(550, 0)).isCloseTo(expected, within(1e-6));
        // 550 km at the zenith: 1.835 ms; at a 10 deg mask the range is ~1,830 km: ~6.1 ms
        assertThat(LatencyBound.orbitOneWayMs(550, 90)).isCloseTo(1.8346, within(1e-4));
        assertThat(LatencyBound.orbitOneWayMs(550, 10)).isBetween(6.0, 6.2);
    }

    @Test
    void fibreIsSlowerThanVacuum() {
        // 1,000 km of fibre: 4.90 ms one way
        assertThat(LatencyBound.groundOneWayMs(1000)).isCloseTo(4.8974, within(1e-3));
        assertThat(LatencyBound.meets(LatencyBound.groundOneWayMs(1000), 5)).isTrue();
        assertThat(LatencyBound.orbitMeets(550, 10, 5)).isFalse();
        assertThat(LatencyBound.orbitMeets(550, 25, 5)).isTrue();
        assertThatThrownBy(() -> LatencyBound.slantRangeM(550, 95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyBound.groundOneWayMs(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void designAltitudeComesFromTheOrbit() {
        assertThat(LatencyBound.altitudeKm(new OrbitSpec.WalkerDelta(53, 550, 10, 2, 1)).getAsDouble()).isEqualTo(550);
        assertThat(LatencyBound.altitudeKm(new OrbitSpec.SunSynchronous(650, 6, 3, 0)).getAsDouble()).isEqualTo(650);
        assertThat(LatencyBound.altitudeKm(new OrbitSpec.TleFile(java.nio.file.Path.of("x.tle"), null, null))).isEmpty();
    }
}
