package io.skygrid.power;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThermalEnvironmentTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        ThermalEnvironment e = ThermalEnvironment.LEO_EDGE_ON;
        assertThat(e.solarFluxW_m2()).isEqualTo(1361.0);
        assertThat(e.earthIrW_m2()).isEqualTo(237.0);
        assertThat(e.albedo()).isEqualTo(0.30);
        assertThat(e.solarViewFactor()).isZero();
        // H = 6921.0088 / 6371.0088 = 1.08633; (asin(1/H) - sqrt(H^2-1)/H^2) / pi = (1.16956 - 0.35963) / pi
        assertThat(e.earthViewFactor()).isCloseTo(0.25777, within(1e-4));
    }

    @Test
    void eclipseHasNoSunAndNoAlbedoButKeepsEarthIr() {
        ThermalEnvironment e = ThermalEnvironment.forAltitude(550_000, false);
        assertThat(e.solarFluxW_m2()).isZero();
        assertThat(e.albedo()).isZero();
        assertThat(e.earthIrW_m2()).isEqualTo(237.0);
        assertThat(e.earthViewFactor()).isEqualTo(ThermalEnvironment.LEO_EDGE_ON.earthViewFactor());
    }

    @Test
    void edgeOnViewFactorLimits() {
        // a vertical plate on the ground sees half its hemisphere filled by the ground
        assertThat(ThermalEnvironment.edgeOnEarthViewFactor(0)).isCloseTo(0.5, within(1e-12));
        // far away F -> 2 / (3 pi H^3)
        double h = 50 * ThermalEnvironment.EARTH_MEAN_RADIUS_M;
        double bigH = 51;
        assertThat(ThermalEnvironment.edgeOnEarthViewFactor(h))
                .isCloseTo(2 / (3 * Math.PI * bigH * bigH * bigH), within(1e-8));
        assertThat(ThermalEnvironment.edgeOnEarthViewFactor(1_000_000))
                .isLessThan(ThermalEnvironment.edgeOnEarthViewFactor(550_000));
    }

    /** Independent check of the closed form: cosine-weighted rays from a vertical plate, fraction hitting the Earth. */
    @Test
    void edgeOnViewFactorMatchesRayCounting() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (double altitudeM : new double[]{200_000, 550_000, 1_200_000, 20_000_000}) {
            double bigH = (ThermalEnvironment.EARTH_MEAN_RADIUS_M + altitudeM) / ThermalEnvironment.EARTH_MEAN_RADIUS_M;
            int n = 400_000;
            int hits = 0;
            for (int i = 0; i < n; i++) {
                double u1 = rnd.nextDouble();
                double phi = 2 * Math.PI * rnd.nextDouble();
                double rr = Math.sqrt(u1);
                // plate at (0, 0, H) (Earth radius 1), normal along +x; tangents +y and +z;
                // d = (sqrt(1-u1), rr cos(phi), rr sin(phi)), only its z part enters P . d
                double dz = rr * Math.sin(phi);
                double b = bigH * dz;                 // P . d
                double c = bigH * bigH - 1;           // |P|^2 - 1
                if (b < 0 && b * b >= c) {
                    hits++;
                }
            }
            assertThat((double) hits / n).as("altitude %s m", altitudeM)
                    .isCloseTo(ThermalEnvironment.edgeOnEarthViewFactor(altitudeM), within(0.004));
        }
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertThatThrownBy(() -> new ThermalEnvironment(-1, 237, 0.3, 0, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solarFluxW_m2");
        assertThatThrownBy(() -> new ThermalEnvironment(1361, Double.NaN, 0.3, 0, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earthIrW_m2");
        assertThatThrownBy(() -> new ThermalEnvironment(1361, 237, 1.2, 0, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("albedo");
        assertThatThrownBy(() -> new ThermalEnvironment(1361, 237, 0.3, -0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solarViewFactor");
        assertThatThrownBy(() -> new ThermalEnvironment(1361, 237, 0.3, 0, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earthViewFactor");
        assertThatThrownBy(() -> ThermalEnvironment.forAltitude(-1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("altitudeM");
    }
}
