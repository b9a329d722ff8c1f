package io.skygrid.cli.orbit;

import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.Decay;
import io.skygrid.orbit.EarthShape;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sim.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code skygrid orbit}: the physics of a scenario's constellations on their own, without scheduling.
 */
@Command(name = "orbit", mixinStandardHelpOptions = true,
        description = "Orbit physics on its own for the constellations of a scenario: eclipses (umbra and penumbra) "
                + "over the scenario's horizon, beta angle and eclipse season over a year, ground-station passes, data delivery "
                + "through the contact plan, radiator sizing, inter-satellite links and path latency, formation neighbour distances.",
        subcommands = {EclipsesCommand.class, BetaCommand.class, PassesCommand.class, DeliverCommand.class,
                RadiatorCommand.class, IslCommand.class, FormationCommand.class})
public final class OrbitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("skygrid orbit: a subcommand is needed (eclipses, beta, passes, deliver, radiator, isl, formation)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Options shared by the orbit subcommands, and the physics they run. */
    static final class Common {
        /** File in the output folder listing the element-set records skipped with --skip-bad-tles. */
        static final String SKIPPED_FILE = "skipped-tles.csv";

        @Option(names = {"-s", "--scenario"}, paramLabel = "FILE", description = "scenario YAML file (default: built-in)")
        Path scenarioFile;

        @Option(names = {"-c", "--constellation"}, paramLabel = "NAME",
                description = "only this constellation (default: all of the scenario)")
        String constellation;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "write CSV files to this folder")
        Path out;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
                description = "satellites or stations listed on screen per constellation (default: ${DEFAULT-VALUE}); the CSV has all")
        int limit;

        @Option(names = "--skip-bad-tles", description = "skip bad TLE/OMM records instead of failing; with --out "
                + "every skipped record is listed in " + SKIPPED_FILE)
        boolean skipBadTles;

        @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
        Integer threads;

        @Option(names = "--tle", paramLabel = "FILE", description = "instead of a scenario: satellites from a TLE/3LE file")
        Path tle;

        @Option(names = "--omm", paramLabel = "FILE",
                description = "instead of a scenario: satellites from a CCSDS OMM file (CelesTrak JSON, KVN or XML)")
        Path omm;

        @Option(names = "--name-filter", paramLabel = "TEXT", description = "with --tle/--omm: only names containing TEXT")
        String nameFilter;

        @Option(names = "--max", paramLabel = "N", description = "with --tle/--omm: at most N satellites")
        Integer max;

        @Option(names = "--epoch", paramLabel = "UTC",
                description = "with --tle/--omm/--walker/--sso and no --scenario: start, ISO-8601 (default: with --tle/--omm "
                        + "the start of the UTC day of the file's newest element set, else 2026-06-01T00:00:00Z)")
        String epoch;

        @Option(names = "--horizon", paramLabel = "DURATION",
                description = "with --tle/--omm/--walker/--sso and no --scenario: time span, e.g. 24h, 2d (default: 1d)")
        String horizon;

        @Option(names = "--min-elevation", paramLabel = "DEG",
                description = "with --tle/--omm/--walker/--sso and no --scenario: ground-station elevation mask, deg (default: 10)")
        String minElevation;

        /** Body casting the Earth's shadow in {@link #compute()}; set by the commands that report eclipses. */
        EarthShape shape = EarthShape.WGS84;

        @CommandLine.Mixin
        DesignOptions design = new DesignOptions();

        /** Decayed satellites reported so far: constellation, satellite, catalogue number, decay instant. */
        final List<String[]> decays = new ArrayList<>();

        /** One constellation's physics. */
        record Result(OrbitalConstellation constellation, SatelliteSet satellites, ConstellationTimelines timelines) {
        }

        Scenario scenario;

        /** Loads the scenario and computes the selected constellations' physics. */
        List<Result> compute() {
            OrekitSetup.init();
            scenario = loadScenario();
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (n < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + n);
            }
            List<OrbitalConstellation> chosen = select();
            List<Result> results = new ArrayList<>();
            for (OrbitalConstellation c : chosen) {
                SatelliteSet set = load(c, scenario.epoch());
                ConstellationTimelines t = OrbitPhysics.compute(c.name(), set.satellites(), scenario.epoch(),
                        scenario.horizonMs(), scenario.fleet().stations(), scenario.fleet().minElevationDeg(), n,
                        ProgressListener.NONE, shape);
                results.add(new Result(c, set, t));
            }
            return results;
        }

        /**
         * @return the scenario of {@code --scenario}, or one built from the direct inputs ({@code --tle},
         * {@code --omm}, {@code --walker}, {@code --sso}) with the built-in ground stations, or the built-in default
         */
        Scenario loadScenario() {
            boolean designed = design.given();
            int direct = (tle != null ? 1 : 0) + (omm != null ? 1 : 0) + (designed ? 1 : 0);
            if (direct > 1 || (design.walker != null && design.sso != null)) {
                throw new IllegalArgumentException("give one input: --scenario, --tle, --omm, --walker or --sso");
            }
            if (tle == null && omm == null) {
                for (String[] o : new String[][] {{"--name-filter", nameFilter}, {"--max", max == null ? null : "x"}}) {
                    if (o[1] != null) {
                        throw new IllegalArgumentException(o[0] + " goes with --tle or --omm");
                    }
                }
            }
            if (direct == 0 || scenarioFile != null) {
                for (String[] o : new String[][] {{"--epoch", epoch}, {"--horizon", horizon},
                        {"--min-elevation", minElevation}}) {
                    if (o[1] != null) {
                        throw new IllegalArgumentException(o[0] + (direct == 0
                                ? " needs one of --tle, --omm, --walker or --sso"
                                : " does not go with --scenario (the scenario gives it)"));
                    }
                }
            }
            if (direct == 0) {
                // orbit physics needs no workload: an orbit-only scenario is accepted
                return scenarioFile == null ? ScenarioLoader.builtInDefault() : ScenarioLoader.loadWithoutWorkload(scenarioFile);
            }
            if (tle != null || omm != null) {
                if (scenarioFile != null) {
                    throw new IllegalArgumentException("give one input: --scenario, --tle, --omm, --walker or --sso");
                }
            } else {
                // a designed constellation: checked by its options; the epoch, horizon and stations come from
                // --scenario if given, else from --epoch, --horizon and --min-elevation below
                design.constellation();
                if (scenarioFile != null) {
                    return ScenarioLoader.loadWithoutWorkload(scenarioFile);
                }
            }
            // a one-constellation scenario, one option per line so that an error names the option
            List<String> lines = new ArrayList<>();
            List<String> optionOfLine = new ArrayList<>();
            java.util.function.BiConsumer<String, String> line = (text, option) -> {
                lines.add(text);
                optionOfLine.add(option);
            };
            line.accept("name: command-line", null);
            line.accept("epoch: " + yamlString(epoch != null ? epoch : defaultEpoch()), "--epoch");
            line.accept("horizon: " + yamlString(horizon == null ? "1d" : horizon), "--horizon");
            line.accept("orbit:", null);
            String name = tle != null ? "tle" : omm != null ? "omm" : design.constellation().name();
            line.accept("  - name: " + name, null);
            if (tle != null || omm != null) {
                String key = tle != null ? "tle" : "omm";
                String opt = "--" + key;
                line.accept("    " + key + ":", opt);
                line.accept("      file: " + yamlString((tle != null ? tle : omm).toAbsolutePath().toString()), opt);
                if (nameFilter != null) {
                    line.accept("      nameFilter: " + yamlString(nameFilter), "--name-filter");
                }
                if (max != null) {
                    line.accept("      max: " + max, "--max");
                }
            } else if (design.walker != null) {
                line.accept("    walker:", "--walker");
                line.accept("      notation: " + yamlString(design.walker), "--walker");
                line.accept("      altitudeKm: " + design.altitudeKm, "--altitude-km");
                if (design.pattern != null) {
                    line.accept("      pattern: " + yamlString(design.pattern), "--pattern");
                }
            } else {
                line.accept("    sunSynchronous:", "--sso");
                line.accept("      satellites: " + design.sso, "--sso");
                line.accept("      altitudeKm: " + design.altitudeKm, "--altitude-km");
                line.accept("      ltan: " + yamlString(design.ltan == null ? "18:00" : design.ltan), "--ltan");
                if (design.formationRadiusM != null) {
                    line.accept("      formationRadiusM: " + design.formationRadiusM, "--formation-radius-m");
                }
                if (design.minSeparationM != null) {
                    line.accept("      minSeparationM: " + design.minSeparationM, "--min-separation-m");
                }
            }
            // the payload does not enter the orbit physics; it is the built-in default's one-H100 payload
            line.accept("    payload: {accelerator: H100-SXM, count: 1, solarArrayM2: 8, cellEfficiency: 0.3, "
                    + "batteryWh: 1500, busPowerW: 800}", null);
            line.accept("groundStations:", null);
            line.accept("  minElevationDeg: " + yamlNumber(minElevation == null ? "10" : minElevation), "--min-elevation");
            line.accept("workload:", null);
            line.accept("  generator: {offeredLoad: 0.5}", null);
            try {
                return ScenarioLoader.parse(String.join("\n", lines) + "\n", "command line", Path.of("").toAbsolutePath());
            } catch (io.skygrid.scenario.InputException e) {
                int l = e.line();
                String option = l >= 1 && l <= optionOfLine.size() ? optionOfLine.get(l - 1) : null;
                String prefix = e.file() + (l > 0 ? ":" + l : "") + ": " + (e.field() == null || e.field().isEmpty()
                        ? "" : e.field() + " ");
                String what = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
                throw new IllegalArgumentException(option == null ? what : option + ": " + what, e);
            }
        }

        /**
         * @return the epoch without --epoch: for --tle/--omm the start of the UTC day of the file's newest element
         * set (so that a current catalogue snapshot is within SGP4's age limit), else {@value #DEFAULT_EPOCH}
         */
        private String defaultEpoch() {
            if (tle != null || omm != null) {
                java.time.Instant day = Satellites.newestElementDay(tle != null
                        ? new io.skygrid.orbit.OrbitSpec.TleFile(tle, null, null)
                        : new io.skygrid.orbit.OrbitSpec.OmmFile(omm, null, null));
                if (day != null) {
                    return day.toString();
                }
            }
            return DEFAULT_EPOCH;
        }

        /** Epoch of designed constellations without --epoch (that of the built-in default scenario). */
        static final String DEFAULT_EPOCH = "2026-06-01T00:00:00Z";

        /**
         * @return {@code s} as a plain YAML scalar if it is a decimal number, else double-quoted (the loader then
         * says the option is not a number: a quoted value in a number field is refused)
         */
        private static String yamlNumber(String s) {
            String t = s.strip();
            return t.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?") ? t : yamlString(s);
        }

        /** @return {@code s} as a double-quoted YAML scalar */
        private static String yamlString(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append(ch);
                } else if (ch < 0x20) {
                    b.append(String.format("\\x%02x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            return b.append('"').toString();
        }

        /** @return the constellations chosen with --constellation (all by default) */
        List<OrbitalConstellation> select() {
            if (design.given()) {
                if (constellation != null) {
                    throw new IllegalArgumentException("-c/--constellation picks a scenario constellation; it does not go"
                            + " with --walker or --sso");
                }
                if (limit < 0) {
                    throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
                }
                return List.of(design.constellation());
            }
            List<OrbitalConstellation> chosen = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (OrbitalConstellation c : scenario.fleet().orbital()) {
                names.add(c.name());
                if (constellation == null || constellation.equals(c.name())) {
                    chosen.add(c);
                }
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException(constellation == null
                        ? scenario.source() + " has no orbital constellation"
                        : "no constellation '" + constellation + "' in " + scenario.source() + " (known: "
                        + String.join(", ", names) + ")");
            }
            if (limit < 0) {
                throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
            }
            return chosen;
        }

        /** Every constellation loaded by {@link #load}, with its satellites, in load order. */
        private final List<java.util.Map.Entry<String, SatelliteSet>> loaded = new ArrayList<>();

        /**
         * Loads a constellation's satellites (skipping bad element-set records with --skip-bad-tles) and keeps
         * its skipped records for {@link #reportSkipped}.
         */
        SatelliteSet load(OrbitalConstellation c, java.time.Instant epoch) {
            SatelliteSet set = Satellites.load(c.name(), c.orbit(), epoch, skipBadTles);
            loaded.add(java.util.Map.entry(c.name(), set));
            return set;
        }

        /**
         * With --skip-bad-tles: writes every skipped record of the constellations loaded so far to
         * {@value #SKIPPED_FILE} in {@code out} (columns constellation, file, line, catalogue, reason; header
         * only if none was skipped) and says on stdout how many were skipped and where the list is. Without
         * --out the first --limit records are printed instead.
         *
         * @param out the output folder, or null
         * @return the list's path, or null if none was written
         */
        Path reportSkipped(Path out) throws IOException {
            if (!skipBadTles) {
                return null;
            }
            List<String[]> rows = new ArrayList<>();
            for (java.util.Map.Entry<String, SatelliteSet> e : loaded) {
                for (SatelliteSet.Skipped k : e.getValue().skippedRecords()) {
                    rows.add(new String[] {e.getKey(), k.file(), k.line() > 0 ? String.valueOf(k.line()) : "",
                            k.catalogue() == null ? "" : k.catalogue(), k.reason()});
                }
            }
            Path list = null;
            if (out != null) {
                list = out.resolve(SKIPPED_FILE);
                try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(
                        Files.newBufferedWriter(list, java.nio.charset.StandardCharsets.UTF_8),
                        org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                    csv.printRecord("constellation", "file", "line", "catalogue", "reason");
                    for (String[] r : rows) {
                        csv.printRecord((Object[]) r);
                    }
                }
            }
            if (rows.isEmpty()) {
                return list;
            }
            String records = String.format(java.util.Locale.ROOT, "%,d bad element-set record%s skipped (--skip-bad-tles)",
                    rows.size(), rows.size() == 1 ? "" : "s");
            if (list != null) {
                System.out.println("\n" + records + ", every one listed in " + list);
            } else {
                System.out.println("\n" + records + ":");
                int n = 0;
                for (java.util.Map.Entry<String, SatelliteSet> e : loaded) {
                    for (String m : e.getValue().skipped()) {
                        if (n++ < limit) {
                            System.out.println("  " + m);
                        }
                    }
                }
                if (rows.size() > limit) {
                    System.out.printf(java.util.Locale.ROOT, "  ... %,d more (use --out DIR for %s with all)%n",
                            rows.size() - limit, SKIPPED_FILE);
                }
            }
            return list;
        }

        /**
         * Prints one line per decayed satellite of a constellation ("decayed: NAME (catalogue N) at UTC") and
         * remembers it for {@link #writeDecays}.
         *
         * @param decayMs decay instant per satellite, ms after {@code epoch}, or {@link Decay#NEVER}
         * @return number of decayed satellites
         */
        int printDecays(String constellation, List<SatelliteOrbit> sats, long[] decayMs, java.time.Instant epoch) {
            int n = 0;
            for (int i = 0; i < sats.size(); i++) {
                if (decayMs[i] == Decay.NEVER) {
                    continue;
                }
                n++;
                SatelliteOrbit s = sats.get(i);
                String catalogue = s instanceof SatelliteOrbit.Sgp4 sgp ? String.valueOf(sgp.tle().getSatelliteNumber()) : "";
                java.time.Instant when = epoch.plusMillis(decayMs[i]);
                System.out.printf(java.util.Locale.ROOT, "  decayed: %s%s at %s (%.1f h after the start; below %.0f km or"
                                + " no SGP4 state), excluded from the means from then on%n", s.name(),
                        catalogue.isEmpty() ? "" : " (catalogue " + catalogue + ")", when, decayMs[i] / 3_600_000.0,
                        Decay.REENTRY_ALTITUDE_M / 1e3);
                decays.add(new String[] {constellation, s.name(), catalogue, when.toString()});
            }
            return n;
        }

        /** @return decay instant of each satellite of a result, ms (from its sunlight timelines) */
        static long[] decayMs(Result r) {
            long[] d = new long[r.timelines().size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.timelines().sunlight()[i].decayMs();
            }
            return d;
        }

        /** With --out: writes decayed.csv (constellation, satellite, catalogue, decayed_utc), header only if none. */
        void writeDecays(Path out) throws IOException {
            if (out == null) {
                return;
            }
            try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(
                    Files.newBufferedWriter(out.resolve("decayed.csv"), java.nio.charset.StandardCharsets.UTF_8),
                    org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                csv.printRecord("constellation", "satellite", "catalogue", "decayed_utc");
                for (String[] d : decays) {
                    csv.printRecord((Object[]) d);
                }
            }
        }

        Path prepareOut() throws IOException {
            if (out == null) {
                return null;
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IOException(out + " exists and is not a folder");
            }
            Files.createDirectories(out);
            return out;
        }
    }

    /** Runs {@code body} with the commands' shared mapping of failures to messages and exit codes. */
    static int guarded(Callable<Integer> body) {
        return io.skygrid.cli.ExitCodes.guarded(body);
    }
}
