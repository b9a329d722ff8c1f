package io.skygrid.cli;

import io.skygrid.cli.report.PolicyComparison;
import io.skygrid.cli.report.ReportWriter;
import io.skygrid.cli.report.RunReport;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sim.ProgressListener;
import io.skygrid.sim.ScenarioRun;
import io.skygrid.workload.WorkloadSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skygrid run}: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a scenario (the main job): the fleet serves the workload; writes summary.json, jobs.csv, "
                + "timeseries.csv and report.html to the output folder and prints a summary. Without --scenario the built-in "
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
                    + "quote text values that look like numbers: --set 'orbit[1].sunSynchronous.ltan=\"18:00\"')")
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
        ScenarioRun.Outcome outcome = ScenarioRun.run(scenario,
                new ScenarioRun.Options(n, skipBadTles, checkInvariants, progress));
        long w0 = System.nanoTime();
        RunReport report = ReportWriter.writeFiles(outcome, scenario.output(), chosen);
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
