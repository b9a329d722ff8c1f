package io.skygrid.cli.orbit;

import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.SunlightTimeline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit eclipses}: per satellite, every pass through the Earth's shadow (an eclipse is a
 * run of penumbra and umbra between two sunlit spells), the eclipse fraction and the longest eclipse.
 */
@Command(name = "eclipses", mixinStandardHelpOptions = true,
        description = "Eclipses of every satellite over the scenario's horizon: count, fraction of time in "
                + "shadow (umbra + penumbra) and in umbra, longest and mean eclipse. With --out: eclipses.csv "
                + "(one row per satellite) and eclipse-intervals.csv (one row per eclipse), decayed.csv (satellites that "
                + "re-entered: below 120 km or no SGP4 state; nothing after that instant counts).")
public final class EclipsesCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @picocli.CommandLine.Option(names = "--earth-shape", paramLabel = "SHAPE", defaultValue = "wgs84",
            description = "body casting the Earth's shadow: wgs84 (the WGS-84 ellipsoid) or sphere (radius 6,378.137 km,"
                    + " for comparison; eclipses over the poles are then seconds too long) (default: ${DEFAULT-VALUE})")
    String earthShape;

    /**
     * One satellite's eclipses over its life within the horizon.
     *
     * @param aliveMs time before the decay (the horizon if it did not decay), ms: the denominator of its fractions
     */
    record Stats(int eclipses, long shadowMs, long umbraMs, long longestMs, long[] startMs, long[] endMs, long[] umbra,
                 long aliveMs) {
    }

    /**
     * @return the eclipses of a timeline: maximal runs of non-sunlit segments, clipped to [0, end) with end the
     *         decay instant if the satellite decayed (nothing after it counts), else the horizon
     */
    static Stats stats(SunlightTimeline tl) {
        long end = tl.endMs();
        int segments = tl.changes() + 1;
        long[] starts = new long[segments];
        long[] ends = new long[segments];
        long[] umbra = new long[segments];
        int n = 0;
        long shadow = 0;
        long umbraTotal = 0;
        long longest = 0;
        boolean inEclipse = false;
        for (int k = 0; k < segments; k++) {
            long a = k == 0 ? 0 : tl.changeMs(k - 1);
            long b = Math.min(end, k < tl.changes() ? tl.changeMs(k) : tl.horizonMs());
            if (b <= a) {
                break;
            }
            byte st = tl.state(k);
            if (st == SunlightTimeline.SUNLIT) {
                inEclipse = false;
                continue;
            }
            if (!inEclipse) {
                starts[n] = a;
                n++;
                inEclipse = true;
            }
            ends[n - 1] = b;
            shadow += b - a;
            if (st == SunlightTimeline.UMBRA) {
                umbra[n - 1] += b - a;
                umbraTotal += b - a;
            }
            longest = Math.max(longest, ends[n - 1] - starts[n - 1]);
        }
        return new Stats(n, shadow, umbraTotal, longest, java.util.Arrays.copyOf(starts, n),
                java.util.Arrays.copyOf(ends, n), java.util.Arrays.copyOf(umbra, n), end);
    }

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            common.shape = io.skygrid.orbit.EarthShape.parse(earthShape);
            List<OrbitCommand.Common.Result> results = common.compute();
            Path out = common.prepareOut();
            Instant epoch = common.scenario.epoch();
            long horizon = common.scenario.horizonMs();
            System.out.printf(Locale.ROOT, "Eclipses from %s over %.1f h (%s)%n", epoch, horizon / 3_600_000.0,
                    common.scenario.source());
            BufferedWriter perSat = out == null ? null : Files.newBufferedWriter(out.resolve("eclipses.csv"), StandardCharsets.UTF_8);
            BufferedWriter intervals = out == null ? null
                    : Files.newBufferedWriter(out.resolve("eclipse-intervals.csv"), StandardCharsets.UTF_8);
            CSVFormat fmt = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
            try (CSVPrinter a = perSat == null ? null : new CSVPrinter(perSat, fmt);
                 CSVPrinter b = intervals == null ? null : new CSVPrinter(intervals, fmt)) {
                if (a != null) {
                    a.printRecord("constellation", "satellite", "eclipses", "eclipse_fraction", "umbra_fraction",
                            "longest_eclipse_min", "mean_eclipse_min", "decayed_utc");
                    b.printRecord("constellation", "satellite", "start_utc", "end_utc", "duration_s", "umbra_s",
                            "clipped_by_horizon");
                }
                for (OrbitCommand.Common.Result r : results) {
                    ConstellationTimelines t = r.timelines();
                    long sumShadow = 0;
                    long sumAlive = 0;
                    long maxLongest = 0;
                    long totalEclipses = 0;
                    System.out.printf(Locale.ROOT, "%n%s: %,d satellites%n", t.constellation(), t.size());
                    System.out.printf(Locale.ROOT, "  %-34s %8s %9s %9s %12s %10s%n", "satellite", "eclipses",
                            "shadow %", "umbra %", "longest min", "mean min");
                    for (int s = 0; s < t.size(); s++) {
                        Stats st = stats(t.sunlight()[s]);
                        SunlightTimeline tl = t.sunlight()[s];
                        double fraction = st.aliveMs() == 0 ? 0 : st.shadowMs() / (double) st.aliveMs();
                        double umbraFraction = st.aliveMs() == 0 ? 0 : st.umbraMs() / (double) st.aliveMs();
                        double mean = st.eclipses() == 0 ? 0 : st.shadowMs() / (double) st.eclipses() / 60_000.0;
                        sumShadow += st.shadowMs();
                        sumAlive += st.aliveMs();
                        maxLongest = Math.max(maxLongest, st.longestMs());
                        totalEclipses += st.eclipses();
                        String name = t.satellites().get(s);
                        if (s < common.limit) {
                            System.out.printf(Locale.ROOT, "  %-34s %8d %9.2f %9.2f %12.2f %10.2f%n", name,
                                    st.eclipses(), 100 * fraction, 100 * umbraFraction, st.longestMs() / 60_000.0, mean);
                        }
                        if (a != null) {
                            a.printRecord(t.constellation(), name, st.eclipses(), fmt6(fraction), fmt6(umbraFraction),
                                    fmt3(st.longestMs() / 60_000.0), fmt3(mean),
                                    tl.decayed() ? epoch.plusMillis(tl.decayMs()).toString() : "");
                            for (int e = 0; e < st.eclipses(); e++) {
                                long s0 = st.startMs()[e];
                                long s1 = st.endMs()[e];
                                b.printRecord(t.constellation(), name, epoch.plusMillis(s0), epoch.plusMillis(s1),
                                        fmt3((s1 - s0) / 1000.0), fmt3(st.umbra()[e] / 1000.0),
                                        tl.decayed() && s1 == tl.decayMs() ? "decay" : s0 == 0 || s1 == horizon ? "yes" : "no");
                            }
                        }
                    }
                    if (t.size() > common.limit) {
                        System.out.printf(Locale.ROOT, "  ... %,d more%s%n", t.size() - common.limit,
                                out == null ? " (use --out DIR for all)" : "");
                    }
                    int decayed = common.printDecays(t.constellation(), r.satellites().satellites(),
                            OrbitCommand.Common.decayMs(r), epoch);
                    System.out.printf(Locale.ROOT, "  mean shadow %.2f %% of the %s, %.1f eclipses per satellite,"
                                    + " longest eclipse %.2f min%n", sumAlive == 0 ? 0.0 : 100.0 * sumShadow / sumAlive,
                            decayed == 0 ? "horizon" : "time before decay", totalEclipses / (double) t.size(),
                            maxLongest / 60_000.0);
                }
            }
            common.reportSkipped(out);
            common.writeDecays(out);
            if (out != null) {
                System.out.println("\noutputs: " + out.resolve("eclipses.csv") + ", eclipse-intervals.csv, decayed.csv");
            }
            return 0;
        });
    }

    static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String fmt6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
