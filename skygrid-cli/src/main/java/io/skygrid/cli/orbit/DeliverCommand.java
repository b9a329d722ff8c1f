package io.skygrid.cli.orbit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.RelayLink;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactPlan;
import io.skygrid.orbit.RateProfile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code skygrid orbit deliver}: earliest delivery of a volume of data between the ground and each satellite,
 * and between the ground and the whole constellation, through the contact plan (store and forward at each
 * station's link capacity) and, beside it, through an always-on relay network. Model: {@link ContactPlan}.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Earliest time a volume of data (a checkpoint, a dataset) gets from each satellite to the ground "
                + "(downlink) and from the ground to it (uplink) through the contact plan: contact windows above the "
                + "elevation mask at each station's downlinkBps/uplinkBps, one station at a time per satellite; and for "
                + "the whole constellation (data through any satellite, every station in view used once). With a relay "
                + "(scenario groundStations.relay or --relay-bps) also latency + volume / bandwidth. With --out: "
                + "delivery.csv (one row per satellite) and delivery.json (summary).")
public final class DeliverCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @Option(names = "--volume", required = true, paramLabel = "SIZE",
            description = "data volume: bytes with an optional decimal (kB, MB, GB, TB, PB) or binary (KiB, MiB, GiB, "
                    + "TiB, PiB) unit, e.g. 2TB, 500GB, 1.5e12")
    String volume;

    @Option(names = "--start", paramLabel = "WHEN", defaultValue = "0s",
            description = "when the data is ready: an offset from the scenario epoch (90m, 6h, 1.5d) or an ISO-8601 "
                    + "instant (default: ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--relay-bps", paramLabel = "BPS",
            description = "always-on relay bandwidth per satellite, bit/s (overrides the scenario's groundStations.relay)")
    Double relayBps;

    @Option(names = "--relay-latency-ms", paramLabel = "MS",
            description = "relay one-way latency, ms (default: the scenario's, else 0)")
    Double relayLatencyMs;

    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-z]*)\\s*");
    private static final Pattern OFFSET = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*([smhd])\\s*");

    /**
     * @param text a size such as {@code 2TB}, {@code 512GiB}, {@code 1e9}, {@code 10 MB}
     * @return bytes
     * @throws IllegalArgumentException naming the option on anything else, or a size that is not positive
     */
    static double parseBytes(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--volume must be a size such as 2TB, 500GB or 1.5e12 (bytes), got '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "tb" -> 1e12;
            case "pb" -> 1e15;
            case "kib" -> 1024.0;
            case "mib" -> Math.pow(1024, 2);
            case "gib" -> Math.pow(1024, 3);
            case "tib" -> Math.pow(1024, 4);
            case "pib" -> Math.pow(1024, 5);
            default -> throw new IllegalArgumentException("--volume unit must be one of B, kB, MB, GB, TB, PB, KiB, MiB, "
                    + "GiB, TiB, PiB, got '" + m.group(2) + "' in '" + text + "'");
        };
        double bytes = v * unit;
        if (!(bytes > 0) || !Double.isFinite(bytes)) {
            throw new IllegalArgumentException("--volume must be > 0, got '" + text + "'");
        }
        return bytes;
    }

    /** @return the start as ms since the epoch, within [0, horizon) */
    static long parseStart(String text, Instant epoch, long horizonMs) {
        long ms;
        Matcher m = OFFSET.matcher(text);
        if (m.matches()) {
            double mult = switch (m.group(2)) {
                case "s" -> 1e3;
                case "m" -> 60e3;
                case "h" -> 3600e3;
                default -> 86_400e3;
            };
            ms = Math.round(Double.parseDouble(m.group(1)) * mult);
        } else {
            try {
                ms = Instant.parse(text.strip()).toEpochMilli() - epoch.toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an offset such as 90m, 6h, 1.5d or an ISO-8601 instant "
                        + "such as 2026-06-01T06:00:00Z, got '" + text + "'");
            }
        }
        if (ms < 0 || ms >= horizonMs) {
            throw new IllegalArgumentException("--start must fall within the scenario's horizon [" + epoch + ", "
                    + epoch.plusMillis(horizonMs) + "), got '" + text + "'");
        }
        return ms;
    }

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            double bytes = parseBytes(volume);
            if (relayLatencyMs != null && !(relayLatencyMs >= 0 && relayLatencyMs <= 60_000)) {
                throw new IllegalArgumentException("--relay-latency-ms must be in [0, 60000], got " + relayLatencyMs);
            }
            if (relayBps != null && !(relayBps > 0 && Double.isFinite(relayBps))) {
                throw new IllegalArgumentException("--relay-bps must be > 0, got " + relayBps);
            }
            List<OrbitCommand.Common.Result> results = common.compute();
            Path out = common.prepareOut();
            Instant epoch = common.scenario.epoch();
            long horizon = common.scenario.horizonMs();
            long t0 = parseStart(start, epoch, horizon);
            List<GroundStation> stations = common.scenario.fleet().stations();
            RelayLink relay = common.scenario.fleet().relay();
            if (relayBps != null) {
                relay = new RelayLink(relayBps, (relayLatencyMs != null ? relayLatencyMs
                        : relay != null ? relay.latencyS() * 1000 : 0) / 1000.0);
            } else if (relayLatencyMs != null) {
                if (relay == null) {
                    throw new IllegalArgumentException("--relay-latency-ms needs a relay: give --relay-bps or groundStations.relay");
                }
                relay = new RelayLink(relay.bandwidthBps(), relayLatencyMs / 1000.0);
            }
            double sumDown = 0, sumUp = 0;
            for (GroundStation g : stations) {
                sumDown += g.downlinkBps();
                sumUp += g.uplinkBps();
            }
            System.out.printf(Locale.ROOT, "Delivery of %s (%s bytes) ready at %s (epoch + %s), horizon %s%n",
                    volume.strip(), String.format(Locale.ROOT, "%,.0f", bytes), epoch.plusMillis(t0), hours(t0),
                    epoch.plusMillis(horizon));
            System.out.printf(Locale.ROOT, "Contact plan: %d ground stations above %.1f deg (%s), downlink %s, uplink %s%n",
                    stations.size(), common.scenario.fleet().minElevationDeg(), common.scenario.source(),
                    rates(stations, true, sumDown), rates(stations, false, sumUp));
            System.out.println(relay == null ? "Relay: none (set groundStations.relay or --relay-bps to compare)"
                    : String.format(Locale.ROOT, "Relay: always on, %s per satellite, %.0f ms latency", bps(relay.bandwidthBps()),
                    relay.latencyS() * 1000));

            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("volumeBytes", bytes);
            json.put("start", epoch.plusMillis(t0).toString());
            json.put("horizonEnd", epoch.plusMillis(horizon).toString());
            json.put("stations", stations.size());
            json.put("minElevationDeg", common.scenario.fleet().minElevationDeg());
            if (relay != null) {
                json.putObject("relay").put("bandwidthBps", relay.bandwidthBps()).put("latencyMs", relay.latencyS() * 1000);
            }
            ArrayNode jc = json.putArray("constellations");
            CSVPrinter csv = out == null ? null : new CSVPrinter(
                    Files.newBufferedWriter(out.resolve("delivery.csv"), StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
            try (csv) {
                if (csv != null) {
                    csv.printRecord("constellation", "satellite", "start_utc", "volume_bytes", "downlink_done_utc",
                            "downlink_h", "uplink_done_utc", "uplink_h", "relay_h");
                }
                for (OrbitCommand.Common.Result r : results) {
                    ConstellationTimelines t = r.timelines();
                    ContactPlan plan = new ContactPlan(t, stations, horizon);
                    int n = plan.satellites();
                    long[] down = new long[n];
                    long[] up = new long[n];
                    for (int s = 0; s < n; s++) {
                        down[s] = plan.earliestDownlinkMs(s, t0, bytes);
                        up[s] = plan.earliestUplinkMs(s, t0, bytes);
                    }
                    long relayOne = relay == null ? -1 : relay.deliveryMs(t0, bytes, 1);
                    long relayAll = relay == null ? -1 : relay.deliveryMs(t0, bytes, n);
                    long anyDown = plan.earliestDownlinkAnyMs(t0, bytes);
                    long anyUp = plan.earliestUplinkAnyMs(t0, bytes);
                    System.out.printf(Locale.ROOT, "%n%s: %,d satellites%n", t.constellation(), n);
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "", "downlink (to ground)", "uplink (to orbit)");
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "whole constellation (any satellite)",
                            after(anyDown, t0), after(anyUp, t0));
                    if (relay != null) {
                        System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "whole constellation through the relay",
                                after(relayAll, t0), after(relayAll, t0));
                    }
                    Summary sd = summary(down, t0), su = summary(up, t0);
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "one satellite, fastest", sd.fastest, su.fastest);
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "one satellite, median", sd.median, su.median);
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "one satellite, slowest", sd.slowest, su.slowest);
                    System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "satellites not done by the horizon",
                            String.format(Locale.ROOT, "%,d", sd.beyond), String.format(Locale.ROOT, "%,d", su.beyond));
                    if (relay != null) {
                        System.out.printf(Locale.ROOT, "  %-44s %18s %18s%n", "one satellite through the relay",
                                after(relayOne, t0), after(relayOne, t0));
                    }
                    List<Integer> order = new ArrayList<>();
                    for (int s = 0; s < n; s++) {
                        order.add(s);
                    }
                    order.sort(Comparator.comparingLong((Integer s) -> down[s]).thenComparingInt(s -> s));
                    if (common.limit > 0) {
                        System.out.printf(Locale.ROOT, "  fastest downlinks:%n  %-30s %22s %10s %22s %10s%n", "satellite",
                                "downlink done (UTC)", "after", "uplink done (UTC)", "after");
                        for (int i = 0; i < Math.min(common.limit, n); i++) {
                            int s = order.get(i);
                            System.out.printf(Locale.ROOT, "  %-30s %22s %10s %22s %10s%n", t.satellites().get(s),
                                    utc(down[s], epoch), after(down[s], t0), utc(up[s], epoch), after(up[s], t0));
                        }
                        if (n > common.limit) {
                            System.out.printf(Locale.ROOT, "  ... %,d more satellites%n", n - common.limit);
                        }
                    }
                    if (csv != null) {
                        for (int s = 0; s < n; s++) {
                            csv.printRecord(t.constellation(), t.satellites().get(s), epoch.plusMillis(t0), volumeText(bytes),
                                    utc(down[s], epoch), hoursCsv(down[s], t0), utc(up[s], epoch), hoursCsv(up[s], t0),
                                    relay == null ? "" : hoursCsv(relayOne, t0));
                        }
                    }
                    ObjectNode c = jc.addObject();
                    c.put("constellation", t.constellation());
                    c.put("satellites", n);
                    putDone(c.putObject("constellationDownlink"), anyDown, t0, epoch);
                    putDone(c.putObject("constellationUplink"), anyUp, t0, epoch);
                    c.putObject("satelliteDownlinkHours").put("fastest", sd.fastestH).put("median", sd.medianH)
                            .put("slowest", sd.slowestH).put("notDoneByHorizon", sd.beyond);
                    c.putObject("satelliteUplinkHours").put("fastest", su.fastestH).put("median", su.medianH)
                            .put("slowest", su.slowestH).put("notDoneByHorizon", su.beyond);
                    if (relay != null) {
                        c.putObject("relay").put("oneSatelliteHours", (relayOne - t0) / 3.6e6)
                                .put("constellationHours", (relayAll - t0) / 3.6e6);
                    }
                    // a decayed satellite has no contact after its decay: name it and say when (JSON too)
                    int before = common.decays.size();
                    common.printDecays(t.constellation(), r.satellites().satellites(), OrbitCommand.Common.decayMs(r),
                            epoch);
                    com.fasterxml.jackson.databind.node.ArrayNode dj = c.putArray("decayed");
                    for (String[] d : common.decays.subList(before, common.decays.size())) {
                        dj.addObject().put("satellite", d[1]).put("catalogue", d[2]).put("decayedUtc", d[3]);
                    }
                }
            }
            common.reportSkipped(out);
            common.writeDecays(out);
            if (out != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                        .writeValue(out.resolve("delivery.json").toFile(), json);
                System.out.println("\noutputs: " + out.resolve("delivery.csv") + ", " + out.resolve("delivery.json"));
            }
            return 0;
        });
    }

    /**
     * Fastest, median and slowest delivery over all satellites, a satellite that does not finish by the horizon
     * counting as later than every one that does ("> horizon"; null hours in JSON), and how many do not finish.
     */
    private record Summary(String fastest, String median, String slowest, Double fastestH, Double medianH, Double slowestH,
                           int beyond) {
    }

    private static Summary summary(long[] done, long t0) {
        long[] all = done.clone();
        Arrays.sort(all); // BEYOND_HORIZON (Long.MAX_VALUE) sorts last
        int beyond = (int) Arrays.stream(done).filter(x -> x == RateProfile.BEYOND_HORIZON).count();
        if (all.length == 0) {
            return new Summary("-", "-", "-", null, null, null, 0);
        }
        long f = all[0], m = all[(all.length - 1) / 2], s = all[all.length - 1];
        return new Summary(after(f, t0), after(m, t0), after(s, t0), hoursOrNull(f, t0), hoursOrNull(m, t0),
                hoursOrNull(s, t0), beyond);
    }

    private static Double hoursOrNull(long done, long t0) {
        return done == RateProfile.BEYOND_HORIZON ? null : (done - t0) / 3.6e6;
    }

    private static void putDone(ObjectNode o, long done, long t0, Instant epoch) {
        if (done == RateProfile.BEYOND_HORIZON) {
            o.putNull("doneUtc");
            o.putNull("hours");
        } else {
            o.put("doneUtc", epoch.plusMillis(done).toString());
            o.put("hours", (done - t0) / 3.6e6);
        }
    }

    private static String utc(long done, Instant epoch) {
        return done == RateProfile.BEYOND_HORIZON ? "after horizon" : epoch.plusMillis(done).toString();
    }

    private static String after(long done, long t0) {
        return done == RateProfile.BEYOND_HORIZON ? "> horizon" : hours(done - t0);
    }

    private static String hoursCsv(long done, long t0) {
        return done == RateProfile.BEYOND_HORIZON ? "" : String.format(Locale.ROOT, "%.4f", (done - t0) / 3.6e6);
    }

    private static String hours(long ms) {
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.2f h", ms / 3.6e6);
    }

    private static String volumeText(double bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes);
    }

    private static String bps(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.3g Gbit/s", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.3g Mbit/s", v / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g kbit/s", v / 1e3);
    }

    /** "800 Mbit/s per station" when all stations agree, else the range and the sum. */
    private static String rates(List<GroundStation> stations, boolean down, double sum) {
        double lo = Double.MAX_VALUE, hi = 0;
        for (GroundStation g : stations) {
            double v = down ? g.downlinkBps() : g.uplinkBps();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return lo == hi ? bps(lo) + " per station" : bps(lo) + " to " + bps(hi) + " per station (" + bps(sum) + " in all)";
    }
}
