package io.skygrid.cli;

import io.skygrid.cli.report.PolicyComparison;
import io.skygrid.cli.report.ReportWriter;
import io.skygrid.cli.report.RunReport;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.RunScenarioFile;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.scenario.ScenarioOverride;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import io.skygrid.workload.WorkloadSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skygrid run}: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a scenario (the main job): the fleet serves the workload; writes summary.json, jobs.csv, "
                + "timeseries.csv, report.html and scenario.yaml (what ran: re-run it with --scenario) to the output folder and prints a summary. Without --scenario the built-in "
                + "default runs: a Colossus-1-like site, a Starlink-like compute shell and a dawn-dusk cluster.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = {"-s", "--scenario"}, paramLabel = "FILE", description = "scenario YAML file (default: built-in)")
    Path scenarioFile;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (overrides the scenario's)")
    Path out;

    @Option(names = "--scale", paramLabel = "N",
            description = "issue each trace job N times (Sia's method), overriding the scenario's trace scale")
    String scale;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "set a scenario field before validation, e.g. --set orbit[0].walker.altitudeKm=800 (repeatable; "
                    + "the value is YAML: quote text values that look like numbers: --set 'orbit[1].sunSynchronous.ltan=\"18:00\"'; "
                    + "lists and mappings in flow style: --set 'scheduler.lasThresholdsGpuHours=[16]'; "
                    + "ground[N]={...} with N the number of sites appends one)")
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--skip-bad-tles", description = "skip malformed TLE records (listed in summary.json) instead of failing")
    boolean skipBadTles;

    @Option(names = "--threads", paramLabel = "N", description = "threads for orbit physics (default: all cores)")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "no progress bars on stderr")
    boolean quiet;

    @Option(names = "--check-invariants", hidden = true, description = "verify scheduler invariants at every instant")
    boolean checkInvariants;

    @Option(names = "--explain", paramLabel = "JOB_ID", split = ",",
            description = "print what happened to these jobs (ids as in jobs.csv) and why they waited")
    List<Integer> explain = new ArrayList<>();

    @Option(names = "--policies", paramLabel = "P1,P2,...", split = ",",
            description = "also run the scenario under each of these queue policies (fifo, priority, fairshare, drf, "
                    + "tiresias, srtf; add +preempt, +nopreempt, +easy or +nobackfill to override the scenario's "
                    + "settings) and print them side by side; writes policies.csv")
    List<String> policies = new ArrayList<>();

    @Option(names = "--outputs", paramLabel = "NAME,...", split = ",",
            description = "write only these outputs: summary (summary.json), jobs (jobs.csv), timeseries "
                    + "(timeseries.csv), report (report.html), inference (inference.csv, runs with inference services);"
                    + " default all. Files of outputs left out are not touched; e.g. sweeps: --outputs summary,jobs")
    List<String> outputs;

    @Override
    public Integer call() {
        return ExitCodes.guarded(this::runScenario);
    }

    private Integer runScenario() throws IOException {
        OrekitSetup.init();
        java.util.List<io.skygrid.scenario.ScenarioOverride> overrides = new java.util.ArrayList<>();
        for (String s : sets) {
            try {
                overrides.add(io.skygrid.scenario.ScenarioOverride.parse(s));
            } catch (IllegalArgumentException e) {
                System.err.println("skygrid: --set " + e.getMessage());
                return 2;
            }
        }
        Scenario scenario = scenarioFile == null ? ScenarioLoader.builtInDefault(overrides)
                : ScenarioLoader.load(scenarioFile, overrides);
        if (scenarioFile != null) {
            RunScenarioFile.staleInputs(scenarioFile).forEach(w -> System.err.println("skygrid: warning: " + w));
        }
        Warnings.print(scenario, System.err);
        // what ran, for the run folder's scenario.yaml: --set, then --scale and --out as overrides
        List<ScenarioOverride> effective = new ArrayList<>(overrides);
        if (out != null) {
            if (out.toString().isBlank()) {
                System.err.println("skygrid: --out must name a folder");
                return 2;
            }
            scenario = scenario.withOutput(out);
        }
        if (scale != null) {
            int n;
            try {
                n = Integer.parseInt(scale.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > ScenarioLoader.MAX_TRACE_SCALE) {
                System.err.println("skygrid: --scale must be a whole number in [1, "
                        + String.format(Locale.ROOT, "%,d", ScenarioLoader.MAX_TRACE_SCALE) + "], got '" + scale + "'");
                return 2;
            }
            if (!(scenario.workload() instanceof WorkloadSpec.Trace trace)) {
                System.err.println("skygrid: --scale applies to trace workloads; " + scenario.source()
                        + " uses the generator (set its offeredLoad instead)");
                return 2;
            }
            scenario = scenario.withWorkload(trace.withScale(n));
            effective.add(ScenarioOverride.of("workload.trace.scale", Integer.toString(n)));
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            System.err.println("skygrid: --threads must be >= 1, got " + n);
            return 2;
        }
        List<SchedulerSpec> compare = new ArrayList<>();
        for (String p : policies) {
            SchedulerSpec spec = parsePolicy(p.strip(), scenario.scheduler());
            if (spec == null) {
                System.err.println("skygrid: --policies: '" + p + "' is not a policy (known: "
                        + String.join(", ", SchedulerSpec.QUEUES) + ", each optionally with +preempt, +nopreempt, "
                        + "+easy, +nobackfill)");
                return 2;
            }
            compare.add(spec);
        }
        Path created = firstMissing(scenario.output());
        java.util.Set<String> chosen = ReportWriter.OUTPUTS.keySet();
        if (outputs != null) {
            try {
                chosen = ReportWriter.chooseOutputs(outputs);
            } catch (IllegalArgumentException e) {
                System.err.println("skygrid: --outputs: " + e.getMessage());
                return 2;
            }
        }
        ReportWriter.preflight(scenario.output());
        // progress bars only on a terminal: redrawn lines are noise in a log file
        ProgressListener progress = quiet || System.console() == null ? ProgressListener.NONE : new ProgressBars();
        ScenarioRun.Outcome outcome;
        try {
            outcome = ScenarioRun.run(scenario, new ScenarioRun.Options(n, skipBadTles, checkInvariants, progress));
        } catch (RuntimeException | Error e) {
            // a failed run leaves no empty output folder behind (the folders preflight created)
            removeEmptyFolders(scenario.output(), created);
            throw e;
        }
        long w0 = System.nanoTime();
        RunReport report = ReportWriter.writeFiles(outcome, scenario.output(), chosen);
        writeRunScenario(scenarioFile, effective, scenario, scenario.output());
        long writeMs = (System.nanoTime() - w0) / 1_000_000;
        ReportWriter.printTable(report, System.out, scenario.output(), chosen);
        for (int id : explain) {
            int j = outcome.result().indexOfId(id);
            if (j < 0) {
                System.err.println("skygrid: --explain: no job with id " + id + " (ids run from 0 to "
                        + (outcome.result().jobs().size() - 1) + ")");
                return 2;
            }
            System.out.println("explain: " + outcome.result().explain(j));
        }
        if (!compare.isEmpty()) {
            PolicyComparison table = new PolicyComparison();
            for (SchedulerSpec spec : compare) {
                ScenarioRun.Outcome o = spec.equals(scenario.scheduler()) ? outcome
                        : ScenarioRun.rerun(outcome, spec, new ScenarioRun.Options(n, skipBadTles, checkInvariants, progress));
                table.add(spec, spec.equals(scenario.scheduler()) ? report : new RunReport(o));
            }
            System.out.println();
            table.print(System.out);
            Path csv = scenario.output().resolve("policies.csv");
            table.writeCsv(csv);
            System.out.println("policy comparison: " + csv);
        }
        if (!quiet) {
            StringBuilder sb = new StringBuilder("wall time:");
            for (Map.Entry<String, Long> e : outcome.phaseMillis().entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.1f s,", e.getKey(), e.getValue() / 1000.0));
            }
            sb.append(String.format(Locale.ROOT, " outputs %.1f s", writeMs / 1000.0));
            System.err.println(sb);
        }
        return 0;
    }

    /** @return the outermost of {@code dir} and its parents that does not exist yet, or null if {@code dir} exists */
    static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !java.nio.file.Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Deletes {@code dir} and its parents up to {@code top} (inclusive) while they are empty; nothing if top is null. */
    static void removeEmptyFolders(Path dir, Path top) {
        if (top == null) return;
        for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(top); p = p.getParent()) {
            try {
                java.nio.file.Files.delete(p); // only an empty folder can be deleted
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Writes {@value RunScenarioFile#FILE_NAME} into a run folder (atomically: a reader never sees half a
     * file): the effective scenario of the run, see {@link RunScenarioFile}.
     *
     * @param scenarioFile the scenario file the run read, or null for the built-in default
     * @param overrides    the run's overrides ({@code --set}, and {@code --scale} as {@code workload.trace.scale});
     *                     {@code output} is set to {@code dir}
     * @param scenario     the scenario that ran
     * @param dir          the run folder (exists: the outputs are written)
     * @throws IOException if the file cannot be written or an input file cannot be read for its hash
     */
    public static void writeRunScenario(Path scenarioFile, List<ScenarioOverride> overrides, Scenario scenario, Path dir)
            throws IOException {
        List<ScenarioOverride> effective = new ArrayList<>(overrides);
        effective.add(new ScenarioOverride("output", dir.toAbsolutePath().normalize().toString(), ScenarioOverride.Kind.TEXT));
        String version = Main.class.getAnnotation(Command.class).version()[0];
        String text = RunScenarioFile.render(scenarioFile, effective, scenario, version);
        Path file = dir.resolve(RunScenarioFile.FILE_NAME);
        Path part = dir.resolve(RunScenarioFile.FILE_NAME + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return {@code name[+preempt|+nopreempt|+easy|+nobackfill]...} over {@code base}, or null if unknown */
    static SchedulerSpec parsePolicy(String text, SchedulerSpec base) {
        String[] parts = text.split("\\+");
        if (!SchedulerSpec.QUEUES.contains(parts[0])) {
            return null;
        }
        SchedulerSpec s = base.withQueue(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            switch (parts[i]) {
                case "preempt" -> s = s.withPreemption(true);
                case "nopreempt" -> s = s.withPreemption(false);
                case "easy" -> s = s.withBackfill("easy");
                case "nobackfill" -> s = s.withBackfill("none");
                default -> {
                    return null;
                }
            }
        }
        return s;
    }
}
