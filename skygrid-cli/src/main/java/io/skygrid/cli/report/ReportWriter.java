package io.skygrid.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.scenario.Scenario;
import io.skygrid.sim.Distribution;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's outputs: {@code summary.json}, {@code jobs.csv}, {@code timeseries.csv} in the output
 * folder, and the summary table on a stream. Byte-identical for the same scenario and seed.
 */
public final class ReportWriter {
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private ReportWriter() {
    }

    /** Names of the files a run writes. */
    public static final List<String> FILES = List.of("summary.json", "jobs.csv", "timeseries.csv", "report.html");

    /**
     * @return why a folder could not be created, in words: the system's reason, with the path it concerns when
     * that is not {@code dir} itself (e.g. a parent that is a file); never a Java class name
     */
    static String describe(IOException e, Path dir) {
        String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                : io.skygrid.scenario.InputException.describe(e);
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
                && !Path.of(fs.getFile()).equals(dir)) {
            return fs.getFile() + ": " + reason;
        }
        return reason;
    }

    /**
     * Checks, before a run, that {@code dir} can take the outputs: it is (or can be created as) a
     * writable folder and none of the output names is taken by a folder.
     *
     * @throws IOException with a message saying what is wrong
     */
    public static void preflight(Path dir) throws IOException {
        if (dir.toString().isEmpty()) {
            throw new IOException("the output folder must not be empty");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a folder");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException("cannot create the output folder " + dir + " (" + p + " is a file, not a folder)");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the output folder " + dir + " (" + describe(e, dir) + ")");
        } catch (SecurityException e) {
            throw new IOException("cannot create the output folder " + dir + " (permission denied)");
        }
        for (String f : FILES) {
            if (Files.isDirectory(dir.resolve(f))) {
                throw new IOException(dir.resolve(f) + " is a folder; it cannot be replaced by the output file");
            }
        }
        Path probe = dir.resolve(".skygrid-write-test");
        try {
            Files.writeString(probe, "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("the output folder " + dir + " is not writable");
        }
    }

    /**
     * Names accepted by {@code skygrid run --outputs}, in the order the files are listed, each with its file:
     * {@code summary} summary.json, {@code jobs} jobs.csv, {@code timeseries} timeseries.csv, {@code report}
     * report.html, {@code inference} inference.csv (only for a run with inference services).
     */
    public static final Map<String, String> OUTPUTS = outputs();

    private static Map<String, String> outputs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("summary", "summary.json");
        m.put("jobs", "jobs.csv");
        m.put("timeseries", "timeseries.csv");
        m.put("report", "report.html");
        m.put("inference", "inference.csv");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * @param names output names as given to {@code --outputs} (surrounding blanks ignored, case-sensitive)
     * @return the chosen names in {@link #OUTPUTS} order, without repeats
     * @throws IllegalArgumentException naming the first unknown name and the known ones, or saying the list is empty
     */
    public static java.util.Set<String> chooseOutputs(List<String> names) {
        java.util.Set<String> chosen = new java.util.HashSet<>();
        for (String n : names) {
            String k = n.strip();
            if (!OUTPUTS.containsKey(k)) {
                throw new IllegalArgumentException("'" + n + "' is not an output (known: "
                        + String.join(", ", OUTPUTS.keySet()) + ")");
            }
            chosen.add(k);
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("name at least one output (known: " + String.join(", ", OUTPUTS.keySet()) + ")");
        }
        java.util.Set<String> ordered = new java.util.LinkedHashSet<>();
        for (String k : OUTPUTS.keySet()) {
            if (chosen.contains(k)) ordered.add(k);
        }
        return java.util.Collections.unmodifiableSet(ordered);
    }

    /**
     * Writes the four files (summary.json, jobs.csv, timeseries.csv, report.html) into {@code dir} (created if needed),
     * and inference.csv for a run with inference services. Each is written to a {@code .part}
     * file first and moved into place only when all are complete, so a failure leaves no
     * half-written set.
     */
    public static void writeFiles(RunReport report, Path dir) throws IOException {
        writeFiles(report, dir, OUTPUTS.keySet());
    }

    /**
     * Like {@link #writeFiles(RunReport, Path)} for the chosen outputs only (names of {@link #OUTPUTS}); files of
     * outputs not chosen are neither written nor removed.
     */
    public static void writeFiles(RunReport report, Path dir, java.util.Set<String> chosen) throws IOException {
        write(report.outcome(), report, dir, chosen);
    }

    /**
     * Makes the run's report and writes the chosen outputs (names of {@link #OUTPUTS}) as
     * {@link #writeFiles(RunReport, Path, java.util.Set)} does; jobs.csv, which needs the simulation result alone, is
     * begun before the report's figures are made.
     *
     * @return the report (for the summary table)
     */
    public static RunReport writeFiles(io.skygrid.sim.ScenarioRun.Outcome outcome, Path dir, java.util.Set<String> chosen)
            throws IOException {
        return write(outcome, null, dir, chosen);
    }

    private static RunReport write(io.skygrid.sim.ScenarioRun.Outcome outcome, RunReport made, Path dir,
                                   java.util.Set<String> chosen) throws IOException {
        Files.createDirectories(dir);
        RunReport report = made;
        boolean withInference = outcome.result().inference() != null && chosen.contains("inference");
        List<String> names = new ArrayList<>();
        for (String k : OUTPUTS.keySet()) {
            if (chosen.contains(k) && (!k.equals("inference") || withInference)) names.add(k);
        }
        try {
            // jobs.csv, the largest, on a second thread beside the others when there is a second core: each file is
            // made from the finished run alone, so the order does not change a byte
            java.util.concurrent.FutureTask<Void> jobs = chosen.contains("jobs") ? new java.util.concurrent.FutureTask<>(
                    () -> {
                        writeJobsCsv(outcome.result(), part(dir, "jobs"));
                        return null;
                    }) : null;
            if (jobs != null) {
                if (Runtime.getRuntime().availableProcessors() > 1) {
                    Thread t = new Thread(jobs, "skygrid-jobs-csv");
                    t.setDaemon(true);
                    t.start();
                } else {
                    jobs.run();
                }
            }
            try {
                if (report == null) {
                    report = new RunReport(outcome);
                }
                if (withInference) {
                    writeInferenceCsv(report, part(dir, "inference"));
                }
                Map<String, Object> summary = null;
                if (chosen.contains("summary") || chosen.contains("report")) {
                    summary = summary(report);
                }
                if (chosen.contains("summary")) {
                    writeSummaryJson(summary, part(dir, "summary"));
                }
                if (chosen.contains("timeseries")) {
                    writeTimeseriesCsv(report, part(dir, "timeseries"));
                }
                if (chosen.contains("report")) {
                    try (BufferedWriter w = Files.newBufferedWriter(part(dir, "report"), StandardCharsets.UTF_8)) {
                        HtmlReport.write(report, summary, w);
                    }
                }
            } finally {
                if (jobs != null) {
                    awaitQuietly(jobs);
                }
            }
            if (jobs != null) {
                try {
                    jobs.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error er) throw er;
                    throw new IOException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing jobs.csv", e);
                }
            }
            for (String k : List.of("summary", "jobs", "timeseries", "report", "inference")) {
                if (names.contains(k)) {
                    Files.move(part(dir, k), dir.resolve(OUTPUTS.get(k)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (String k : List.of("inference", "summary", "jobs", "timeseries", "report")) {
                Files.deleteIfExists(part(dir, k));
            }
        }
        return report;
    }

    /** Waits for {@code task} to finish (its outcome is read afterwards), also when interrupted. */
    private static void awaitQuietly(java.util.concurrent.FutureTask<?> task) {
        boolean interrupted = false;
        while (!task.isDone()) {
            try {
                task.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path part(Path dir, String output) {
        return dir.resolve(OUTPUTS.get(output) + ".part");
    }

    /**
     * Input files are resolved to absolute paths when the scenario is read; the outputs name the ones
     * under the working directory relative to it, so that the same run from another checkout or machine
     * writes the same bytes (files elsewhere keep their absolute path).
     *
     * @return {@code text} with every occurrence of the working directory's absolute path and a separator removed
     */
    static String shownPath(String text) {
        if (text == null) return null;
        String cwd = Path.of("").toAbsolutePath().normalize().toString();
        String prefix = cwd.endsWith(java.io.File.separator) ? cwd : cwd + java.io.File.separator;
        return text.replace(prefix, "");
    }

    /** @return the summary as an ordered map (the content of summary.json) */
    public static Map<String, Object> summary(RunReport report) {
        Scenario sc = report.outcome().scenario();
        SimulationResult r = report.outcome().result();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", sc.name());
        scenario.put("source", shownPath(sc.source()));
        scenario.put("epoch", sc.epoch().toString());
        scenario.put("horizonHours", r.horizonMs() / 3_600_000.0);
        scenario.put("seed", sc.seed());
        scenario.put("queue", sc.scheduler().queue());
        scenario.put("backfill", sc.scheduler().backfill());
        scenario.put("preemption", sc.scheduler().preemption());
        root.put("scenario", scenario);

        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("source", shownPath(report.outcome().workload().source()));
        workload.put("jobsLoaded", r.jobs().size());
        workload.put("rowsSkipped", report.outcome().workload().skipped());
        root.put("workload", workload);

        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("submitted", report.submitted());
        jobs.putAll(report.fates());
        jobs.put("jctSeconds", dist(report.jctS()));
        jobs.put("waitSeconds", dist(report.waitS()));
        jobs.put("queuedAtHorizonWaitSoFarSeconds", dist(report.queuedWaitS()));
        root.put("jobs", jobs);
        root.put("research", research(report.research(), sc));

        List<Object> pools = new ArrayList<>();
        for (int p = 0; p < report.pools().size(); p++) {
            RunReport.PoolFigures f = report.pools().get(p);
            SimulationResult.PoolSummary ps = f.pool();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ps.name());
            m.put("kind", f.kind());
            m.put(ps.orbital() ? "satellites" : "nodes", ps.nodes());
            m.put("gpus", ps.capacityGpus());
            m.put("usableGpus", ps.usableGpus());
            m.put("gpuHoursDelivered", round(ps.gpuHoursDelivered(), 3));
            m.put("utilisation", round(f.utilisation(), 6));
            m.put("energyMWh", round(f.energyMWh(), 6));
            if (f.electricityUsd() != null) {
                m.put("electricityUsd", round(f.electricityUsd(), 2));
            }
            m.put("jobsCompleted", f.completed());
            m.put("jobsRunningAtHorizon", f.running());
            m.put("jctSeconds", dist(f.jctS()));
            m.put("waitSeconds", dist(f.waitS()));
            m.put(ps.orbital() ? "meanSatellitesPerJob" : "meanNodesPerJob",
                    f.meanRacksOrSatellitesSpanned() == null ? null : round(f.meanRacksOrSatellitesSpanned(), 3));
            // placement quality: racks (orbital: formation clusters) and leaf switches spanned per started job
            m.put(ps.orbital() ? "meanClustersSpanned" : "meanRacksSpanned", round(r.meanRacksSpanned(p), 3));
            if (!ps.orbital()) {
                m.put("meanLeavesSpanned", round(r.meanLeavesSpanned(p), 3));
            }
            if (ps.orbital()) {
                m.put("hoursPausedForPower", round(f.pausedJobHours(), 3));
                m.put("gpuHoursPausedForPower", round(ps.pausedGpuHours(), 3));
                m.put("throttledGpuHours", round(r.throttledGpuHours(p), 3));
                m.put("busUnsuppliedKWh", round(ps.busUnsuppliedJ() / 3.6e6, 3));
                m.put("meanEclipseFraction", round(f.meanEclipseFraction(), 6));
                m.put("meanContactHoursPerSatellite", round(f.meanContactHoursPerSatellite(), 4));
                SatelliteSet set = report.outcome().satellites().get(p - sc.fleet().ground().size());
                m.put("tleRecordsSkipped", set.skipped().stream().map(ReportWriter::shownPath).toList());
            }
            pools.add(m);
        }
        root.put("pools", pools);

        SimulationResult.Scheduling sched = r.scheduling();
        List<Object> tenants = new ArrayList<>();
        for (int t = 0; t < sched.tenants().size(); t++) {
            Map<String, Object> m = new LinkedHashMap<>();
            String name = sched.tenants().get(t);
            m.put("name", name);
            m.put("gpuHours", round(sched.tenantGpuHours()[t], 3));
            Double share = report.tenantShare().get(name);
            m.put("shareOfGpuHours", share == null ? null : round(share, 6));
            if (t < sc.tenancy().tenants().size()) {
                io.skygrid.sched.TenantSpec ts = sc.tenancy().tenants().get(t);
                m.put("reservedGpus", ts.reservedGpus());
                m.put("borrowLimitGpus", ts.borrowLimitGpus() == Long.MAX_VALUE ? null : ts.borrowLimitGpus());
                m.put("weight", ts.weight());
                m.put("priority", ts.priority());
            }
            tenants.add(m);
        }
        root.put("tenants", tenants);
        Map<String, Object> preempt = new LinkedHashMap<>();
        preempt.put("preemptions", sched.preemptionCount());
        preempt.put("lostGpuHours", round(sched.lostGpuHoursTotal(), 3));
        root.put("preemption", preempt);
        root.put("failures", failures(r.failures()));
        root.put("waitReasons", report.waitReasons());
        root.put("placement", placementSummary(sc, r));
        if (r.inference() != null) {
            root.put("inference", inferenceSummary(r));
        }
        Map<String, Object> sim = new LinkedHashMap<>();
        sim.put("events", r.events());
        sim.put("schedulingCycles", r.schedulingCycles());
        root.put("simulation", sim);
        root.put("costs", CostSummary.map(report.costs(), sc.fleet()));
        return root;
    }

    /**
     * The {@code research} section ({@link ResearchMetrics}): seconds unless named otherwise; a figure with an
     * empty denominator or sample is null and {@code undefined} maps its key to the reason.
     */
    static Map<String, Object> research(ResearchMetrics m, Scenario sc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("horizon", sc.untilDone() ? Scenario.UNTIL_DONE : "fixed");
        out.put("makespanSeconds", m.makespanS() == null ? null : round(m.makespanS(), 3));
        out.put("activeSpanSeconds", round(m.activeSpanS(), 3));
        out.put("gpuUtilisationOverActiveSpan", m.activeUtilisation() == null ? null : round(m.activeUtilisation(), 6));
        out.put("jctSeconds", stats(m.jctS()));
        out.put("waitSeconds", stats(m.waitS()));
        out.put("meanSlowdown", m.meanSlowdown() == null ? null : round(m.meanSlowdown(), 6));
        out.put("meanBoundedSlowdown", m.meanBoundedSlowdown() == null ? null : round(m.meanBoundedSlowdown(), 6));
        out.put("boundedSlowdownFloorSeconds", ResearchMetrics.BOUNDED_SLOWDOWN_FLOOR_S);
        Map<String, Object> tenants = new LinkedHashMap<>();
        m.tenantMeanJctS().forEach((t, v) -> tenants.put(t, v == null ? null : round(v, 3)));
        out.put("tenantMeanJctSeconds", tenants);
        out.put("undefined", m.undefined());
        return out;
    }

    private static Map<String, Object> stats(ResearchMetrics.Stats d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", d.count());
        m.put("mean", d.mean() == null ? null : round(d.mean(), 3));
        m.put("p50", d.p50() == null ? null : round(d.p50(), 3));
        m.put("p95", d.p95() == null ? null : round(d.p95(), 3));
        m.put("p99", d.p99() == null ? null : round(d.p99(), 3));
        return m;
    }

    /** The {@code inference} section: demand of the services and what the run served, apart from training. */
    static Map<String, Object> inferenceSummary(SimulationResult r) {
        SimulationResult.InferenceRun inf = r.inference();
        io.skygrid.workload.InferenceSummary d = inf.demand();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", shownPath(inf.workload().source()));
        m.put("services", d.services());
        m.put("servicesWithPerNodeLimit", d.limitedServices());
        m.put("replicasLoaded", d.replicas());
        m.put("replicasWantedInHorizon", d.replicasInHorizon());
        m.put("rowsSkipped", d.skipped());
        m.put("peakGpusWanted", d.peakGpus());
        m.put("gpuHoursWanted", round(d.gpuHours(), 3));
        m.put("gpuHoursServed", round(inf.servedGpuHours(), 3));
        int placed = 0;
        int waiting = 0;
        int evictions = 0;
        double[] wait = new double[inf.replicas()];
        int nw = 0;
        Map<String, Integer> byPool = new LinkedHashMap<>();
        for (SimulationResult.PoolSummary ps : r.pools()) {
            byPool.put(ps.name(), 0);
        }
        for (int k = 0; k < inf.replicas(); k++) {
            if (inf.firstPlacedMs()[k] >= 0) {
                placed++;
                wait[nw++] = (inf.firstPlacedMs()[k] - inf.startMs()[k]) / 1000.0;
                String pool = r.pools().get(inf.pool()[k]).name();
                byPool.merge(pool, 1, Integer::sum);
            }
            if (inf.state()[k] == 1) {
                waiting++;
            }
            evictions += inf.evictions()[k];
        }
        m.put("replicasPlaced", placed);
        m.put("replicasWaitingAtHorizon", waiting);
        m.put("placementWaitSeconds", dist(Distribution.of(wait, nw)));
        m.put("evictions", evictions);
        m.put("replicasByPool", byPool);
        return m;
    }

    /** inference.csv: one row per inference replica wanted before the horizon. */
    static void writeInferenceCsv(RunReport report, Path file) throws IOException {
        SimulationResult r = report.outcome().result();
        SimulationResult.InferenceRun inf = r.inference();
        String[] states = {"after-horizon", "waiting", "running", "ended"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSV)) {
            csv.printRecord("kind", "service", "gpus", "max_per_node", "start_s", "end_s", "placed_s", "wait_s",
                    "placement", "node", "served_h", "evictions", "state");
            for (int k = 0; k < inf.replicas(); k++) {
                if (inf.startMs()[k] >= r.horizonMs()) {
                    continue;
                }
                io.skygrid.workload.InferenceService sv = inf.workload().services().get(inf.service()[k]);
                long placedAt = inf.firstPlacedMs()[k];
                int p = inf.pool()[k];
                csv.printRecord("inference", sv.name(), sv.gpusPerReplica(),
                        sv.limited() ? Integer.toString(sv.maxReplicasPerNode()) : "",
                        sec(inf.startMs()[k]),
                        inf.endMs()[k] == io.skygrid.workload.InferenceService.OPEN_END ? "" : sec(inf.endMs()[k]),
                        placedAt < 0 ? "" : sec(placedAt), placedAt < 0 ? "" : sec(placedAt - inf.startMs()[k]),
                        p < 0 ? "" : r.pools().get(p).name(), p < 0 ? "" : inf.node()[k],
                        fmt(inf.servedMs()[k] / 3_600_000.0, 4), inf.evictions()[k], states[inf.state()[k]]);
            }
        }
    }

    /** The {@code placement} section: score mode, latency filter and data staging (PlacementSpec). */
    static Map<String, Object> placementSummary(Scenario sc, SimulationResult r) {
        io.skygrid.sched.PlacementSpec ps = sc.scheduler().placement();
        SimulationResult.DataStaging d = r.data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", ps.mode());
        m.put("latencyTenants", new java.util.TreeSet<>(ps.latencyTenants()));
        m.put("latencyBoundMs", ps.latencyBoundMs());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("enabled", d.enabled());
        data.put("inputGB", ps.inputGB() < 0 ? "checkpoint size" : ps.inputGB());
        data.put("outputGB", ps.outputGB() < 0 ? "checkpoint size" : ps.outputGB());
        data.put("jobsStaged", d.stagedJobs());
        data.put("stagingGpuHours", round(d.stagingGpuHours(), 3));
        data.put("stagingSeconds", dist(stagingDist(r)));
        data.put("outputDownAfterEndSeconds", dist(outputDelayDist(r)));
        data.put("outputsNotDownByHorizon", outputsPending(r));
        m.put("dataStaging", data);
        return m;
    }

    /** @return staging time of jobs that waited for their input, s */
    static Distribution stagingDist(SimulationResult r) {
        long[] st = r.data().stagingMs();
        double[] v = new double[st.length];
        int n = 0;
        for (long x : st) {
            if (x > 0) v[n++] = x / 1000.0;
        }
        return Distribution.of(v, n);
    }

    /** @return time from completion to output on the ground, of orbital jobs whose output came down, s */
    static Distribution outputDelayDist(SimulationResult r) {
        long[] down = r.data().outputDownMs();
        double[] v = new double[down.length];
        int n = 0;
        for (int j = 0; j < down.length; j++) {
            if (down[j] >= 0) v[n++] = (down[j] - r.endMs(j)) / 1000.0;
        }
        return Distribution.of(v, n);
    }

    /** @return completed orbital jobs whose output was not on the ground by the horizon */
    static int outputsPending(SimulationResult r) {
        if (!r.data().enabled()) {
            return 0;
        }
        int n = 0;
        for (int j = 0; j < r.jobs().size(); j++) {
            int p = r.pool(j);
            if (p >= 0 && r.pools().get(p).orbital() && r.fate(j) == io.skygrid.sim.JobFate.COMPLETED
                    && r.data().outputDownMs()[j] < 0) {
                n++;
            }
        }
        return n;
    }

    /** The {@code failures} object of summary.json. */
    private static Map<String, Object> failures(SimulationResult.Failures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", f.enabled());
        Map<String, Object> byKind = new LinkedHashMap<>();
        Map<String, Object> hit = new LinkedHashMap<>();
        for (byte k = 0; k < f.byKind().length; k++) {
            byKind.put(io.skygrid.sim.FailureModel.kindName(k), f.byKind()[k]);
            hit.put(io.skygrid.sim.FailureModel.kindName(k), f.hitJobsByKind()[k]);
        }
        m.put("byKind", byKind);
        m.put("hitRunningJobsByKind", hit);
        m.put("restarts", f.restarts());
        m.put("jobsRestarted", f.jobsRestarted());
        m.put("lostGpuHours", round(f.lostGpuHours(), 3));
        return m;
    }

    private static Map<String, Object> dist(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", d.count());
        m.put("mean", round(d.mean(), 3));
        m.put("p50", round(d.p50(), 3));
        m.put("p99", round(d.p99(), 3));
        m.put("max", round(d.max(), 3));
        return m;
    }

    /** @return value rounded to {@code digits} decimals, or null for NaN */
    private static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    static void writeSummaryJson(RunReport report, Path file) throws IOException {
        writeSummaryJson(summary(report), file);
    }

    /** Writes {@code summary} (as {@link #summary(RunReport)} gives it) as indented JSON and a final line break. */
    static void writeSummaryJson(Map<String, Object> summary, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            mapper.writeValue(w, summary);
            w.write('\n');
        }
    }

    static void writeJobsCsv(RunReport report, Path file) throws IOException {
        writeJobsCsv(report.outcome().result(), file);
    }

    /** jobs.csv: one row per job of the run, in submission order. */
    static void writeJobsCsv(SimulationResult r, Path file) throws IOException {
        try (java.io.OutputStream w = Files.newOutputStream(file);
             CsvRows csv = new CsvRows(w, CSV)) {
            csv.header("id", "origin", "tenant", "gpus", "submit_s", "start_s", "end_s", "wait_s", "jct_s",
                    "placement", "nodes", "paused_s", "fate", "reason", "quota_tenant", "preemptions", "lost_gpu_h",
                    "wait_reason", "staging_s", "output_down_s", "racks", "leaves", "restarts", "failure_lost_gpu_h");
            for (int j = 0; j < r.jobs().size(); j++) {
                Job job = r.jobs().get(j);
                long start = r.startMs(j);
                long end = r.endMs(j);
                int p = r.pool(j);
                csv.number(job.id()).text(job.origin()).text(job.tenant()).number(job.gpus()).seconds(job.submitMs());
                if (start < 0) csv.empty(); else csv.seconds(start);
                if (end < 0) csv.empty(); else csv.seconds(end);
                if (start < 0) csv.empty(); else csv.seconds(r.waitedMs(j));
                if (end < 0) csv.empty(); else csv.seconds(end - job.submitMs());
                if (p < 0) csv.empty().empty(); else csv.text(r.pools().get(p).name()).number(r.nodesSpanned(j));
                csv.seconds(r.pausedMs(j)).text(r.fate(j).label()).text(r.reason(j) == null ? "" : r.reason(j))
                        .text(r.tenant(j)).number(r.scheduling().preemptions()[j])
                        .fixed(r.scheduling().lostGpuHours()[j], 3).text(r.waitReason(j).label())
                        .seconds(r.data().stagingMs()[j]);
                if (r.data().outputDownMs()[j] < 0) csv.empty(); else csv.seconds(r.data().outputDownMs()[j]);
                if (p < 0) csv.empty().empty(); else csv.number(r.racksSpanned(j)).number(r.leavesSpanned(j));
                csv.number(r.failures().restartsPerJob()[j]).fixed(r.failures().lostGpuHoursPerJob()[j], 3);
                csv.end();
            }
        }
    }

    static void writeTimeseriesCsv(RunReport report, Path file) throws IOException {
        SimulationResult r = report.outcome().result();
        Instant epoch = report.outcome().scenario().epoch();
        try (java.io.OutputStream w = Files.newOutputStream(file);
             CsvRows csv = new CsvRows(w, CSV)) {
            csv.header("time_s", "time_utc", "queue_length", "pool", "kind", "busy_gpus", "allocated_gpus",
                    "utilisation", "power_w", "state_of_charge", "powered_nodes", "in_contact");
            for (double[] row : r.samples()) {
                long t = (long) row[0];
                String utc = epoch.plusMillis(t).toString();
                for (int p = 0; p < r.pools().size(); p++) {
                    SimulationResult.PoolSummary ps = r.pools().get(p);
                    int o = 2 + p * SimulationResult.SAMPLE_FIELDS;
                    csv.seconds(t).text(utc).number((long) row[1]).text(ps.name())
                            .text(ps.orbital() ? "orbit" : "ground").number((long) row[o]).number((long) row[o + 1])
                            .fixed(row[o] / ps.capacityGpus(), 4).fixed(row[o + 2], 1);
                    double cap = ps.orbital() ? report.constellation(p).payload().batteryJ() * ps.nodes() : 0;
                    if (cap > 0) csv.fixed(row[o + 3] / cap, 4); else csv.empty();
                    csv.number((long) row[o + 4]);
                    if (ps.orbital()) csv.number((long) row[o + 5]); else csv.empty();
                    csv.end();
                }
            }
        }
    }

    /** @return {@code ms} as seconds with exactly three decimals (same text as {@code %.3f}, without its cost) */
    static String sec(long ms) {
        long abs = Math.abs(ms);
        long frac = abs % 1000;
        StringBuilder sb = new StringBuilder(16);
        if (ms < 0) {
            sb.append('-');
        }
        sb.append(abs / 1000).append('.');
        if (frac < 100) sb.append('0');
        if (frac < 10) sb.append('0');
        return sb.append(frac).toString();
    }

    /**
     * The research block of the printed summary: makespan, utilisation over the active span, JCT and wait
     * percentiles, slowdowns and per-tenant mean JCT; an undefined figure prints {@code -} and its reason.
     */
    static void printResearch(ResearchMetrics m, PrintStream out) {
        Map<String, String> why = m.undefined();
        out.printf(Locale.ROOT, "research: makespan %s, active span %.2f h, GPU utilisation over it %s%n",
                m.makespanS() == null ? "- (" + why.get("makespanSeconds") + ")" : String.format(Locale.ROOT, "%.2f h", m.makespanS() / 3600),
                m.activeSpanS() / 3600,
                m.activeUtilisation() == null ? "- (" + why.get("gpuUtilisationOverActiveSpan") + ")"
                        : String.format(Locale.ROOT, "%.1f%%", 100 * m.activeUtilisation()));
        out.printf(Locale.ROOT, "  JCT  (h): mean %s  p50 %s  p95 %s  p99 %s%s%n", hours(m.jctS().mean()),
                hours(m.jctS().p50()), hours(m.jctS().p95()), hours(m.jctS().p99()),
                m.jctS().count() == 0 ? "  (" + why.get("jctSeconds") + ")" : "");
        out.printf(Locale.ROOT, "  wait (h): mean %s  p50 %s  p95 %s  p99 %s%s%n", hours(m.waitS().mean()),
                hours(m.waitS().p50()), hours(m.waitS().p95()), hours(m.waitS().p99()),
                m.waitS().count() == 0 ? "  (" + why.get("waitSeconds") + ")" : "");
        out.printf(Locale.ROOT, "  slowdown: mean %s, bounded (%.0f s floor) %s%n",
                m.meanSlowdown() == null ? "- (" + why.get("meanSlowdown") + ")" : String.format(Locale.ROOT, "%.2f", m.meanSlowdown()),
                ResearchMetrics.BOUNDED_SLOWDOWN_FLOOR_S,
                m.meanBoundedSlowdown() == null ? "-" : String.format(Locale.ROOT, "%.2f", m.meanBoundedSlowdown()));
        StringBuilder t = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Double> e : m.tenantMeanJctS().entrySet()) {
            if (shown++ == TENANTS_SHOWN) {
                t.append(", ").append(m.tenantMeanJctS().size() - TENANTS_SHOWN).append(" more in summary.json");
                break;
            }
            t.append(t.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(hours(e.getValue() == null ? Double.NaN : e.getValue()));
        }
        out.println("  mean JCT by tenant (h, - : none completed): " + t);
    }

    /** @return {@code v} with {@code digits} decimals, the text of {@code %.<digits>f} ({@link FixedPoint}) */
    private static String fmt(double v, int digits) {
        return FixedPoint.format(v, digits);
    }

    /** Tenants listed on the stdout share line. */
    static final int TENANTS_SHOWN = 10;

    /** Prints the human-readable summary table (the outputs line lists all four files). */
    public static void printTable(RunReport report, PrintStream out, Path outputDir) {
        printTable(report, out, outputDir, OUTPUTS.keySet());
    }

    /** Prints the human-readable summary table; its last line lists the {@code chosen} outputs written. */
    public static void printTable(RunReport report, PrintStream out, Path outputDir, java.util.Set<String> chosen) {
        Scenario sc = report.outcome().scenario();
        SimulationResult r = report.outcome().result();
        out.printf(Locale.ROOT, "Skygrid run: %s (%s)%n", sc.name(), sc.source());
        out.printf(Locale.ROOT, "  epoch %s, horizon %.1f h, seed %d, queue %s, backfill %s%s%n", sc.epoch(),
                r.horizonMs() / 3_600_000.0, sc.seed(), sc.scheduler().queue(), sc.scheduler().backfill(),
                sc.scheduler().preemption() ? ", preemption" : "");
        out.printf(Locale.ROOT, "  workload: %s, %,d jobs loaded%s%n", report.outcome().workload().source(),
                r.jobs().size(), report.outcome().workload().skipped().isEmpty() ? ""
                        : ", skipped " + report.outcome().workload().skipped().entrySet().stream()
                                .map(e -> String.format(java.util.Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                                .collect(java.util.stream.Collectors.joining(", ")));
        out.println();
        String header = String.format(Locale.ROOT, "%-24s %-6s %9s %9s %13s %7s %10s %9s %10s %9s %9s",
                "site / constellation", "kind", "GPUs", "usable", "GPU-h deliv.", "util", "energy MWh",
                "done", "JCT p50 h", "wait p99 h", "paused h");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (RunReport.PoolFigures f : report.pools()) {
            SimulationResult.PoolSummary ps = f.pool();
            out.printf(Locale.ROOT, "%-24s %-6s %,9d %,9d %,13.0f %6.1f%% %,10.1f %,9d %10s %9s %9s%n",
                    ps.name(), f.kind(), ps.capacityGpus(), ps.usableGpus(), ps.gpuHoursDelivered(),
                    100 * f.utilisation(), f.energyMWh(), f.completed(), hours(f.jctS().p50()),
                    hours(f.waitS().p99()), ps.orbital() ? String.format(Locale.ROOT, "%,.1f", f.pausedJobHours()) : "-");
        }
        out.println();
        Map<String, Integer> fates = report.fates();
        out.printf(Locale.ROOT, "jobs: %,d submitted = %,d completed + %,d running + %,d queued + %,d rejected;"
                        + " %,d after the horizon%n", report.submitted(), fates.get("completed"), fates.get("running"),
                fates.get("queued"), fates.get("rejected"), fates.get("after-horizon"));
        out.printf(Locale.ROOT, "JCT  (h): mean %s  p50 %s  p99 %s%n", hours(report.jctS().mean()),
                hours(report.jctS().p50()), hours(report.jctS().p99()));
        out.printf(Locale.ROOT, "wait (h): mean %s  p50 %s  p99 %s  (jobs that started)%n", hours(report.waitS().mean()),
                hours(report.waitS().p50()), hours(report.waitS().p99()));
        printResearch(report.research(), out);
        if (report.queuedWaitS().count() > 0) {
            out.printf(Locale.ROOT, "still queued at the horizon: %,d jobs, waiting so far (h): mean %s  p50 %s  max %s%n",
                    report.queuedWaitS().count(), hours(report.queuedWaitS().mean()), hours(report.queuedWaitS().p50()),
                    hours(report.queuedWaitS().max()));
        }
        // at most 10 tenants on the line, largest shares first when there are more (summary.json has all)
        boolean noneRan = report.tenantShare().values().stream().allMatch(java.util.Objects::isNull);
        List<Map.Entry<String, Double>> shares = noneRan ? new ArrayList<>()
                : new ArrayList<>(report.tenantShare().entrySet());
        if (shares.size() > TENANTS_SHOWN) {
            shares.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        }
        StringBuilder share = new StringBuilder();
        double rest = 0;
        for (int i = 0; i < shares.size(); i++) {
            if (i >= TENANTS_SHOWN) {
                rest += shares.get(i).getValue();
                continue;
            }
            share.append(share.length() == 0 ? "" : ", ").append(shares.get(i).getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * shares.get(i).getValue()));
        }
        if (shares.size() > TENANTS_SHOWN) {
            share.append(String.format(Locale.ROOT, ", %,d others %.1f%%", shares.size() - TENANTS_SHOWN, 100 * rest));
        }
        out.println("tenant share of GPU-hours: " + (noneRan ? "- (no GPU-hours ran)" : share));
        if (sc.scheduler().preemption()) {
            out.printf(Locale.ROOT, "preemptions: %,d, %,.1f GPU-hours lost (work since the last checkpoint, GPUs held "
                    + "while a checkpoint finished, restores)%n", r.scheduling().preemptionCount(),
                    r.scheduling().lostGpuHoursTotal());
        }
        if (r.inference() != null) {
            Map<String, Object> inf = inferenceSummary(r);
            out.printf(Locale.ROOT, "inference: %,d services, %,d of %,d replicas wanted placed (%,d waiting at the horizon,"
                            + " %,d evictions), %,.0f of %,.0f GPU-h wanted served; per replica in inference.csv%n",
                    inf.get("services"), inf.get("replicasPlaced"), inf.get("replicasWantedInHorizon"),
                    inf.get("replicasWaitingAtHorizon"), inf.get("evictions"), r.inference().servedGpuHours(),
                    r.inference().demand().gpuHours());
        }
        SimulationResult.DataStaging data = r.data();
        if (!"first-fit".equals(sc.scheduler().placement().mode()) || data.stagedJobs() > 0) {
            Distribution st = stagingDist(r);
            Distribution down = outputDelayDist(r);
            out.printf(Locale.ROOT, "placement: %s; data staging: %,d orbital starts waited for their input (mean %s,"
                            + " %,.1f GPU-h held), %,d outputs down (mean %s after the end), %,d not down by the horizon%n",
                    sc.scheduler().placement().mode(), data.stagedJobs(), duration(st.mean()), data.stagingGpuHours(),
                    down.count(), duration(down.mean()), outputsPending(r));
        }
        if (r.failures().enabled()) {
            SimulationResult.Failures fl = r.failures();
            out.printf(Locale.ROOT, "failures: %,d accelerator, %,d radiation, %,d satellites lost; %,d restarts of %,d jobs,"
                            + " %,.1f GPU-hours lost (work since the last checkpoint, restores)%n",
                    fl.byKind()[0], fl.byKind()[1], fl.byKind()[2], fl.restarts(), fl.jobsRestarted(), fl.lostGpuHours());
        }
        for (int p = 0; p < r.pools().size(); p++) {
            if (r.throttledGpuHours(p) > 0) {
                out.printf(Locale.ROOT, "%s: thermally throttled (radiator), %,.1f GPU-hours of work not done for heat%n",
                        r.pools().get(p).name(), r.throttledGpuHours(p));
            }
        }
        for (int p = 0; p < report.pools().size(); p++) {
            RunReport.PoolFigures f = report.pools().get(p);
            if (f.meanEclipseFraction() != null) {
                out.printf(Locale.ROOT, "%s: %,d satellites, mean eclipse %.1f%% of the horizon, %.2f h of"
                                + " ground contact per satellite%n", f.pool().name(), f.pool().nodes(),
                        100 * f.meanEclipseFraction(), f.meanContactHoursPerSatellite());
                List<String> skipped = report.outcome().satellites().get(p - sc.fleet().ground().size()).skipped();
                if (!skipped.isEmpty()) {
                    out.printf(Locale.ROOT, "  %,d bad TLE records skipped (listed in summary.json), first: %s%n",
                            skipped.size(), skipped.get(0));
                }
            }
        }
        io.skygrid.econ.CostModel.CostReport costs = report.costs();
        out.printf(Locale.ROOT, "cost per delivered GPU-hour: ground %s, orbit %s at $%,.0f/kg launch (%d); "
                        + "`skygrid econ --run %s` for the breakdown and assumptions%n",
                CostSummary.money(costs.groundUsdPerGpuHour(), 2), CostSummary.money(costs.orbitUsdPerGpuHour(), 2),
                costs.launchUsdPerKg(), costs.launchYear(), outputDir);
        List<String> files = new ArrayList<>();
        for (String k : List.of("summary", "jobs", "timeseries", "report")) {
            if (chosen.contains(k)) files.add(OUTPUTS.get(k));
        }
        if (!files.isEmpty()) {
            // the first with the folder, as "outputs: out/x/summary.json, jobs.csv, timeseries.csv, report.html"
            out.println("outputs: " + outputDir.resolve(files.get(0))
                    + (files.size() > 1 ? ", " + String.join(", ", files.subList(1, files.size())) : ""));
        }
    }

    /** @return a duration in seconds as "12 s", "4.2 min" or "1.53 h", whichever reads best */
    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
        }
        return String.format(Locale.ROOT, "%.2f h", seconds / 3600.0);
    }

    private static String hours(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.2f", seconds / 3600.0);
    }

    private static String hours(Double seconds) {
        return seconds == null ? "-" : hours(seconds.doubleValue());
    }
}
