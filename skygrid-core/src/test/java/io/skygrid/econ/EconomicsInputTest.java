package io.skygrid.econ;

import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenario's economics section: overrides, and bad input named by file, line and field. */
class EconomicsInputTest {
    static final String BASE = CostModelTest.SCENARIO;

    private static Scenario parse(String economics) {
        return ScenarioLoader.parse(BASE + economics, "s.yaml", null);
    }

    private static void fails(String economics, String message) {
        assertThatThrownBy(() -> parse(economics)).isInstanceOf(InputException.class).hasMessage(message);
    }

    @Test
    void theSimulationsSatelliteLossRateDrivesReplacementsUnlessEconomicsSetsItsOwn() {
        // without a failures section: the cost model's own default
        assertThat(parse("").economics().constellation("shell").get(OrbitParam.FAILURES_PER_YEAR)).isEqualTo(0.02);
        // failures.satelliteLossPerYear becomes the replacement rate of every constellation
        Economics e = parse("failures: {satelliteLossPerYear: 0.05}\n").economics();
        assertThat(e.constellation("shell").get(OrbitParam.FAILURES_PER_YEAR)).isEqualTo(0.05);
        // an explicit economics figure wins
        Economics own = parse("""
                failures: {satelliteLossPerYear: 0.05}
                economics:
                  orbit: {failuresPerYear: 0.03}
                """).economics();
        assertThat(own.constellation("shell").get(OrbitParam.FAILURES_PER_YEAR)).isEqualTo(0.03);
    }

    @Test
    void overridesApplyPerSiteAndConstellation() {
        Scenario s = parse("""
                economics:
                  nameplateUtilisation: 0.6
                  launch: {usdPerKg: 1500, vehicle: New Glenn, capacityKg: 45000}
                  ground: {gpuPriceUsd: 30000}
                  sites:
                    colossus-1: {facilityUsdPerW: 9}
                  constellations:
                    shell: {lifeYears: 7}
                """);
        Economics e = s.economics();
        assertThat(e.fleet().get(FleetParam.NAMEPLATE_UTILISATION)).isEqualTo(0.6);
        assertThat(e.vehicle()).isEqualTo("New Glenn");
        assertThat(e.site("colossus-1").get(GroundParam.GPU_PRICE_USD)).isEqualTo(30_000);
        assertThat(e.site("colossus-1").get(GroundParam.FACILITY_USD_PER_W)).isEqualTo(9);
        assertThat(e.constellation("shell").get(OrbitParam.LIFE_YEARS)).isEqualTo(7);
        assertThat(e.constellation("shell").get(OrbitParam.GPU_PRICE_USD)).isEqualTo(25_000);
        assertThat(e.launchCapacityKg("shell")).isEqualTo(45_000);
        assertThat(Assumption.of(e, s.fleet())).anySatisfy(a -> {
            assertThat(a.scope()).isEqualTo("constellation shell");
            assertThat(a.key()).isEqualTo("lifeYears");
            assertThat(a.source()).isEqualTo(Assumption.SCENARIO);
        });
        // every default printed cites a source
        assertThat(Assumption.of(Economics.DEFAULTS, s.fleet())).allSatisfy(a -> assertThat(a.source()).isNotBlank());
    }

    @Test
    void absentSectionMeansDefaults() {
        assertThat(ScenarioLoader.parse(BASE, "s.yaml", null).economics()).isEqualTo(Economics.DEFAULTS);
    }

    @Test
    void negativePrice() {
        fails("economics:\n  ground: {gpuPriceUsd: -5}\n", "s.yaml:18: economics.ground.gpuPriceUsd must be >= 0, got -5");
        fails("economics:\n  launch:\n    usdPerKg: -100\n", "s.yaml:19: economics.launch.usdPerKg must be >= 0, got -100");
        fails("economics:\n  sites:\n    colossus-1: {waterUsdPerM3: -1}\n",
                "s.yaml:19: economics.sites.colossus-1.waterUsdPerM3 must be >= 0, got -1");
    }

    @Test
    void launchYearBeforeTheBaseYear() {
        fails("economics:\n  launch:\n    baseYear: 2095\n", "s.yaml:19: economics.launch.baseYear must be <= the launch year "
                + "2026 (the scenario epoch's year): the learning curve runs forward from it, got 2095");
        fails("economics:\n  launch: {year: 2030, baseYear: 2031}\n", "s.yaml:18: economics.launch.baseYear must be <= the "
                + "launch year 2030 (economics.launch.year): the learning curve runs forward from it, got 2031");
        fails("economics:\n  launch: {year: 2020}\n", "s.yaml:18: economics.launch.year must be >= the price's base year "
                + "2025 (economics.launch.baseYear): the learning curve runs forward from it, got 2020");
        assertThat(parse("economics:\n  launch: {year: 2030, baseYear: 2030}\n").economics().launchYear(2026)).isEqualTo(2030);
    }

    @Test
    void zeroLife() {
        fails("economics:\n  orbit: {lifeYears: 0}\n", "s.yaml:18: economics.orbit.lifeYears must be > 0, got 0");
        fails("economics:\n  ground: {hardwareLifeYears: 0}\n",
                "s.yaml:18: economics.ground.hardwareLifeYears must be > 0, got 0");
    }

    @Test
    void payloadHeavierThanTheLaunchVehicle() {
        // 8 H100 at 16.3 kg each cannot fit a 100 kg vehicle (parts: 130.4 + 147 + 47.4 + 26.7 = 351.5 kg, / 0.7)
        fails("economics:\n  launch: {capacityKg: 100}\n", "s.yaml:14: orbit[0].payload gives a satellite of 502.2 kg "
                + "(compute 130.4, array 147, radiator 47.4, battery 26.7, bus 150.7 kg), heavier than the launch "
                + "vehicle's capacity to this orbit: Starship 100 kg (economics.launch.capacityKg)");
        // a 150 t satellite exceeds Starship's 100 t to LEO (Starship Users Guide 2020)
        fails("economics:\n  constellations:\n    shell: {satelliteMassKg: 150000}\n",
                "s.yaml:19: economics.constellations.shell.satelliteMassKg gives satelliteMassKg 150,000 kg, heavier than "
                        + "the launch vehicle's capacity to this orbit: Starship 100,000 kg (economics.launch.capacityKg)");
    }

    @Test
    void unknownNamesAndKeys() {
        fails("economics:\n  sites:\n    colossus-2: {gpuPriceUsd: 1}\n",
                "s.yaml:19: economics.sites.colossus-2 is not a ground site of this scenario (sites: colossus-1)");
        fails("economics:\n  orbit: {lifeYear: 3}\n", "s.yaml:18: economics.orbit.lifeYear is not a known field (known: "
                + "gpuPriceUsd, serverUsdPerGpu, computeKgPerGpu, arrayWPerKg, radiatorKgPerM2, radiatorTempK, "
                + "batteryWhPerKg, busMassFraction, satelliteUsdPerKg, lifeYears, failuresPerYear, satelliteMassKg, "
                + "powerW, launchCapacityKg)");
        fails("economics:\n  nameplateUtilisation: 1.5\n", "s.yaml:18: economics.nameplateUtilisation must be in (0, 1], got 1.5");
        fails("economics:\n  launch: {year: 2026.5}\n", "s.yaml:18: economics.launch.year must be a year in [1957, 2200], got 2026.5");
    }
}
