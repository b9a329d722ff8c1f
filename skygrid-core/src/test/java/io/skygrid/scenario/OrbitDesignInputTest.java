package io.skygrid.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.skygrid.orbit.OrbitSpec;

/** Scenario keys of designed constellations: Walker pattern, formation separation; their bad values. */
class OrbitDesignInputTest {
    static final String BASE = """
            name: t
            epoch: 2026-06-01T00:00:00Z
            horizon: 1d
            orbit:
              - name: shell
                ORBIT
                payload: {accelerator: H100-SXM, count: 8, solarArrayM2: 40, cellEfficiency: 0.3, batteryWh: 4000, busPowerW: 2000}
            workload:
              generator: {offeredLoad: 0.9}
            """;

    static Scenario parse(String orbit) {
        return ScenarioLoader.parse(BASE.replace("ORBIT", orbit), "scenario.yaml", Path.of("."));
    }

    @Test
    void walkerPatternDefaultsToDeltaAndAcceptsStar() {
        assertThat(parse("walker: {notation: \"53:1584/72/1\", altitudeKm: 550}").fleet().orbital().get(0).orbit())
                .isEqualTo(new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1));
        assertThat(parse("walker: {notation: \"86.4:66/6/2\", altitudeKm: 780, pattern: star}").fleet().orbital().get(0)
                .orbit()).isEqualTo(new OrbitSpec.WalkerStar(86.4, 780, 66, 6, 2));
    }

    @Test
    void unknownPatternNamesTheField() {
        assertThatThrownBy(() -> parse("walker: {notation: \"53:1584/72/1\", altitudeKm: 550, pattern: rosette}"))
                .isInstanceOf(InputException.class)
                .hasMessage("scenario.yaml:6: orbit[0].walker.pattern must be delta or star, got 'rosette'");
    }

    @Test
    void collidingWalkerNamesTheField() {
        assertThatThrownBy(() -> parse("walker: {inclinationDeg: 0, altitudeKm: 550, total: 4, planes: 2, phasing: 0}"))
                .hasMessage("scenario.yaml:6: orbit[0].walker.phasing gives colliding satellites: Walker delta 0:4/2/0"
                        + " puts satellites p00-s00 and p01-s01 in the same slot (0 m apart all the time, minimum 1,000 m)");
        assertThatThrownBy(() -> parse("walker: {notation: \"90:2/2/0\", altitudeKm: 550}"))
                .hasMessageStartingWith("scenario.yaml:6: orbit[0].walker.notation gives colliding satellites: Walker"
                        + " delta 90:2/2/0 puts satellites p00-s00 and p01-s00 0 m apart 23.9 min after the epoch");
    }

    @Test
    void altitudeBelow150KmIsRefused() {
        assertThatThrownBy(() -> parse("walker: {notation: \"53:1584/72/1\", altitudeKm: 120}"))
                .hasMessage("scenario.yaml:6: orbit[0].walker.altitudeKm must be >= 150 km, got 120");
    }

    @Test
    void formationTooSmallForItsSeparation() {
        assertThatThrownBy(() -> parse("sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 81,"
                + " formationRadiusM: 300}"))
                .hasMessage("scenario.yaml:6: orbit[0].sunSynchronous.formationRadiusM 300 m is too small for 81"
                        + " satellites at least 100 m apart: the hexagonal lattice would space them 65.5 m apart; needs"
                        + " a radius of at least 459 m (or fewer satellites, or a smaller minSeparationM)");
        assertThat(parse("sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 81, formationRadiusM: 300,"
                + " minSeparationM: 50}").fleet().orbital().get(0).orbit())
                .isEqualTo(new OrbitSpec.SunSynchronous(650, 18, 81, 300, 50));
        assertThatThrownBy(() -> parse("sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 8,"
                + " minSeparationM: 50}"))
                .hasMessage("scenario.yaml:6: orbit[0].sunSynchronous.minSeparationM applies only to a formation"
                        + " (formationRadiusM > 0)");
        assertThatThrownBy(() -> parse("sunSynchronous: {altitudeKm: 650, ltan: \"18:00\", satellites: 8,"
                + " formationRadiusM: 300, minSeparationM: 0}"))
                .hasMessage("scenario.yaml:6: orbit[0].sunSynchronous.minSeparationM must be >= 10 m (about one satellite's"
                        + " span), got 0");
    }
}
