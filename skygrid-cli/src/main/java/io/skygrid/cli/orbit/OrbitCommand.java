package io.skygrid.cli.orbit;

import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
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
                + "over the scenario's horizon, beta angle and eclipse season over a year, ground-station passes, radiator sizing, "
                + "inter-satellite links and path latency, formation neighbour distances.",
        subcommands = {EclipsesCommand.class, BetaCommand.class, PassesCommand.class, RadiatorCommand.class,
                IslCommand.class, FormationCommand.class})
public final class OrbitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("skygrid orbit: a subcommand is needed (eclipses, beta, passes, radiator, isl, formation)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Options shared by the orbit subcommands, and the physics they run. */
    static final class Common {
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

        @Option(names = "--skip-bad-tles", description = "skip malformed TLE records instead of failing")
        boolean skipBadTles;

        @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
        Integer threads;

        @CommandLine.Mixin
        DesignOptions design = new DesignOptions();

        /** One constellation's physics. */
        record Result(OrbitalConstellation constellation, SatelliteSet satellites, ConstellationTimelines timelines) {
        }

        Scenario scenario;

        /** Loads the scenario and computes the selected constellations' physics. */
        List<Result> compute() {
            OrekitSetup.init();
            scenario = scenarioFile == null ? ScenarioLoader.builtInDefault() : ScenarioLoader.load(scenarioFile);
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (n < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + n);
            }
            List<OrbitalConstellation> chosen = select();
            List<Result> results = new ArrayList<>();
            for (OrbitalConstellation c : chosen) {
                SatelliteSet set = Satellites.load(c.name(), c.orbit(), scenario.epoch(), skipBadTles);
                ConstellationTimelines t = OrbitPhysics.compute(c.name(), set.satellites(), scenario.epoch(),
                        scenario.horizonMs(), scenario.fleet().stations(), scenario.fleet().minElevationDeg(), n,
                        ProgressListener.NONE);
                results.add(new Result(c, set, t));
            }
            return results;
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
