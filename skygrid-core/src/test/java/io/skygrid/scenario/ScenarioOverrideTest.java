package io.skygrid.scenario;

import io.skygrid.orbit.OrbitSpec;
import io.skygrid.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioOverrideTest {

    @Test
    void valuesAreTypedAsYamlReadsThem() {
        assertThat(ScenarioOverride.parse("orbit[0].walker.altitudeKm=800").kind()).isEqualTo(ScenarioOverride.Kind.NUMBER);
        assertThat(ScenarioOverride.parse("seed = -3").value()).isEqualTo("-3");
        assertThat(ScenarioOverride.parse("groundStations.builtIn=false").kind()).isEqualTo(ScenarioOverride.Kind.BOOLEAN);
        assertThat(ScenarioOverride.parse("horizon=12h").kind()).isEqualTo(ScenarioOverride.Kind.TEXT);
        ScenarioOverride quoted = ScenarioOverride.parse("orbit[1].sunSynchronous.ltan=\"18:00\"");
        assertThat(quoted.kind()).isEqualTo(ScenarioOverride.Kind.TEXT);
        assertThat(quoted.value()).isEqualTo("18:00");
        assertThat(ScenarioOverride.parse("name='42'").toString()).isEqualTo("name=\"42\"");
        assertThatThrownBy(() -> ScenarioOverride.parse("horizon")).hasMessageContaining("expected path=value");
        assertThatThrownBy(() -> ScenarioOverride.parse("orbit..x=1")).hasMessageContaining("is not a field path");
        assertThatThrownBy(() -> ScenarioOverride.parse("seed=")).hasMessageContaining("empty");
    }

    @Test
    void overridesChangeTheScenarioAndLaterOnesWin() {
        Scenario s = ScenarioLoader.builtInDefault(List.of(
                ScenarioOverride.parse("orbit[0].walker.altitudeKm=800"),
                ScenarioOverride.parse("horizon=12h"),
                ScenarioOverride.parse("workload.generator.offeredLoad=0.5"),
                ScenarioOverride.parse("horizon=6h"),
                ScenarioOverride.parse("orbit[1].sunSynchronous.ltan=\"18:00\"")));
        assertThat(((OrbitSpec.WalkerDelta) s.fleet().orbital().get(0).orbit()).altitudeKm()).isEqualTo(800);
        assertThat(s.horizon()).isEqualTo(Duration.ofHours(6));
        assertThat(((WorkloadSpec.Generated) s.workload()).offeredLoad()).isEqualTo(0.5);
        assertThat(((OrbitSpec.SunSynchronous) s.fleet().orbital().get(1).orbit()).ltanHours()).isEqualTo(18.0);
        // the untouched default is unchanged
        assertThat(((OrbitSpec.WalkerDelta) ScenarioLoader.builtInDefault().fleet().orbital().get(0).orbit()).altitudeKm())
                .isEqualTo(550);
    }

    @Test
    void anAbsentOptionalKeyCanBeAdded() {
        Scenario s = ScenarioLoader.builtInDefault(List.of(ScenarioOverride.parse("ground[0].hostPowerPerNodeW=500")));
        assertThat(s.fleet().ground().get(0).hostPowerPerNodeW()).isEqualTo(500);
    }

    @Test
    void badOverridesNameTheFileLineAndField() {
        String yaml = "name: t\nepoch: 2026-06-01T00:00:00Z\nhorizon: 1h\nground:\n"
                + "  - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 8, powerCapW: 1e6,\n"
                + "     electricityUsdPerKWh: 0.1}\nworkload: {generator: {offeredLoad: 1}}\n";
        // a value the loader rejects: reported on the replaced field's line, like a file that says so
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "t.yaml", null, List.of(ScenarioOverride.parse("ground[0].gpus=-8"))))
                .isInstanceOf(InputException.class).hasMessage("t.yaml:5: ground[0].gpus must be > 0, got -8");
        // an unknown key: the loader's unknown-field error
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "t.yaml", null, List.of(ScenarioOverride.parse("ground[0].gpuz=8"))))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:5: ground[0].gpuz is not a known field");
        // a list item that does not exist
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "t.yaml", null, List.of(ScenarioOverride.parse("ground[3].gpus=8"))))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:5: ground has 1 item, so ground[3] does not exist");
        // a mapping on the way that does not exist
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "t.yaml", null, List.of(ScenarioOverride.parse("orbit[0].walker.total=8"))))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:1: orbit is not in the scenario");
        // a mapping replaced by a value
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "t.yaml", null, List.of(ScenarioOverride.parse("workload.generator=1"))))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:7: workload.generator is a mapping in the scenario");
        assertThat(ScenarioLoader.fieldKind(yaml, "t.yaml", "ground[0].gpus")).isEqualTo("number");
        assertThat(ScenarioLoader.fieldKind(yaml, "t.yaml", "horizon")).isEqualTo("text");
        assertThat(ScenarioLoader.fieldKind(yaml, "t.yaml", "seed")).isEqualTo("absent");
        assertThat(ScenarioLoader.fieldKind(yaml, "t.yaml", "workload")).isEqualTo("a mapping");
    }
}
