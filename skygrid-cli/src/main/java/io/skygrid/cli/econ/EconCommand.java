package io.skygrid.cli.econ;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skygrid.cli.ExitCodes;
import io.skygrid.cli.report.CostSummary;
import io.skygrid.econ.CostModel;
import io.skygrid.econ.FleetParam;
import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.RunScenarioFile;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.econ.UnusedCapacity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code skygrid econ}: cost per delivered GPU-hour of a scenario's ground sites and constellations, with
 * every assumption printed. Nameplate mode (no simulation, an assumed utilisation) or from a finished run's
 * {@code summary.json}; optional sweep over one or two parameters with a table and an SVG chart.
 */
@Command(name = "econ", mixinStandardHelpOptions = true,
        description = "Cost per delivered GPU-hour, ground versus orbit: capex, electricity, launch, replacement; cost "
                + "per kW-year of launched power; the launch price at which orbit matches the ground. Runs on a scenario "
                + "without simulating (nameplate: an assumed utilisation) or on a finished run (--run DIR reads its "
                + "summary.json). Every assumption is printed with its source; override them in the scenario's "
                + "'economics' section.")
public final class EconCommand implements Callable<Integer> {
    @Option(names = {"-s", "--scenario"}, paramLabel = "FILE",
            description = "scenario YAML (default: built-in; with --run: the run folder's scenario.yaml, what ran)")
    Path scenarioFile;

    @Option(names = "--run", paramLabel = "DIR", description = "output folder of a finished `skygrid run`: use its "
            + "delivered GPU-hours and energy (summary.json) costed on the folder's scenario.yaml (what ran), instead of the nameplate")
    Path runDir;

    @Option(names = "--utilisation", paramLabel = "U",
            description = "nameplate mode: fraction of installed GPU-hours delivered, (0, 1] (default: the scenario's "
                    + "economics.nameplateUtilisation, 0.8)")
    Double utilisation;

    @Option(names = "--json", description = "print the comparison as JSON (same shape as summary.json's 'costs')")
    boolean json;

    @Option(names = "--sweep", paramLabel = "NAME=FROM:TO:STEPS",
            description = "vary a parameter (launchUsdPerKg, arrayWPerKg, electricityUsdPerKWh, gpuPriceUsd); give it "
                    + "once or twice; prints a table and writes an SVG chart")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--chart", paramLabel = "FILE",
            description = "SVG chart of a sweep (default: econ-sweep.svg in the run folder, else the scenario's output folder)")
    Path chart;

    /** Nameplate horizon: one year. */
    static final double NAMEPLATE_HOURS = CostModel.HOURS_PER_YEAR;

    @Override
    public Integer call() {
        return ExitCodes.guarded(this::econ);
    }

    private Integer econ() throws IOException {
        if (sweeps.size() > 2) {
            throw new IllegalArgumentException("--sweep can be given once or twice, got " + sweeps.size());
        }
        Sweep.Axis x = sweeps.isEmpty() ? null : Sweep.Axis.parse(sweeps.get(0));
        Sweep.Axis y = sweeps.size() < 2 ? null : Sweep.Axis.parse(sweeps.get(1));
        if (y != null && y.name().equals(x.name())) {
            throw new IllegalArgumentException("--sweep: the two parameters must differ, got " + x.name() + " twice");
        }
        if (chart != null && Files.isDirectory(chart)) {
            throw new IllegalArgumentException("--chart: " + chart + " is a folder; give a file name, e.g. "
                    + chart.resolve("econ-sweep.svg"));
        }
        if (runDir != null && utilisation != null) {
            throw new IllegalArgumentException("--utilisation applies to nameplate mode; with --run the run's delivered "
                    + "GPU-hours are used");
        }
        OrekitSetup.init();
        JsonNode summary = runDir == null ? null : readSummary(runDir);
        Scenario scenario = scenario(summary);
        Fleet fleet = scenario.fleet();
        int epochYear = scenario.epoch().atOffset(ZoneOffset.UTC).getYear();
        List<CostModel.PoolUsage> usage;
        String mode;
        double u;
        if (summary == null) {
            u = utilisation != null ? utilisation : scenario.economics().fleet().get(FleetParam.NAMEPLATE_UTILISATION);
            if (!(u > 0 && u <= 1)) throw new IllegalArgumentException("--utilisation must be in (0, 1], got " + u);
            int[] sats = new int[fleet.orbital().size()];
            for (int i = 0; i < sats.length; i++) {
                OrbitalConstellation c = fleet.orbital().get(i);
                int n = CostModel.designedSatellites(c);
                sats[i] = n >= 0 ? n : Satellites.load(c.name(), c.orbit(), scenario.epoch(), false).satellites().size();
            }
            usage = CostModel.nameplateUsage(fleet, sats, u, NAMEPLATE_HOURS);
            mode = "nameplate";
        } else {
            usage = usageFromSummary(summary, fleet, runDir.resolve("summary.json"));
            mode = "simulated";
            u = Double.NaN;
        }
        CostModel.CostReport report = CostModel.evaluate(fleet, usage, scenario.economics(), epochYear, mode, u);
        if (x != null) {
            List<Sweep.Point> points = Sweep.run(fleet, usage, scenario.economics(), epochYear, mode, u, x, y);
            Path file = chart != null ? chart : (runDir != null ? runDir : scenario.output()).resolve("econ-sweep.svg");
            String title = "Cost per delivered GPU-hour: " + scenario.name() + " (" + mode + ")";
            writeAtomically(file, Sweep.svg(points, x, y, title));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sweep", y == null ? List.of(x.name()) : List.of(x.name(), y.name()));
                List<Object> rows = new ArrayList<>();
                for (Sweep.Point p : points) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put(x.name(), p.x());
                    if (y != null) r.put(y.name(), p.y());
                    r.put("groundUsdPerGpuHour", Double.isNaN(p.groundUsdPerGpuHour()) ? null : p.groundUsdPerGpuHour());
                    r.put("orbitUsdPerGpuHour", Double.isNaN(p.orbitUsdPerGpuHour()) ? null : p.orbitUsdPerGpuHour());
                    rows.add(r);
                }
                m.put("points", rows);
                m.put("chart", file.toString());
                printJson(m);
            } else {
                header(scenario, mode);
                Sweep.printTable(points, x, y, System.out);
                System.out.println("chart: " + file + " (SVG: orbit solid, ground dashed)");
            }
            return 0;
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario.name());
            m.putAll(CostSummary.map(report, fleet));
            List<String> unused = UnusedCapacity.of(fleet).stream().map(UnusedCapacity::econLine).toList();
            if (!unused.isEmpty()) m.put("unusedCapacity", unused);
            printJson(m);
        } else {
            header(scenario, mode);
            for (UnusedCapacity c : UnusedCapacity.of(fleet)) System.out.println("  " + c.econLine());
            CostSummary.print(report, fleet, System.out);
        }
        return 0;
    }

    private void header(Scenario scenario, String mode) {
        System.out.printf("Skygrid econ: %s (%s)%s%n", scenario.name(), scenario.source(),
                runDir == null ? "" : ", run " + runDir.resolve("summary.json"));
    }

    private static void printJson(Map<String, Object> m) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        System.out.println(mapper.writeValueAsString(m));
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path part = parent.resolve(file.getFileName() + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode readSummary(Path dir) {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            throw new InputException(f.toString(), 0, null, "not found: --run must name the output folder of a "
                    + "finished `skygrid run` (holding summary.json)");
        }
        try {
            return new ObjectMapper().readTree(f.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(f.toString(), 0, null, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(f.toString(), 0, null, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The scenario to cost: {@code --scenario}; else with {@code --run} the run folder's
     * {@value RunScenarioFile#FILE_NAME} (what ran, with every {@code --set} and {@code --scale}); for a folder
     * written before Skygrid wrote that file, the scenario named in summary.json (with a warning: overrides
     * of that run are not known); else the built-in default.
     */
    private Scenario scenario(JsonNode summary) {
        if (scenarioFile != null) {
            RunScenarioFile.staleInputs(scenarioFile).forEach(w -> System.err.println("skygrid: warning: " + w));
            return ScenarioLoader.loadWithoutWorkload(scenarioFile); // costs need no workload
        }
        if (summary == null) return ScenarioLoader.builtInDefault();
        Path ran = runDir.resolve(RunScenarioFile.FILE_NAME);
        if (Files.isRegularFile(ran)) {
            RunScenarioFile.staleInputs(ran).forEach(w -> System.err.println("skygrid: warning: " + w));
            return ScenarioLoader.loadWithoutWorkload(ran);
        }
        System.err.println("skygrid: warning: " + ran + " not found (a run folder from before Skygrid wrote it): "
                + "costing the scenario named in summary.json as it is now, without the run's --set or --scale");
        String source = summary.path("scenario").path("source").asText("");
        if (source.equals(ScenarioLoader.BUILT_IN_NAME)) return ScenarioLoader.builtInDefault();
        Path p = Path.of(source);
        if (!Files.isRegularFile(p)) {
            throw new InputException(runDir.resolve("summary.json").toString(), 0, "scenario.source",
                    "names " + source + ", which is not found from here; give the scenario with --scenario");
        }
        return ScenarioLoader.loadWithoutWorkload(p);
    }

    /**
     * The run's pool {@code i} must be the scenario's: same kind (ground/orbit), same GPUs (a ground site's
     * {@code gpus}; a constellation's satellites x payload count), and for a designed constellation the same
     * number of satellites. Names alone can match while the fleet differs (an edited scenario).
     */
    private static void checkPool(String f, int i, JsonNode p, Fleet fleet, int sats) {
        boolean ground = i < fleet.ground().size();
        String name = ground ? fleet.ground().get(i).name() : fleet.orbital().get(i - fleet.ground().size()).name();
        String where = "pools[" + i + "]";
        String fix = "; give the scenario that ran with --scenario";
        String kind = p.path("kind").asText("");
        String want = ground ? "ground" : "orbit";
        if (!kind.equals(want)) {
            throw new InputException(f, 0, where + ".kind", "of " + name + " is '" + InputException.quote(kind)
                    + "' in the run but " + want + " in the scenario" + fix);
        }
        long gpus = p.path("gpus").canConvertToLong() ? p.path("gpus").asLong() : -1;
        long expected;
        if (ground) {
            expected = fleet.ground().get(i).gpus();
        } else {
            OrbitalConstellation c = fleet.orbital().get(i - fleet.ground().size());
            int designed = CostModel.designedSatellites(c);
            if (designed >= 0 && designed != sats) {
                throw new InputException(f, 0, where + ".satellites", "of " + name + " is " + sats + " in the run but "
                        + designed + " in the scenario" + fix);
            }
            expected = (long) sats * c.payload().count();
        }
        if (gpus != expected) {
            throw new InputException(f, 0, where + ".gpus", "of " + name + " is " + p.path("gpus").asText("missing")
                    + " in the run but " + expected + " in the scenario" + fix);
        }
    }

    /** Delivered GPU-hours, energy and satellites per pool from summary.json, checked against the fleet. */
    static List<CostModel.PoolUsage> usageFromSummary(JsonNode s, Fleet fleet, Path file) {
        String f = file.toString();
        double horizonH = s.path("scenario").path("horizonHours").asDouble(Double.NaN);
        if (!(horizonH > 0)) throw new InputException(f, 0, "scenario.horizonHours", "must be a number > 0");
        JsonNode pools = s.path("pools");
        List<String> names = new ArrayList<>();
        fleet.ground().forEach(g -> names.add(g.name()));
        fleet.orbital().forEach(o -> names.add(o.name()));
        List<String> found = new ArrayList<>();
        pools.forEach(p -> found.add(p.path("name").asText()));
        if (!found.equals(names)) {
            throw new InputException(f, 0, "pools", "are " + found + " but the scenario has " + names
                    + "; give the scenario that ran with --scenario");
        }
        List<CostModel.PoolUsage> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode p = pools.get(i);
            double hours = p.path("gpuHoursDelivered").asDouble(Double.NaN);
            double mwh = p.path("energyMWh").asDouble(Double.NaN);
            if (!(hours >= 0)) throw new InputException(f, 0, "pools[" + i + "].gpuHoursDelivered", "must be a number >= 0");
            if (!(mwh >= 0)) throw new InputException(f, 0, "pools[" + i + "].energyMWh", "must be a number >= 0");
            int sats = i < fleet.ground().size() ? 0 : p.path("satellites").asInt(-1);
            if (sats < 0) throw new InputException(f, 0, "pools[" + i + "].satellites", "must be a whole number >= 0");
            checkPool(f, i, p, fleet, sats);
            out.add(new CostModel.PoolUsage(names.get(i), hours, mwh * 3.6e9, horizonH, sats));
        }
        return out;
    }
}
