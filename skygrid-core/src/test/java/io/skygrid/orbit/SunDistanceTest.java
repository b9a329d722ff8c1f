package io.skygrid.orbit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class SunDistanceTest {
    /**
     * Perihelion and aphelion of 2026 from the USNO/IMCCE almanac values (perihelion 3 Jan 2026 at
     * 0.983302 AU, aphelion 6 Jul 2026 at 1.016643 AU), against the analytical Sun, within 1e-4 AU
     * (about 15,000 km).
     */
    @Test
    void perihelionAndAphelionOf2026() {
        assertThat(OrbitPhysics.sunDistanceAu(Instant.parse("2026-01-03T17:00:00Z"))).isCloseTo(0.983302, offset(1e-4));
        assertThat(OrbitPhysics.sunDistanceAu(Instant.parse("2026-07-06T18:00:00Z"))).isCloseTo(1.016643, offset(1e-4));
    }
}
