package io.skygrid.cli.orbit;

import io.skygrid.fleet.Accelerator;
import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.Radiator;
import io.skygrid.power.ThermalEnvironment;
import io.skygrid.power.ThermalModel;
import io.skygrid.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit radiator}: radiator area needed to reject the heat of N accelerators plus a bus
 * at a radiator temperature, in sunlight and in eclipse, and the equilibrium temperature of a given area.
 */
@Command(name = "radiator", mixinStandardHelpOptions = true,
        description = "Radiator sizing: the flat-panel area that rejects the heat of N accelerators (TDP from the "
                + "catalogue) plus the bus at a radiator temperature, by Stefan-Boltzmann less absorbed sunlight, "
                + "albedo and Earth IR at the given altitude (panel edge-on to the Sun).")
public final class RadiatorCommand implements Callable<Integer> {
    @Option(names = "--accelerator", defaultValue = "H100-SXM", description = "catalogue model (default: ${DEFAULT-VALUE})")
    String accelerator;

    @Option(names = "--count", defaultValue = "8", description = "accelerators (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--bus-w", defaultValue = "2000", description = "bus heat load, W (default: ${DEFAULT-VALUE})")
    double busW;

    @Option(names = "--temperature-k", defaultValue = "330", description = "radiator temperature, K (default: ${DEFAULT-VALUE})")
    double temperatureK;

    @Option(names = "--altitude-km", defaultValue = "550", description = "orbit altitude, km (default: ${DEFAULT-VALUE})")
    double altitudeKm;

    @Option(names = "--emissivity", defaultValue = "0.8", description = "infrared emissivity (default: ${DEFAULT-VALUE}, optical solar reflector)")
    double emissivity;

    @Option(names = "--absorptivity", defaultValue = "0.08", description = "solar absorptivity (default: ${DEFAULT-VALUE})")
    double absorptivity;

    @Option(names = "--one-sided", description = "radiate from one face only (default: both faces)")
    boolean oneSided;

    @Option(names = "--area-m2", description = "also give the equilibrium temperature of a panel of this area, m^2")
    Double areaM2;

    /** Hottest radiator accepted, K: the scenario's {@code radiator.maxTemperatureK} bound (materials, coatings). */
    static final double MAX_TEMPERATURE_K = 1000;
    /** Coldest radiator temperature accepted, K: the scenario's {@code radiator.maxTemperatureK} bound. */
    static final double MIN_TEMPERATURE_K = 150;

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            // every option is checked before anything is printed, one message per option with its value
            Accelerator acc;
            try {
                acc = AcceleratorCatalog.get(accelerator);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--accelerator: " + e.getMessage());
            }
            if (count < 0) {
                throw new IllegalArgumentException("--count must be >= 0, got " + count);
            }
            if (!(busW >= 0) || Double.isInfinite(busW)) {
                throw new IllegalArgumentException("--bus-w must be a finite number >= 0 W, got " + plain(busW));
            }
            if (!(temperatureK > MIN_TEMPERATURE_K && temperatureK < MAX_TEMPERATURE_K)) {
                throw new IllegalArgumentException("--temperature-k must be in (150, 1000) K, got " + plain(temperatureK));
            }
            if (!(altitudeKm >= ScenarioLoader.MIN_ALTITUDE_KM && altitudeKm <= ScenarioLoader.MAX_ALTITUDE_KM)) {
                throw new IllegalArgumentException("--altitude-km must be in [150, 50,000] km, got " + plain(altitudeKm));
            }
            if (!(emissivity > 0 && emissivity <= 1)) {
                throw new IllegalArgumentException("--emissivity must be in (0, 1], got " + plain(emissivity));
            }
            if (!(absorptivity >= 0 && absorptivity <= 1)) {
                throw new IllegalArgumentException("--absorptivity must be in [0, 1], got " + plain(absorptivity));
            }
            if (areaM2 != null && !(areaM2 > 0 && areaM2 < 1e6)) {
                throw new IllegalArgumentException("--area-m2 must be in (0, 1,000,000) m^2, got " + plain(areaM2));
            }
            double load = count * acc.tdpW() + busW;
            if (!(load > 0)) {
                throw new IllegalArgumentException("--count 0 and --bus-w 0 leave no heat to reject; give one of them > 0");
            }
            boolean twoSided = !oneSided;
            ThermalEnvironment sun = ThermalEnvironment.forAltitude(altitudeKm * 1000, true);
            ThermalEnvironment shade = ThermalEnvironment.forAltitude(altitudeKm * 1000, false);
            double aSun;
            double aShade;
            try {
                aSun = ThermalModel.requiredAreaM2(load, temperatureK, emissivity, absorptivity, twoSided, sun);
                aShade = ThermalModel.requiredAreaM2(load, temperatureK, emissivity, absorptivity, twoSided, shade);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--temperature-k " + plain(temperatureK) + ": " + e.getMessage());
            }
            Radiator r = null;
            double tSun = Double.NaN;
            double tShade = Double.NaN;
            if (areaM2 != null) {
                r = new Radiator(areaM2, emissivity, absorptivity, twoSided);
                tSun = ThermalModel.equilibriumTemperatureK(r, load, sun);
                tShade = ThermalModel.equilibriumTemperatureK(r, load, shade);
                if (!(tSun < MAX_TEMPERATURE_K)) {
                    double least = ThermalModel.requiredAreaM2(load, MAX_TEMPERATURE_K, emissivity, absorptivity, twoSided, sun);
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "--area-m2 %s: the panel would settle at "
                            + "%,.0f K in sunlight, above the %.0f K any radiator survives; give at least %.2f m^2",
                            plain(areaM2), tSun, MAX_TEMPERATURE_K, least));
                }
            }
            System.out.printf(Locale.ROOT, "Heat load %,.0f W (%d x %s at %.0f W TDP + %,.0f W bus); %s panel, "
                            + "emissivity %.2f, solar absorptivity %.2f, at %.0f km%n", load, count, acc.model(),
                    acc.tdpW(), busW, twoSided ? "two-sided" : "one-sided", emissivity, absorptivity, altitudeKm);
            System.out.printf(Locale.ROOT, "panel area at %.1f K (%.1f C): %.2f m^2 in sunlight, %.2f m^2 in eclipse"
                            + " (%.1f m^2 per kW in sunlight)%n", temperatureK, temperatureK - 273.15, aSun, aShade,
                    aSun / (load / 1000));
            if (r != null) {
                System.out.printf(Locale.ROOT, "a %.2f m^2 panel settles at %.1f K (%.1f C) in sunlight, %.1f K in eclipse;"
                                + " at most %.1f K it sustains %,.0f W in sunlight%n", areaM2, tSun, tSun - 273.15, tShade,
                        temperatureK, ThermalModel.maxSustainableLoadW(r, temperatureK, sun));
            }
            return 0;
        });
    }

    /** @return {@code v} as the user would write it: {@code 550}, {@code 0.001} */
    private static String plain(double v) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : String.valueOf(v);
    }
}
