package io.skygrid.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.Radiator;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.orbit.SunlightTimeline;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThermalThrottleTest {
    private static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");
    /** 4 x H100 (2,800 W at TDP) + 1 kW bus. */
    private static final SatellitePayload PAYLOAD = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3,
            0.9, 10_000, 1000, 0.2);
    private static final OrbitSpec SHELL = new OrbitSpec.WalkerDelta(53, 650, 4, 2, 1);

    private static ThermalThrottle throttle(double areaM2) {
        OrbitalConstellation c = new OrbitalConstellation("c", SHELL, PAYLOAD,
                new Radiator(areaM2, 0.8, 0.08, true), 330);
        SatelliteSet set = Satellites.load("c", SHELL, EPOCH, false);
        return ThermalThrottle.of(c, set.satellites());
    }

    @Test
    void radiatorSizedForTheHotCaseNeverThrottles() {
        // area that rejects the full 3.8 kW at 330 K in sunlight (albedo + Earth IR) at 650 km
        ThermalEnvironment hot = ThermalEnvironment.forAltitude(650e3 + 6378137.0 - ThermalEnvironment.EARTH_MEAN_RADIUS_M, true);
        double area = ThermalModel.requiredAreaM2(3800, 330, 0.8, 0.08, true, hot);
        ThermalThrottle t = throttle(area * 1.001);
        assertThat(t.limits()).isFalse();
        assertThat(t.factor(0, SunlightTimeline.SUNLIT)).isEqualTo(1.0);
        assertThat(t.factor(3, SunlightTimeline.UMBRA)).isEqualTo(1.0);
    }

    @Test
    void undersizedRadiatorThrottlesMoreInSunlightThanInEclipse() {
        ThermalEnvironment hot = ThermalEnvironment.forAltitude(650e3 + 6378137.0 - ThermalEnvironment.EARTH_MEAN_RADIUS_M, true);
        double area = ThermalModel.requiredAreaM2(3800, 330, 0.8, 0.08, true, hot);
        ThermalThrottle t = throttle(area * 0.6);
        assertThat(t.limits()).isTrue();
        double sun = t.factor(0, SunlightTimeline.SUNLIT);
        double dark = t.factor(0, SunlightTimeline.UMBRA);
        // in sunlight the panel rejects 0.6 x 3.8 kW = 2,280 W, of which the bus takes 1 kW
        assertThat(sun).isCloseTo((0.6 * 3800 - 1000) / 2800, offset(1e-3));
        assertThat(dark).isGreaterThan(sun).isLessThanOrEqualTo(1.0);
        assertThat(t.factor(0, SunlightTimeline.PENUMBRA)).isEqualTo(sun);
    }

    @Test
    void withoutRadiatorNothingIsThrottled() {
        SatelliteSet set = Satellites.load("c", SHELL, EPOCH, false);
        ThermalThrottle t = ThermalThrottle.of(new OrbitalConstellation("c", SHELL, PAYLOAD), set.satellites());
        assertThat(t.limits()).isFalse();
        assertThat(t.sunlit()).containsOnly(1.0);
    }
}
