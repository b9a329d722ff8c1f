package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.RelayLink;
import io.skygrid.scenario.GroundStations;
import io.skygrid.sim.ProgressListener;

class ContactPlanTest {
    private static final double MB = 1e6;

    /**
     * Two stations (1 and 2 MB/s down, 0.5 and 0.25 MB/s up), two satellites, horizon 200 s:
     * sat 0 sees A in [10, 20) s and [100, 110) s and B in [15, 30) s; sat 1 sees A in [12, 18) s and B in [50, 60) s.
     */
    private static ContactPlan handPlan() {
        List<GroundStation> st = List.of(new GroundStation("A", "", 0, 0, 0, 8e6, 4e6),
                new GroundStation("B", "", 10, 10, 0, 16e6, 2e6));
        ContactWindows w0 = new ContactWindows(new long[] {10_000, 15_000, 100_000}, new long[] {20_000, 30_000, 110_000},
                new int[] {0, 1, 0}, new double[] {40, 50, 30});
        ContactWindows w1 = new ContactWindows(new long[] {12_000, 50_000}, new long[] {18_000, 60_000},
                new int[] {0, 1}, new double[] {20, 60});
        SunlightTimeline sun = new SunlightTimeline(new long[0], new byte[] {SunlightTimeline.SUNLIT}, 200_000);
        ConstellationTimelines t = new ConstellationTimelines("c", List.of("s0", "s1"), new SunlightTimeline[] {sun, sun},
                new ContactWindows[] {w0, w1});
        return new ContactPlan(t, st, 200_000);
    }

    @Test
    void oneSatelliteUsesTheFastestStationInView() {
        ContactPlan p = handPlan();
        // sat 0 downlink: 1 MB/s in [10, 15), 2 MB/s in [15, 30), 1 MB/s in [100, 110): 45 MB in all
        assertThat(p.earliestDownlinkMs(0, 0, 5 * MB)).isEqualTo(15_000);
        assertThat(p.earliestDownlinkMs(0, 0, 6 * MB)).isEqualTo(15_500);
        assertThat(p.earliestDownlinkMs(0, 0, 35 * MB)).isEqualTo(30_000);
        assertThat(p.earliestDownlinkMs(0, 0, 36 * MB)).isEqualTo(101_000);
        assertThat(p.earliestDownlinkMs(0, 0, 45 * MB)).isEqualTo(110_000);
        assertThat(p.earliestDownlinkMs(0, 0, 45.001 * MB)).isEqualTo(RateProfile.BEYOND_HORIZON);
        assertThat(p.earliestDownlinkMs(0, 12_000, 3 * MB)).isEqualTo(15_000);
        assertThat(p.earliestDownlinkMs(0, 40_000, 1 * MB)).isEqualTo(101_000);
        assertThat(p.earliestDownlinkMs(0, 40_000, 0)).isEqualTo(40_000);
        assertThat(p.earliestDownlinkMs(0, 200_000, 1)).isEqualTo(RateProfile.BEYOND_HORIZON);
        // uplink of sat 0: 0.5 MB/s in [10, 20) (A beats B's 0.25), 0.25 MB/s in [20, 30), 0.5 MB/s in [100, 110)
        assertThat(p.earliestUplinkMs(0, 0, 5 * MB)).isEqualTo(20_000);
        assertThat(p.earliestUplinkMs(0, 0, 6 * MB)).isEqualTo(24_000);
        assertThat(p.satellite(0, ContactPlan.Direction.DOWNLINK).bits(0, 200_000)).isEqualTo(45 * MB * 8);
    }

    @Test
    void constellationCountsEachStationInViewOnce() {
        ContactPlan p = handPlan();
        // A covered [10, 20) and [100, 110); B covered [15, 30) and [50, 60): 1, 3, 2, 2, 1 MB/s pieces
        RateProfile down = p.constellation(ContactPlan.Direction.DOWNLINK);
        assertThat(down.rateAt(12_000)).isEqualTo(8e6);
        assertThat(down.rateAt(16_000)).isEqualTo(24e6);
        assertThat(down.rateAt(55_000)).isEqualTo(16e6);
        assertThat(down.rateAt(70_000)).isZero();
        assertThat(p.earliestDownlinkAnyMs(0, 20 * MB)).isEqualTo(20_000);
        assertThat(p.earliestDownlinkAnyMs(0, 21 * MB)).isEqualTo(20_500);
        assertThat(p.earliestDownlinkAnyMs(0, 60 * MB)).isEqualTo(60_000);
        assertThat(p.earliestDownlinkAnyMs(0, 70 * MB)).isEqualTo(110_000);
        assertThat(p.earliestDownlinkAnyMs(0, 71 * MB)).isEqualTo(RateProfile.BEYOND_HORIZON);
        assertThat(p.earliestUplinkAnyMs(0, 5 * MB)).isEqualTo(18_334);   // 2.5 MB by 15 s, then 0.75 MB/s for 3.333 s
    }

    @Test
    void relayDeliversAfterLatencyAtItsBandwidth() {
        RelayLink r = new RelayLink(1e9, 0.040);
        assertThat(r.deliveryMs(1_000, 1e9, 1)).isEqualTo(1_000 + 40 + 8_000);
        assertThat(r.deliveryMs(0, 1e9, 8)).isEqualTo(40 + 1_000);
        assertThat(r.deliveryMs(0, 0, 1)).isEqualTo(40);
        assertThatThrownBy(() -> new RelayLink(0, 0.01)).hasMessageContaining("bandwidthBps must be > 0");
        assertThatThrownBy(() -> new RelayLink(1e9, -1)).hasMessageContaining("latency must be >= 0");
    }

    @Test
    void nonPositiveStationCapacityIsRejected() {
        assertThatThrownBy(() -> new GroundStation("x", "", 0, 0, 0, 0, 1)).hasMessageContaining("downlinkBps must be > 0");
        assertThatThrownBy(() -> new GroundStation("x", "", 0, 0, 0, 1, -5)).hasMessageContaining("uplinkBps must be > 0");
        assertThatThrownBy(() -> new GroundStation("x", "", 91, 0, 0)).hasMessageContaining("latitude must be in [-90, 90]");
    }

    /**
     * On real physics (a 53 deg Walker shell, the built-in stations, 6 h): delivery never precedes the start,
     * grows with the volume, waits for a contact, and the constellation (every station in view counted once)
     * is never slower than its fastest satellite.
     */
    @Test
    void deliveryOnRealContactsIsConsistent() {
        Instant epoch = Instant.parse("2026-02-23T00:00:00Z");
        long horizon = 6 * 3_600_000L;
        List<SatelliteOrbit> sats = Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 24, 6, 1), epoch, false).satellites();
        List<GroundStation> stations = GroundStations.builtIn();
        ConstellationTimelines t = OrbitPhysics.compute("w", sats, epoch, horizon, stations, 10, 1, ProgressListener.NONE);
        ContactPlan p = new ContactPlan(t, stations, horizon);
        double volume = 100e9;   // 100 GB: several passes at 100 MB/s
        long best = Long.MAX_VALUE;
        List<Long> done = new ArrayList<>();
        for (int s = 0; s < p.satellites(); s++) {
            ContactWindows w = t.contacts()[s];
            assertThat(w.size()).isPositive();
            long first = p.earliestDownlinkMs(s, 0, 1);
            assertThat(first).isBetween(w.aosMs()[0], w.aosMs()[0] + 1);
            long small = p.earliestDownlinkMs(s, 3_600_000, 1e9);
            long big = p.earliestDownlinkMs(s, 3_600_000, volume);
            assertThat(small).isGreaterThan(3_600_000);
            assertThat(big).isGreaterThanOrEqualTo(small);
            if (big != RateProfile.BEYOND_HORIZON) {
                assertThat(p.satellite(s, ContactPlan.Direction.DOWNLINK).bits(3_600_000, big)).isGreaterThanOrEqualTo(8 * volume * (1 - 1e-12));
            }
            best = Math.min(best, big);
            done.add(big);
        }
        assertThat(p.earliestDownlinkAnyMs(3_600_000, volume)).isLessThanOrEqualTo(best);
        assertThat(p.earliestUplinkAnyMs(3_600_000, volume)).isGreaterThan(p.earliestDownlinkAnyMs(3_600_000, volume));
        assertThat(done).anyMatch(x -> x != RateProfile.BEYOND_HORIZON);
    }
}
