package io.skygrid.cli.orbit;

import io.skygrid.fleet.GroundStation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit passes}: ground-station contact windows (AOS, LOS, maximum elevation) of every
 * satellite with every station above the scenario's elevation mask.
 */
@Command(name = "passes", mixinStandardHelpOptions = true,
        description = "Ground-station passes of every satellite over the scenario's horizon, above its elevation "
                + "mask: per station the number of passes, mean duration and mean maximum elevation. With --out: "
                + "passes.csv (one row per pass: AOS, LOS, duration, maximum elevation), decayed.csv (satellites that re-entered; "
                + "they have no pass after that instant).")
public final class PassesCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            List<OrbitCommand.Common.Result> results = common.compute();
            Path out = common.prepareOut();
            Instant epoch = common.scenario.epoch();
            long horizon = common.scenario.horizonMs();
            List<GroundStation> stations = common.scenario.fleet().stations();
            System.out.printf(Locale.ROOT, "Passes from %s over %.1f h above %.1f deg, %d ground stations (%s)%n",
                    epoch, horizon / 3_600_000.0, common.scenario.fleet().minElevationDeg(), stations.size(),
                    common.scenario.source());
            CSVPrinter csv = out == null ? null : new CSVPrinter(
                    Files.newBufferedWriter(out.resolve("passes.csv"), StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
            try (csv) {
                if (csv != null) {
                    csv.printRecord("constellation", "satellite", "station", "aos_utc", "los_utc", "duration_s",
                            "max_elevation_deg", "clipped_by_horizon");
                }
                for (OrbitCommand.Common.Result r : results) {
                    ConstellationTimelines t = r.timelines();
                    long[] passes = new long[stations.size()];
                    double[] durationS = new double[stations.size()];
                    double[] maxElev = new double[stations.size()];
                    long total = 0;
                    long contactMs = 0;
                    for (int s = 0; s < t.size(); s++) {
                        ContactWindows w = t.contacts()[s];
                        contactMs += w.totalContactMs();
                        for (int k = 0; k < w.size(); k++) {
                            int st = w.station()[k];
                            long aos = w.aosMs()[k];
                            long los = w.losMs()[k];
                            passes[st]++;
                            durationS[st] += (los - aos) / 1000.0;
                            maxElev[st] += w.maxElevDeg()[k];
                            total++;
                            if (csv != null) {
                                csv.printRecord(t.constellation(), t.satellites().get(s), stations.get(st).name(),
                                        epoch.plusMillis(aos), epoch.plusMillis(los),
                                        EclipsesCommand.fmt3((los - aos) / 1000.0),
                                        String.format(Locale.ROOT, "%.2f", w.maxElevDeg()[k]),
                                        aos == 0 || los == horizon ? "yes" : "no");
                            }
                        }
                    }
                    long aliveMs = 0;
                    for (int s = 0; s < t.size(); s++) {
                        aliveMs += t.sunlight()[s].endMs();
                    }
                    // per satellite over the horizon, counting a decayed satellite only for its time before the decay
                    System.out.printf(Locale.ROOT, "%n%s: %,d satellites, %,d passes, %.2f h of contact per satellite%n",
                            t.constellation(), t.size(), total,
                            aliveMs == 0 ? 0.0 : contactMs / 3_600_000.0 / (aliveMs / (double) horizon));
                    common.printDecays(t.constellation(), r.satellites().satellites(), OrbitCommand.Common.decayMs(r), epoch);
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < stations.size(); i++) {
                        order.add(i);
                    }
                    order.sort(Comparator.comparingLong((Integer i) -> -passes[i]).thenComparing(i -> i));
                    System.out.printf(Locale.ROOT, "  %-30s %-10s %9s %13s %15s%n", "station", "provider", "passes",
                            "mean min", "mean max elev");
                    for (int i = 0; i < Math.min(common.limit, order.size()); i++) {
                        int st = order.get(i);
                        GroundStation g = stations.get(st);
                        System.out.printf(Locale.ROOT, "  %-30s %-10s %,9d %13s %15s%n", g.name(), g.provider(), passes[st],
                                passes[st] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", durationS[st] / passes[st] / 60.0),
                                passes[st] == 0 ? "-" : String.format(Locale.ROOT, "%.1f", maxElev[st] / passes[st]));
                    }
                    if (stations.size() > common.limit) {
                        System.out.printf(Locale.ROOT, "  ... %d more stations%n", stations.size() - common.limit);
                    }
                }
            }
            common.reportSkipped(out);
            common.writeDecays(out);
            if (out != null) {
                System.out.println("\noutputs: " + out.resolve("passes.csv") + ", decayed.csv");
            }
            return 0;
        });
    }
}
