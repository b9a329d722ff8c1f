package io.skygrid.power;

import io.skygrid.fleet.Radiator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RadiatorTest {

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertThatThrownBy(() -> new Radiator(0, 0.8, 0.1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("areaM2");
        assertThatThrownBy(() -> new Radiator(Double.NaN, 0.8, 0.1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("areaM2");
        assertThatThrownBy(() -> new Radiator(Double.POSITIVE_INFINITY, 0.8, 0.1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("areaM2");
        assertThatThrownBy(() -> new Radiator(1, 0, 0.1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emissivity");
        assertThatThrownBy(() -> new Radiator(1, 1.01, 0.1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emissivity");
        assertThatThrownBy(() -> new Radiator(1, 0.8, -0.01, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solarAbsorptivity");
        assertThatThrownBy(() -> new Radiator(1, 0.8, 1.5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solarAbsorptivity");
    }

    @Test
    void facesAndWithArea() {
        Radiator r = new Radiator(2, Radiator.OSR_EMISSIVITY, Radiator.OSR_SOLAR_ABSORPTIVITY, true);
        assertThat(r.faces()).isEqualTo(2);
        assertThat(r.withArea(3).areaM2()).isEqualTo(3);
        assertThat(r.withArea(3).twoSided()).isTrue();
        assertThat(new Radiator(1, 1, 0, false).faces()).isEqualTo(1);
    }
}
