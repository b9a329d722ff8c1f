package io.skygrid.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.SunlightTimeline;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Power model depth: array ageing, Sun distance over the year, battery round-trip losses, DoD limit. */
class ConstellationPowerTest {
    private static final long H = 3_600_000L;
    private static final long DAY = 24 * H;

    /** 4 x H100 (700 W TDP), 20 m^2 at 30 %, 0.9 pointing -> 7,348 W at 1 AU, new; bus 1 kW; 10 kWh. */
    private static SatellitePayload payload(double degradation, double age, double roundTrip, double minSoc) {
        return new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3, 0.9, 10_000, 1000, minSoc,
                degradation, age, roundTrip);
    }

    private static SunlightTimeline[] dark(long horizon) {
        return new SunlightTimeline[] {new SunlightTimeline(new long[0], new byte[] {SunlightTimeline.UMBRA}, horizon)};
    }

    @Test
    void agedArrayLosesTheCompoundedDegradation() {
        SatellitePayload p = payload(0.0275, 5.0, 1.0, 0.2);
        ConstellationPower power = new ConstellationPower(p, new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(400 * DAY)}, 1.0, 1.0);
        double bol = 20 * 0.3 * 1361 * 0.9;
        // day 0 is evaluated at its middle: 5 years + 12 h
        assertThat(power.fullSunW(0)).isCloseTo(bol * Math.pow(0.9725, 5 + 0.5 / 365.25), offset(1e-9));
        // a year later the array gives 2.75 % less again
        assertThat(power.fullSunW(365 * DAY + DAY / 4) / power.fullSunW(DAY / 4))
                .isCloseTo(Math.pow(0.9725, 365.0 / 365.25), offset(1e-12));
        // the same payload, new, gives the beginning-of-life output to within a day's ageing
        ConstellationPower fresh = new ConstellationPower(payload(0.0275, 0, 1, 0.2),
                new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(DAY)}, 1.0, 1.0);
        assertThat(fresh.fullSunW(0) / bol).isBetween(0.99995, 1.0);
    }

    @Test
    void generationFollowsTheSunDistanceThroughTheYear() {
        SatellitePayload p = payload(0, 0, 1, 0.2);
        Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
        ConstellationPower power = new ConstellationPower(p, new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(365 * DAY)}, 1.0, epoch);
        double bol = p.generationW();
        // perihelion 2026-01-03 (0.9833 AU), aphelion 2026-07-06 (1.0166 AU)
        double perihelion = power.fullSunW(2 * DAY);
        double aphelion = power.fullSunW(186 * DAY);
        assertThat(perihelion / bol).isCloseTo(1 / (0.98330 * 0.98330), offset(2e-4));
        assertThat(aphelion / bol).isCloseTo(1 / (1.01664 * 1.01664), offset(2e-4));
        assertThat(perihelion / aphelion).isCloseTo(1.069, offset(0.001));
        double au = OrbitPhysics.sunDistanceAu(epoch.plusMillis(100 * DAY + DAY / 2));
        assertThat(power.fullSunW(100 * DAY + 5 * H)).isCloseTo(bol / (au * au), offset(1e-9));
    }

    @Test
    void roundTripLossesAreSplitBetweenChargeAndDischarge() {
        double eta = 0.81; // one-way 0.9
        // discharge: 1 kW bus from a full 10 kWh battery for 2 h in the dark draws 2 kWh / 0.9
        ConstellationPower drain = new ConstellationPower(payload(0, 0, eta, 0.0), dark(10 * H), 1.0, 1.0);
        drain.advanceTo(0, 2 * H);
        assertThat(drain.energyJ(0)).isCloseTo(10_000 * 3600.0 - 2000 * 3600.0 / 0.9, offset(1e-6));
        assertThat(drain.batteryLossJ()).isCloseTo(2000 * 3600.0 / 0.9 - 2000 * 3600.0, offset(1e-6));
        // charge: an empty battery in sunlight with 6,348 W of surplus stores 0.9 of it
        ConstellationPower charge = new ConstellationPower(payload(0, 0, eta, 0.0),
                new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(10 * H)}, 0.0, 1.0);
        double surplus = charge.fullSunW(0) - 1000;
        charge.advanceTo(0, H / 2);
        assertThat(charge.energyJ(0)).isCloseTo(surplus * 0.9 * 1800, offset(1e-6));
        // energy out / energy in over a full cycle is the round-trip efficiency
        double in = surplus * 1800;
        double stored = charge.energyJ(0);
        double out = stored * 0.9;
        assertThat(out / in).isCloseTo(eta, offset(1e-12));
    }

    @Test
    void depthOfDischargeLimitShutsAcceleratorsOffAndThresholdAccountsForLosses() {
        // 4 GPUs busy: 1,000 + 2,800 W in the dark; 10 kWh, DoD limit 30 % -> shut off after 3 kWh stored
        // energy are gone, i.e. after 3 kWh x 0.95^0.5 / 3.8 kW of load
        double eta = 0.95;
        ConstellationPower power = new ConstellationPower(payload(0, 0, eta, 0.7), dark(10 * H), 1.0, 1.0);
        power.setBusyGpus(0, 4);
        long t = power.nextThresholdMs(0, 0);
        double expectedS = 3000 * 3600.0 * Math.sqrt(eta) / 3800.0;
        assertThat(t / 1000.0).isCloseTo(expectedS, offset(0.001));
        power.advanceTo(0, t);
        assertThat(power.updatePowered(0, t)).isTrue();
        assertThat(power.isPowered(0)).isFalse();
        assertThat(power.energyJ(0) / power.capacityJ()).isCloseTo(0.7, offset(1e-6));
    }

    @Test
    void invalidPowerParametersAreRefused() {
        assertThatThrownBy(() -> payload(1.0, 0, 1, 0.2)).hasMessageContaining("arrayDegradationPerYear");
        assertThatThrownBy(() -> payload(0.01, -1, 1, 0.2)).hasMessageContaining("ageYears");
        assertThatThrownBy(() -> payload(0.01, 0, 0, 0.2)).hasMessageContaining("batteryRoundTripEfficiency");
        assertThatThrownBy(() -> payload(0.01, 0, 1.2, 0.2)).hasMessageContaining("batteryRoundTripEfficiency");
    }
}
