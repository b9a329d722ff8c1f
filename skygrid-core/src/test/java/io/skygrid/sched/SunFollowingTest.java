package io.skygrid.sched;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.Satellites;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.power.ConstellationPower;
import io.skygrid.sim.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SunFollowingTest {
    private static final long H = 3_600_000L;
    private static final byte S = SunlightTimeline.SUNLIT, P = SunlightTimeline.PENUMBRA, U = SunlightTimeline.UMBRA;

    private static ConstellationTimelines pool(String name, SunlightTimeline... sats) {
        List<String> names = new ArrayList<>();
        ContactWindows[] contacts = new ContactWindows[sats.length];
        for (int i = 0; i < sats.length; i++) {
            names.add(name + "-" + i);
            contacts[i] = new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
        }
        return new ConstellationTimelines(name, names, sats, contacts);
    }

    @Test
    void alwaysSunlitRanksAboveAPoolWithEclipses() {
        // two 30-min passages (penumbra-umbra-penumbra counts once) in 10 h
        SunlightTimeline eclipsing = new SunlightTimeline(
                new long[] {H, H + 60_000, H + 29 * 60_000, H + 30 * 60_000, 5 * H, 5 * H + 30 * 60_000},
                new byte[] {S, P, U, P, S, U, S}, 10 * H);
        ConstellationTimelines shell = pool("shell", eclipsing, eclipsing);
        ConstellationTimelines dawnDusk = pool("dawn-dusk", SunlightTimeline.alwaysSunlit(10 * H));
        List<SunFollowing.Outlook> r = SunFollowing.rank(List.of(shell, dawnDusk), null, 0, 10 * H);
        assertThat(r.get(0).name()).isEqualTo("dawn-dusk");
        assertThat(r.get(0).sunlitFraction()).isEqualTo(1.0);
        assertThat(r.get(0).meanEclipses()).isZero();
        SunFollowing.Outlook s = r.get(1);
        assertThat(s.pool()).isZero();
        assertThat(s.sunlitFraction()).isCloseTo(9.0 / 10, within(1e-12));
        assertThat(s.meanEclipses()).isEqualTo(2.0);
        assertThat(s.longestEclipseMs()).isEqualTo(30 * 60_000);
        // a window starting inside a passage counts it, clipped
        SunFollowing.Outlook mid = SunFollowing.outlook(0, shell, null, H + 20 * 60_000, 2 * H);
        assertThat(mid.meanEclipses()).isEqualTo(1.0);
        assertThat(mid.longestEclipseMs()).isEqualTo(10 * 60_000);
        assertThatThrownBy(() -> SunFollowing.rank(List.of(shell), null, 10 * H, H)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dawnDuskClusterOutranksAWalkerShellInJuneWithRealGeometry() {
        Instant june = Instant.parse("2026-06-01T00:00:00Z");
        long day = 24 * H;
        ConstellationTimelines walker = OrbitPhysics.compute("shell",
                Satellites.load("shell", new OrbitSpec.WalkerDelta(53, 550, 6, 3, 1), june, false).satellites(),
                june, day, List.of(), 10, 1, ProgressListener.NONE);
        ConstellationTimelines dawn = OrbitPhysics.compute("dawn-dusk",
                Satellites.load("dawn-dusk", new OrbitSpec.SunSynchronous(650, 6, 3, 1000), june, false).satellites(),
                june, day, List.of(), 10, 1, ProgressListener.NONE);
        SatellitePayload payload = new SatellitePayload(AcceleratorCatalog.find("H100-SXM").orElseThrow(), 8, 40, 0.3,
                0.9, 4000, 2000, 0.2);
        ConstellationPower power = new ConstellationPower(payload, walker.sunlight(), 1.0, 1.0);
        List<SunFollowing.Outlook> r = SunFollowing.rank(List.of(walker, dawn),
                Arrays.asList(power, null), 0, day);
        assertThat(r.get(0).name()).isEqualTo("dawn-dusk");
        assertThat(r.get(0).sunlitFraction()).isEqualTo(1.0);
        SunFollowing.Outlook shell = r.get(1);
        // a 550 km orbit lasts ~95.6 min: ~15 passages a day, in shadow ~35 % of the time at this beta
        assertThat(shell.meanEclipses()).isBetween(14.0, 16.0);
        assertThat(shell.sunlitFraction()).isBetween(0.55, 0.75);
        assertThat(shell.longestEclipseMs()).isBetween(30 * 60_000L, 40 * 60_000L);
        assertThat(shell.poweredFraction()).isEqualTo(1.0); // full batteries at the start
    }
}
