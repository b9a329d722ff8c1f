package io.skygrid.orbit;

import io.skygrid.sim.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * BetaAngle's season and fraction formulas are those of a spherical Earth (beta* = asin(Re / r)), so the shadow
 * search they are compared with uses {@link EarthShape#SPHERE}; the default ellipsoid's shadow over the poles is
 * narrower and ends a dawn-dusk orbit's season a little earlier.
 */
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
            ConstellationTimelines tIn = OrbitPhysics.compute("in", List.of(s), in, DAY, List.of(), 10, 1, ProgressListener.NONE, EarthShape.SPHERE);
            ConstellationTimelines tOut = OrbitPhysics.compute("out", List.of(s), out, DAY, List.of(), 10, 1, ProgressListener.NONE, EarthShape.SPHERE);
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
    /**
     * The edges of the penumbra and umbra seasons of a dawn-dusk SSO at 550, 650, 800 and 1,400 km follow the
     * conical-shadow geometry: at the orbit point nearest the anti-Sun direction the angle between the apparent
     * centres of Earth and Sun equals |beta|, so the orbit meets the penumbra while |beta| &lt; a_E + a_S and the
     * umbra while |beta| &lt; a_E - a_S, with a_E = asin(Re / r) and a_S = asin(R_sun / d) the apparent radii
     * (a_S from 0.262 to 0.271 deg over the year). Every day of 2026 whose |beta| range stays more than 0.05 deg
     * (Sun parallax, 0.003 deg, and the grid's shortest detectable grazing eclipse, ~110 s at 0.05 deg, fit
     * inside) from a threshold is classified by the geometry and must be so in the shadow search: shadow or
     * not, umbra or not. Days within 0.05 deg of a threshold are the only ones not judged; the test checks that
     * both sides of each threshold were reached (at 1,400 km the dawn-dusk orbit only grazes the umbra: |beta|
     * never gets 0.05 deg below a_E - a_S in 2026, so only its umbra-free side is judged), so the season's first
     * and last days agree with the geometry to within that margin (about a day).
     */
    @Test
    void seasonEdgesFollowTheConicalShadow() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        double margin = Math.toRadians(0.05);
        for (double altKm : new double[] {550, 650, 800, 1400}) {
            SatelliteOrbit s = Satellites.load("sso", new OrbitSpec.SunSynchronous(altKm, 18, 1, 0), from, false)
                    .satellites().get(0);
            double aE = Math.asin(SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS / BetaAngle.meanRadius(s));
            double[] beta = BetaAngle.series(s, from, 366, 1);
            int[] judged = new int[4];   // shadow, no shadow, umbra, no umbra
            for (int d = 0; d < 365; d++) {
                double lo = Math.min(Math.abs(beta[d]), Math.abs(beta[d + 1]));
                double hi = Math.max(Math.abs(beta[d]), Math.abs(beta[d + 1]));
                Instant day = from.plusMillis(d * DAY);
                double aS = Math.asin(OrbitPhysics.SUN_RADIUS_M
                        / (OrbitPhysics.sunDistanceAu(day.plusMillis(DAY / 2)) * org.orekit.utils.Constants.IAU_2012_ASTRONOMICAL_UNIT));
                double pen = aE + aS, umb = aE - aS;
                boolean nearEdge = Math.abs(lo - pen) < Math.toRadians(1) || Math.abs(hi - pen) < Math.toRadians(1)
                        || Math.abs(lo - umb) < Math.toRadians(1) || Math.abs(hi - umb) < Math.toRadians(1);
                if (!nearEdge && d % 15 != 0) {
                    continue;   // deep inside or far outside the season: sample every 15th day only
                }
                SunlightTimeline tl = OrbitPhysics.compute("d", List.of(s), day, DAY, List.of(), 10, 1,
                        ProgressListener.NONE, EarthShape.SPHERE).sunlight()[0];
                long shadow = tl.timeIn(SunlightTimeline.PENUMBRA, 0, DAY) + tl.timeIn(SunlightTimeline.UMBRA, 0, DAY);
                long umbra = tl.timeIn(SunlightTimeline.UMBRA, 0, DAY);
                if (hi < pen - margin) {
                    assertThat(shadow).as("%s km, day %d: |beta| <= %.3f deg < a_E + a_S = %.3f deg", altKm, d,
                            Math.toDegrees(hi), Math.toDegrees(pen)).isPositive();
                    judged[0]++;
                } else if (lo > pen + margin) {
                    assertThat(shadow).as("%s km, day %d: |beta| >= %.3f deg > a_E + a_S", altKm, d, Math.toDegrees(lo)).isZero();
                    judged[1]++;
                }
                if (hi < umb - margin) {
                    assertThat(umbra).as("%s km, day %d: |beta| <= %.3f deg < a_E - a_S = %.3f deg", altKm, d,
                            Math.toDegrees(hi), Math.toDegrees(umb)).isPositive();
                    judged[2]++;
                } else if (lo > umb + margin) {
                    assertThat(umbra).as("%s km, day %d: |beta| >= %.3f deg > a_E - a_S", altKm, d, Math.toDegrees(lo)).isZero();
                    judged[3]++;
                }
            }
            System.out.printf("season edges at %.0f km: days judged shadow/no shadow/umbra/no umbra %s%n", altKm,
                    java.util.Arrays.toString(judged));
            assertThat(judged[0]).as("days with penumbra judged at %s km", altKm).isPositive();
            assertThat(judged[1]).as("shadow-free days judged at %s km", altKm).isPositive();
            assertThat(judged[3]).as("umbra-free days judged at %s km", altKm).isPositive();
            if (altKm <= 800) {
                assertThat(judged[2]).as("days with umbra judged at %s km", altKm).isPositive();
            }
        }
    }
}
