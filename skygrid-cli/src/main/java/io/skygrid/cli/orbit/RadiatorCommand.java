package io.skygrid.cli.orbit;

import io.skygrid.fleet.Accelerator;
import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.Radiator;
import io.skygrid.power.ThermalEnvironment;
import io.skygrid.power.ThermalModel;
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

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            Accelerator acc = AcceleratorCatalog.get(accelerator);
            if (count < 0 || !(busW >= 0) || !(temperatureK > 0) || !(altitudeKm >= 150 && altitudeKm <= 50_000)) {
                throw new IllegalArgumentException("need --count >= 0, --bus-w >= 0, --temperature-k > 0 and"
                        + " --altitude-km in [150, 50000]");
            }
            double load = count * acc.tdpW() + busW;
            boolean twoSided = !oneSided;
            ThermalEnvironment sun = ThermalEnvironment.forAltitude(altitudeKm * 1000, true);
            ThermalEnvironment shade = ThermalEnvironment.forAltitude(altitudeKm * 1000, false);
            System.out.printf(Locale.ROOT, "Heat load %,.0f W (%d x %s at %.0f W TDP + %,.0f W bus); %s panel, "
                            + "emissivity %.2f, solar absorptivity %.2f, at %.0f km%n", load, count, acc.model(),
                    acc.tdpW(), busW, twoSided ? "two-sided" : "one-sided", emissivity, absorptivity, altitudeKm);
            double aSun = ThermalModel.requiredAreaM2(load, temperatureK, emissivity, absorptivity, twoSided, sun);
            double aShade = ThermalModel.requiredAreaM2(load, temperatureK, emissivity, absorptivity, twoSided, shade);
            System.out.printf(Locale.ROOT, "panel area at %.1f K (%.1f C): %.2f m^2 in sunlight, %.2f m^2 in eclipse"
                            + " (%.1f m^2 per kW in sunlight)%n", temperatureK, temperatureK - 273.15, aSun, aShade,
                    aSun / (load / 1000));
            if (areaM2 != null) {
                Radiator r = new Radiator(areaM2, emissivity, absorptivity, twoSided);
                double tSun = ThermalModel.equilibriumTemperatureK(r, load, sun);
                double tShade = ThermalModel.equilibriumTemperatureK(r, load, shade);
                System.out.printf(Locale.ROOT, "a %.2f m^2 panel settles at %.1f K (%.1f C) in sunlight, %.1f K in eclipse;"
                                + " at most %.1f K it sustains %,.0f W in sunlight%n", areaM2, tSun, tSun - 273.15, tShade,
                        temperatureK, ThermalModel.maxSustainableLoadW(r, temperatureK, sun));
            }
            return 0;
        });
    }
}
