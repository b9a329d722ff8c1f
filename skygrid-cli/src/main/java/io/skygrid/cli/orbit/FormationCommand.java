package io.skygrid.cli.orbit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.Formations;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.scenario.ScenarioLoader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit formation}: neighbour distances of a formation cluster (or any small group of
 * satellites) over an orbit: per satellite the nearest-neighbour distance (min, mean, max), the closest
 * approach of any two (collision check) and the extent of the group ({@link Formations#neighbours}).
 */
@Command(name = "formation", mixinStandardHelpOptions = true,
        description = "Neighbour distances of a formation cluster over whole orbits from the scenario's epoch: per "
                + "satellite the nearest-neighbour distance (min/mean/max), the closest approach of any two satellites "
                + "and the cluster's extent. With --out: formation.csv (one row per satellite) and formation.json.")
public final class FormationCommand implements Callable<Integer> {
    @Mixin
    OrbitCommand.Common common = new OrbitCommand.Common();

    @Option(names = "--orbits", paramLabel = "N", defaultValue = "1", description = "orbits to cover (default: ${DEFAULT-VALUE})")
    double orbits;

    @Option(names = "--step-s", paramLabel = "S", defaultValue = "10", description = "sampling step, s (default: ${DEFAULT-VALUE})")
    double stepS;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "hcw",
            description = "hcw (the designed orbits, default), two-body or j2 (numerical propagation of the absolute"
                    + " orbits from the designed states, Orekit)")
    String model;

    @Override
    public Integer call() {
        return OrbitCommand.guarded(() -> {
            if (!(orbits > 0 && orbits <= 1000)) throw new IllegalArgumentException("--orbits must be in (0, 1,000], got " + orbits);
            if (!(stepS >= 0.1 && stepS <= 3600)) throw new IllegalArgumentException("--step-s must be in [0.1, 3,600], got " + stepS);
            Formations.Model numerical = switch (model) {
                case "hcw" -> null;
                case "two-body" -> Formations.Model.TWO_BODY;
                case "j2" -> Formations.Model.J2;
                default -> throw new IllegalArgumentException("--model must be hcw, two-body or j2, got '" + model + "'");
            };
            OrekitSetup.init();
            common.scenario = common.loadScenario();
            List<OrbitalConstellation> chosen = common.select();
            Path out = common.prepareOut();
            System.out.printf(Locale.ROOT, "Formation neighbour distances from %s over %s orbit(s), every %s s (%s)%n",
                    common.scenario.epoch(), plain(orbits), plain(stepS), common.scenario.source());
            CSVFormat fmt = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode all = json.createArrayNode();
            CSVPrinter csv = out == null ? null : new CSVPrinter(
                    Files.newBufferedWriter(out.resolve("formation.csv"), StandardCharsets.UTF_8), fmt);
            try (csv) {
                if (csv != null) {
                    csv.printRecord("constellation", "satellite", "nearest_min_m", "nearest_mean_m", "nearest_max_m");
                }
                for (OrbitalConstellation c : chosen) {
                    SatelliteSet set = common.load(c, common.scenario.epoch());
                    List<SatelliteOrbit> sats = set.satellites();
                    if (sats.size() < 2) {
                        throw new IllegalArgumentException(c.name() + ": a formation needs at least 2 satellites, got " + sats.size());
                    }
                    if (sats.size() > 5_000) {
                        throw new IllegalArgumentException(c.name() + ": " + sats.size() + " satellites; the neighbour"
                                + " analysis compares every pair (O(n^2) per step) and takes at most 5,000: pick a cluster with -c");
                    }
                    double period = Formations.period(sats.get(0));
                    if (numerical != null && sats.get(0) instanceof io.skygrid.orbit.SatelliteOrbit.Sgp4) {
                        throw new IllegalArgumentException("--model " + model + " propagates designed satellites; "
                                + c.name() + " comes from TLE/OMM (use --model hcw, which samples SGP4)");
                    }
                    Formations.NeighbourStats st = numerical == null
                            ? Formations.neighbours(sats, common.scenario.epoch(), orbits * period, stepS)
                            : Formations.neighboursNumerical(sats, common.scenario.epoch(), orbits * period, stepS, numerical);
                    System.out.printf(Locale.ROOT, "%n%s: %,d satellites, period %.2f min, %,d instants, %s%n", c.name(),
                            sats.size(), period / 60, st.samples(), numerical == null ? "designed orbits"
                                    : numerical == Formations.Model.J2 ? "numerical propagation, central gravity + J2"
                                    : "numerical propagation, two-body");
                    if (c.orbit() instanceof OrbitSpec.SunSynchronous s && s.formationRadiusM() > 0) {
                        System.out.printf(Locale.ROOT, "  design: hexagonal lattice in the HCW circular-orbit plane, radius"
                                        + " %,.0f m, spacing %.1f m (at least %,.0f m)%n", s.formationRadiusM(),
                                Formations.spacing(sats.size(), s.formationRadiusM()), s.minSeparationM());
                    }
                    System.out.printf(Locale.ROOT, "  %-28s %14s %14s %14s%n", "satellite", "nearest min m", "nearest mean m",
                            "nearest max m");
                    ObjectNode o = all.addObject();
                    o.put("constellation", c.name());
                    o.put("model", model);
                    o.put("satellites", sats.size());
                    o.put("period_s", period);
                    o.put("instants", st.samples());
                    o.put("step_s", st.stepS());
                    ArrayNode per = o.putArray("per_satellite");
                    for (int i = 0; i < sats.size(); i++) {
                        if (i < common.limit) {
                            System.out.printf(Locale.ROOT, "  %-28s %14.2f %14.2f %14.2f%n", st.names().get(i),
                                    st.nearestMinM()[i], st.nearestMeanM()[i], st.nearestMaxM()[i]);
                        }
                        if (csv != null) {
                            csv.printRecord(c.name(), st.names().get(i), f3(st.nearestMinM()[i]), f3(st.nearestMeanM()[i]),
                                    f3(st.nearestMaxM()[i]));
                        }
                        ObjectNode p = per.addObject();
                        p.put("satellite", st.names().get(i));
                        p.put("nearest_min_m", st.nearestMinM()[i]);
                        p.put("nearest_mean_m", st.nearestMeanM()[i]);
                        p.put("nearest_max_m", st.nearestMaxM()[i]);
                    }
                    if (sats.size() > common.limit) {
                        System.out.printf(Locale.ROOT, "  ... %,d more%s%n", sats.size() - common.limit,
                                out == null ? " (use --out DIR for all)" : "");
                    }
                    double meanNearest = 0;
                    double maxNearest = 0;
                    for (int i = 0; i < sats.size(); i++) {
                        meanNearest += st.nearestMeanM()[i];
                        maxNearest = Math.max(maxNearest, st.nearestMaxM()[i]);
                    }
                    meanNearest /= sats.size();
                    System.out.printf(Locale.ROOT, "  closest approach %.2f m (%s - %s, %.1f min after the epoch); nearest"
                                    + " neighbour mean %.2f m, largest %.2f m%n", st.minPairM(), st.names().get(st.minPairA()),
                            st.names().get(st.minPairB()), st.minPairTimeS() / 60, meanNearest, maxNearest);
                    System.out.printf(Locale.ROOT, "  extent: at most %.2f m from the centroid, %.2f m across%n",
                            st.maxRadiusM(), st.maxDiameterM());
                    o.put("closest_approach_m", st.minPairM());
                    o.put("closest_pair_a", st.names().get(st.minPairA()));
                    o.put("closest_pair_b", st.names().get(st.minPairB()));
                    o.put("closest_time_s", st.minPairTimeS());
                    o.put("max_radius_from_centroid_m", st.maxRadiusM());
                    o.put("max_diameter_m", st.maxDiameterM());
                }
            }
            common.reportSkipped(out);
            if (out != null) {
                json.writeValue(out.resolve("formation.json").toFile(), all);
                System.out.println("\noutputs: " + out.resolve("formation.csv") + ", formation.json");
            }
            return 0;
        });
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
