package io.skygrid.cli.orbit;

import io.skygrid.orbit.BetaAngle;
import io.skygrid.orbit.Decay;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.scenario.ScenarioLoader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit beta}: beta angle over a date range and the eclipse season it implies.
 */
@Command(name = "beta", mixinStandardHelpOptions = true,
        description = "Beta angle of every satellite, day by day from the scenario's epoch, and the eclipse season "
                + "(days with |beta| below beta* = asin(Re/r)): first and last eclipse day, worst eclipse minutes per "
                + "orbit. With --out: beta.csv (one row per satellite and day before its decay, if it decays), decayed.csv "
                + "(satellites that re-entered within the days: below 120 km or no SGP4 state).")
public final class BetaCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "days to cover from the scenario's epoch (default: ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            if (days < 1 || days > 3660) {
                throw new IllegalArgumentException("--days must be in [1, 3660], got " + days);
            }
            OrekitSetup.init();
            common.scenario = common.loadScenario();
            List<OrbitalConstellation> chosen = common.select();
            Path out = common.prepareOut();
            Instant from = common.scenario.epoch();
            System.out.printf(Locale.ROOT, "Beta angle from %s, %d days (%s)%n", from, days, common.scenario.source());
            CSVPrinter csv = out == null ? null : new CSVPrinter(
                    Files.newBufferedWriter(out.resolve("beta.csv"), StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
            try (csv) {
                if (csv != null) {
                    csv.printRecord("constellation", "satellite", "date", "beta_deg", "eclipse_fraction",
                            "eclipse_min_per_orbit");
                }
                for (OrbitalConstellation c : chosen) {
                    SatelliteSet set = common.load(c, from);
                    System.out.printf(Locale.ROOT, "%n%s: %,d satellites%n", c.name(), set.satellites().size());
                    System.out.printf(Locale.ROOT, "  %-34s %9s %9s %8s %11s %11s %12s %11s%n", "satellite",
                            "min beta", "max beta", "beta*", "season days", "first", "last", "worst min");
                    int shown = 0;
                    long spanMs = 86_400_000L * days;
                    long[] decay = new long[set.satellites().size()];
                    int index = 0;
                    for (SatelliteOrbit s : set.satellites()) {
                        // no beta from the decay on: the days before it only
                        long decayMs = Decay.find(s, from, spanMs);
                        decay[index++] = decayMs;
                        int alive = decayMs == Decay.NEVER ? days : (int) Math.min(days, (decayMs + 86_399_999L) / 86_400_000L);
                        double r = BetaAngle.meanRadius(s);
                        double betaStar = BetaAngle.eclipseFreeBeta(r);
                        double period = BetaAngle.periodS(r);
                        double[] beta = alive == 0 ? new double[0] : BetaAngle.series(s, from, alive, 1);
                        double min = Double.MAX_VALUE;
                        double max = -Double.MAX_VALUE;
                        int season = 0;
                        int first = -1;
                        int last = -1;
                        double worst = 0;
                        for (int d = 0; d < beta.length; d++) {
                            min = Math.min(min, beta[d]);
                            max = Math.max(max, beta[d]);
                            double f = BetaAngle.eclipseFraction(r, beta[d]);
                            if (f > 0) {
                                season++;
                                if (first < 0) first = d;
                                last = d;
                                worst = Math.max(worst, f * period / 60.0);
                            }
                            if (csv != null) {
                                csv.printRecord(c.name(), s.name(), from.plusSeconds(86_400L * d).toString().substring(0, 10),
                                        String.format(Locale.ROOT, "%.4f", Math.toDegrees(beta[d])),
                                        String.format(Locale.ROOT, "%.6f", f),
                                        String.format(Locale.ROOT, "%.3f", f * period / 60.0));
                            }
                        }
                        if (shown++ < common.limit) {
                            System.out.printf(Locale.ROOT, "  %-34s %9s %9s %8.2f %11d %11s %12s %11.2f%n", s.name(),
                                    alive == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Math.toDegrees(min)),
                                    alive == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Math.toDegrees(max)),
                                    Math.toDegrees(betaStar), season,
                                    first < 0 ? "-" : from.plusSeconds(86_400L * first).toString().substring(0, 10),
                                    last < 0 ? "-" : from.plusSeconds(86_400L * last).toString().substring(0, 10), worst);
                        }
                    }
                    common.printDecays(c.name(), set.satellites(), decay, from);
                    if (set.satellites().size() > common.limit) {
                        System.out.printf(Locale.ROOT, "  ... %,d more%s%n", set.satellites().size() - common.limit,
                                out == null ? " (use --out DIR for all)" : "");
                    }
                }
            }
            common.reportSkipped(out);
            common.writeDecays(out);
            if (out != null) {
                System.out.println("\noutputs: " + out.resolve("beta.csv") + ", decayed.csv");
            }
            return 0;
        });
    }
}
