package io.skygrid.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A number or boolean written as a string ({@code "512"}, {@code '512'}, {@code !!str 512}) is an error
 * naming file, line and field; plain scalars and {@code --set} overrides keep working.
 */
class NumbersAsStringsTest {

    @TempDir
    Path dir;

    private static String base(String gpus) {
        return BadInputTest.BASE.replace("gpus: 16", "gpus: " + gpus);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"512\"", "'512'", "!!str 512", "\" 512\""})
    void aQuotedWholeNumberIsRefused(String written) {
        assertThatThrownBy(() -> ScenarioLoader.parse(base(written), "scenario.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("scenario.yaml:8: ground[0].gpus must be a whole number, got the string \"")
                .hasMessageEndingWith("\" (written in quotes or tagged !!str); write 512 without quotes");
    }

    @Test
    void aQuotedDecimalIsRefused() {
        String yaml = BadInputTest.BASE.replace("powerCapW: 1e6", "powerCapW: \"1e6\"");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .hasMessage("scenario.yaml:9: ground[0].powerCapW must be a number, got the string \"1e6\" "
                        + "(written in quotes or tagged !!str); write 1e6 without quotes");
    }

    @Test
    void aQuotedNumberInAFlowMappingIsRefused() {
        String yaml = BadInputTest.BASE.replace("{offeredLoad: 0.9}", "{\"offeredLoad\": \"0.9\"}");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .hasMessage("scenario.yaml:16: workload.generator.offeredLoad must be a number, got the string \"0.9\" "
                        + "(written in quotes or tagged !!str); write 0.9 without quotes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "'false'", "!!str true"})
    void aQuotedBooleanIsRefused(String written) {
        String yaml = BadInputTest.BASE + "scheduler:\n  preemption: " + written + "\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .hasMessageStartingWith("scenario.yaml:18: scheduler.preemption must be true or false, got the string \"")
                .hasMessageContaining("(written in quotes or tagged !!str); write ");
    }

    @Test
    void quotesAreFoundAfterCharactersOutsideTheBasicPlane() {
        // the quoted scalars are matched by position: a comment with an emoji (two UTF-16 units) comes first
        String yaml = "# \uD83D\uDE80 launch plan\n" + base("\"512\"");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "scenario.yaml", dir))
                .hasMessageStartingWith("scenario.yaml:9: ground[0].gpus must be a whole number, got the string \"512\"");
        String plain = "# \uD83D\uDE80 launch plan\n" + base("512").replace("name: t", "name: t # \uD83D\uDE80\uD83D\uDE80");
        assertThat(ScenarioLoader.parse(plain, "scenario.yaml", dir).fleet().ground().get(0).gpus()).isEqualTo(512);
    }

    @Test
    void quotedTextThatIsNoNumberGetsTheOrdinaryMessage() {
        assertThatThrownBy(() -> ScenarioLoader.parse(base("\"many\""), "scenario.yaml", dir))
                .hasMessage("scenario.yaml:8: ground[0].gpus must be a whole number, got 'many'");
    }

    @Test
    void plainScalarsStillRead() {
        // 1e6 (no dot) is text to Jackson's YAML 1.1 reader; unquoted it is still a number
        Scenario s = ScenarioLoader.parse(base("512") + "scheduler:\n  preemption: true\n", "scenario.yaml", dir);
        assertThat(s.fleet().ground().get(0).gpus()).isEqualTo(512);
        assertThat(s.fleet().ground().get(0).powerCapW()).isEqualTo(1e6);
        assertThat(s.scheduler().preemption()).isTrue();
    }

    @Test
    void overridesAreTypedAsTheCommandLineWritesThem() {
        Scenario s = ScenarioLoader.parse(BadInputTest.BASE, "scenario.yaml", dir,
                List.of(ScenarioOverride.parse("ground[0].gpus=512"), ScenarioOverride.parse("ground[0].powerCapW=2e6")));
        assertThat(s.fleet().ground().get(0).gpus()).isEqualTo(512);
        assertThat(s.fleet().ground().get(0).powerCapW()).isEqualTo(2e6);
        // quotes on the command line force text, as in the file
        assertThatThrownBy(() -> ScenarioLoader.parse(BadInputTest.BASE, "scenario.yaml", dir,
                List.of(ScenarioOverride.parse("ground[0].gpus=\"512\""))))
                .hasMessageStartingWith("scenario.yaml:8: ground[0].gpus must be a whole number, got the string \"512\"");
    }

    @Test
    void aSweepAxisReadsPlainNumbersAndStillRefusesQuotedOnes() throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("base.yaml"), SweepGridTest.BASE);
        // 3e6 is a plain scalar Jackson's YAML reader leaves as text: the sweep types it as --set would
        SweepGrid g = SweepGrid.parse("name: s\nbase: base.yaml\naxes:\n  ground[0].powerCapW: [2e6, 3e6]\n",
                "grid.yaml", dir, SweepGridTest.METRICS, "utilisation");
        Scenario s = SweepGrid.scenario(g.baseYaml(), g.baseDisplay(), g.baseDir(), g.runs().get(1).overrides());
        assertThat(s.fleet().ground().get(0).powerCapW()).isEqualTo(3e6);
        assertThatThrownBy(() -> SweepGrid.parse("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus: [8, \"16\"]\n",
                "grid.yaml", dir, SweepGridTest.METRICS, "utilisation"))
                .hasMessageStartingWith("grid.yaml:4: axes.ground[0].gpus[1] must be a number like ground[0].gpus");
    }
}
