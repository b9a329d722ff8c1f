package io.skygrid.orbit;

import io.skygrid.sim.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class BetaAngleTest {
    private static final long DAY = 86_400_000L;

    /** Hand computation in the test's Javadoc of OrbitPhysicsTest: RA_sun 90 deg, dec 23.44 deg, i 97.99 deg, RAAN 180 deg. */
    @Test
    void duskOrbitInJuneHasBetaNear58Degrees() {
        Instant june = Instant.parse("2026-06-21T00:00:00Z");
        SatelliteOrbit s = Satellites.load("d", new OrbitSpec.SunSynchronous(650, 18, 1, 0), june, false).satellites().get(0);
        double beta = Math.toDegrees(BetaAngle.series(s, june, 1, 1)[0]);
        double expected = Math.toDegrees(Math.asin(Math.sin(Math.toRadians(97.99)) * Math.sin(Math.toRadians(90 - 23.44))
                * 1 + Math.cos(Math.toRadians(97.99)) * Math.sin(Math.toRadians(23.44))));
        assertThat(beta).isCloseTo(expected, offset(0.5));
        assertThat(Math.toDegrees(BetaAngle.eclipseFreeBeta(6378137 + 650e3))).isCloseTo(65.2, offset(0.1));
    }

    /**
     * The eclipse season of a dawn-dusk SSO predicted from the beta angle (|beta| < asin(Re/r)) agrees with
     * the conical-shadow event search of {@link OrbitPhysics} at 550, 650, 800 and 1,400 km: two days
     * inside the season (beta at least 0.5 deg below beta*) have eclipses, two days outside (0.5 deg above)
     * none, and inside the season the eclipse fraction matches the beta formula within 2e-3 of an orbit.
     */
    @Test
    void eclipseSeasonFromBetaAgreesWithTheShadowSearch() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        for (double altKm : new double[] {550, 650, 800, 1400}) {
            SatelliteOrbit s = Satellites.load("sso", new OrbitSpec.SunSynchronous(altKm, 18, 1, 0), from, false)
                    .satellites().get(0);
            double r = BetaAngle.meanRadius(s);
            double betaStar = BetaAngle.eclipseFreeBeta(r);
            double[] beta = BetaAngle.series(s, from, 365, 1);
            int inside = 0;
            int outside = -1;
            for (int d = 0; d < beta.length; d++) {
                if (Math.abs(beta[d]) < Math.abs(beta[inside])) inside = d;
                if (outside < 0 && Math.abs(beta[d]) > betaStar + Math.toRadians(0.5)) outside = d;
            }
            assertThat(outside).as("eclipse-free days exist at %s km", altKm).isNotNegative();
            double margin = betaStar - Math.abs(beta[inside]);   // > 0: the deepest day of the season
            Instant in = from.plusMillis(inside * DAY);
            Instant out = from.plusMillis(outside * DAY);
            ConstellationTimelines tIn = OrbitPhysics.compute("in", List.of(s), in, DAY, List.of(), 10, 1, ProgressListener.NONE);
            ConstellationTimelines tOut = OrbitPhysics.compute("out", List.of(s), out, DAY, List.of(), 10, 1, ProgressListener.NONE);
            assertThat(tOut.sunlight()[0].changes()).as("no eclipse outside the season at %s km", altKm).isZero();
            if (margin > Math.toRadians(0.2)) {
                assertThat(tIn.sunlight()[0].changes()).as("eclipses in the season at %s km", altKm).isPositive();
            } else if (margin < -Math.toRadians(0.2)) {
                assertThat(tIn.sunlight()[0].changes()).as("no season at %s km", altKm).isZero();
            }
            if (margin > Math.toRadians(1)) {
                double measured = OrbitPhysicsTest.shadowFraction(tIn.sunlight()[0]);
                double mid = BetaAngle.series(s, in.plusMillis(DAY / 2), 1, 1)[0];
                assertThat(measured).as("eclipse fraction at %s km", altKm)
                        .isCloseTo(BetaAngle.eclipseFraction(r, mid), offset(2e-3));
            }
        }
    }
}
