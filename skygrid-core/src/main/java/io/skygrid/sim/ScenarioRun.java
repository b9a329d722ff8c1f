package io.skygrid.sim;

import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.Scenario;
import io.skygrid.workload.Workload;
import io.skygrid.workload.WorkloadLoader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job, end to end and without I/O of results: scenario -> satellites -> physics timelines
 * -> workload -> simulation. Report writing lives in the command-line module.
 */
public final class ScenarioRun {
    private ScenarioRun() {
    }

    /**
     * @param threads         threads for the physics phase (results do not depend on it)
     * @param skipBadTles     skip (and list) malformed TLE records instead of failing
     * @param checkInvariants verify scheduler invariants after every simulated instant (slow; tests)
     * @param progress        progress of the long phases
     */
    public record Options(int threads, boolean skipBadTles, boolean checkInvariants, ProgressListener progress) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        }
    }

    /**
     * Everything a report needs.
     *
     * @param scenario    the scenario that ran
     * @param workload    the jobs and what was skipped loading them
     * @param satellites  satellites per constellation (scenario order), with skipped TLE records
     * @param timelines   physics per constellation (scenario order)
     * @param result      the simulation's outcome
     * @param phaseMillis wall time per phase, ms (not part of any deterministic output)
     */
    public record Outcome(Scenario scenario, Workload workload, List<SatelliteSet> satellites,
                          List<ConstellationTimelines> timelines, SimulationResult result,
                          Map<String, Long> phaseMillis) {
    }

    /** Runs the scenario. Input errors surface as {@link io.skygrid.scenario.InputException}. */
    public static Outcome run(Scenario scenario, Options options) {
        return run(scenario, options, io.skygrid.orbit.TimelineSource.NONE);
    }

    /**
     * Runs the scenario, taking constellation physics from {@code timelines} where it has them (see
     * {@link io.skygrid.orbit.TimelineSource}) and computing the rest.
     *
     * @throws IllegalStateException if the source returns timelines for another number of satellites
     */
    public static Outcome run(Scenario scenario, Options options, io.skygrid.orbit.TimelineSource timelineSource) {
        Map<String, Long> phases = new LinkedHashMap<>();
        Fleet fleet = scenario.fleet();
        long horizonMs = scenario.horizonMs();

        long t0 = System.nanoTime();
        List<SatelliteSet> sets = new ArrayList<>();
        for (OrbitalConstellation c : fleet.orbital()) {
            sets.add(Satellites.load(c.name(), c.orbit(), scenario.epoch(), options.skipBadTles()));
        }
        phases.put("satellites", (System.nanoTime() - t0) / 1_000_000);

        long t1 = System.nanoTime();
        List<ConstellationTimelines> timelines = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            OrbitalConstellation c = fleet.orbital().get(i);
            ConstellationTimelines pre = timelineSource.find(c, sets.get(i).satellites(), scenario.epoch(), horizonMs,
                    fleet.stations(), fleet.minElevationDeg());
            if (pre != null && pre.size() != sets.get(i).satellites().size()) {
                throw new IllegalStateException(c.name() + ": precomputed timelines hold " + pre.size()
                        + " satellites, the constellation has " + sets.get(i).satellites().size());
            }
            timelines.add(pre != null ? pre : OrbitPhysics.compute(c.name(), sets.get(i).satellites(),
                    scenario.epoch(), horizonMs, fleet.stations(), fleet.minElevationDeg(), options.threads(),
                    options.progress()));
        }
        phases.put("physics", (System.nanoTime() - t1) / 1_000_000);

        long t2 = System.nanoTime();
        long totalGpus = 0;
        long largest = 0;
        for (GroundSite g : fleet.ground()) {
            totalGpus += g.gpus();
            largest = Math.max(largest, g.gpus());
        }
        for (int i = 0; i < sets.size(); i++) {
            long gpus = (long) sets.get(i).satellites().size() * fleet.orbital().get(i).payload().count();
            totalGpus += gpus;
            largest = Math.max(largest, gpus);
        }
        Workload workload = WorkloadLoader.load(scenario.workload(), totalGpus, (int) Math.min(Integer.MAX_VALUE, largest),
                horizonMs, scenario.seed());
        phases.put("workload", (System.nanoTime() - t2) / 1_000_000);

        long t3 = System.nanoTime();
        SimulationResult result = simulate(scenario, workload, timelines, sets, options);
        phases.put("simulation", (System.nanoTime() - t3) / 1_000_000);
        return new Outcome(scenario, workload, sets, timelines, result, phases);
    }

    /**
     * Simulates the same fleet, physics and workload again under another scheduling policy (for policy
     * comparisons: satellites, physics and workload are not recomputed).
     *
     * @param base    a finished run
     * @param policy  the policy to run instead of the scenario's
     * @param options run options (threads unused)
     * @return the outcome under {@code policy}, its scenario carrying {@code policy}
     */
    public static Outcome rerun(Outcome base, io.skygrid.sched.SchedulerSpec policy, Options options) {
        Scenario scenario = base.scenario().withScheduler(policy);
        long t = System.nanoTime();
        SimulationResult result = simulate(scenario, base.workload(), base.timelines(), base.satellites(), options);
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("simulation", (System.nanoTime() - t) / 1_000_000);
        return new Outcome(scenario, base.workload(), base.satellites(), base.timelines(), result, phases);
    }

    private static SimulationResult simulate(Scenario scenario, Workload workload, List<ConstellationTimelines> timelines,
                                             List<SatelliteSet> sets, Options options) {
        return simulate(scenario, workload, timelines, sets, options,
                scenario.inference() == null ? null : scenario.inference().load());
    }

    /**
     * Simulates; under {@code horizon: until-done} twice: first up to the safety cap, stopping as soon as every
     * job has arrived and ended, then again over exactly that span (at least 1 s), so that costs, utilisation
     * and the time series (about 288 samples) cover the span that was needed and nothing after it. The second
     * run is the result; both are deterministic and identical up to the span's end.
     *
     * @throws io.skygrid.scenario.InputException if jobs are still queued or running at the safety cap (it
     *         names them)
     */
    private static SimulationResult simulate(Scenario scenario, Workload workload, List<ConstellationTimelines> timelines,
                                             List<SatelliteSet> sets, Options options,
                                             io.skygrid.workload.InferenceWorkload inference) {
        if (!scenario.untilDone()) {
            return simulate(scenario, workload, timelines, sets, options, inference, scenario.horizonMs(), false).result;
        }
        Run probe = simulate(scenario, workload, timelines, sets, options, inference, scenario.horizonMs(), true);
        long drained = probe.sim.drainedAtMs();
        if (drained < 0) {
            throw new io.skygrid.scenario.InputException(scenario.source(), 0, "horizon",
                    "until-done: jobs are still not done after the safety cap of "
                            + Scenario.UNTIL_DONE_CAP.toDays() + " simulated days; " + notDone(probe.result)
                            + "; give a fixed horizon to see how far they get");
        }
        long span = Math.max(1000L, drained);
        for (io.skygrid.workload.Job job : workload.jobs()) {
            // a job arriving at the last instant (and rejected there) must arrive within the span
            span = Math.max(span, job.submitMs() + 1);
        }
        SimulationResult result = simulate(scenario, workload, timelines, sets, options, inference, span, false).result;
        for (int j = 0; j < result.jobs().size(); j++) {
            JobFate f = result.fate(j);
            if (f != JobFate.COMPLETED && f != JobFate.REJECTED) {
                throw new IllegalStateException("until-done: the run over the drained span " + span
                        + " ms differs from the probe run: " + result.explain(j));
            }
        }
        return result;
    }

    /** Names (at most five of) the jobs not done at the end of {@code r}. */
    static String notDone(SimulationResult r) {
        List<String> left = new ArrayList<>();
        int n = 0;
        for (int j = 0; j < r.jobs().size(); j++) {
            JobFate f = r.fate(j);
            if (f == JobFate.COMPLETED || f == JobFate.REJECTED) continue;
            if (n++ < 5) left.add(r.explain(j));
        }
        return n + " job(s) left: " + String.join("; ", left) + (n > 5 ? "; and " + (n - 5) + " more" : "");
    }

    private record Run(Simulation sim, SimulationResult result) {
    }

    private static Run simulate(Scenario scenario, Workload workload, List<ConstellationTimelines> timelines,
                                List<SatelliteSet> sets, Options options,
                                io.skygrid.workload.InferenceWorkload inference, long horizonMs, boolean probe) {
        Fleet fleet = scenario.fleet();
        Simulation sim;
        try {
            sim = new Simulation(fleet.ground(), fleet.orbital(), timelines, workload.jobs(),
                    new Simulation.Config(horizonMs, sampleStepMs(horizonMs), scenario.scheduler(),
                            options.checkInvariants(), 1.0, scenario.tenancy(), scenario.checkpoint(),
                            scenario.epoch()));
        } catch (IllegalArgumentException e) {
            // tenants that do not fit the fleet or jobs whose tenant maps nowhere: the scenario's fault
            throw new io.skygrid.scenario.InputException(scenario.source(), 0, null, e.getMessage());
        }
        List<io.skygrid.orbit.ContactPlan> plans = new ArrayList<>();
        for (ConstellationTimelines t : timelines) {
            plans.add(new io.skygrid.orbit.ContactPlan(t, fleet.stations(), horizonMs));
        }
        sim.dataLinks(plans, fleet.relay(), fleet.minElevationDeg());
        if (inference != null) {
            sim.inference(inference);
        }
        // thermal limits of constellations with a radiator (none without: identical to a run without them)
        List<io.skygrid.power.ThermalThrottle> thermal = new ArrayList<>();
        boolean anyRadiator = false;
        for (int i = 0; i < fleet.orbital().size(); i++) {
            OrbitalConstellation c = fleet.orbital().get(i);
            anyRadiator |= c.hasThermalLimit();
            thermal.add(io.skygrid.power.ThermalThrottle.of(c, sets.get(i).satellites()));
        }
        if (anyRadiator) {
            sim.withThermal(thermal);
        }
        if (scenario.failures().enabled()) {
            sim.withFailures(new FailureModel(scenario.failures(), scenario.seed()));
        }
        if (probe) {
            sim.stopWhenDrained();
        }
        SimulationResult result = sim.run(probe ? ProgressListener.NONE : options.progress());
        return new Run(sim, result);
    }

    /** Timeseries interval: about 288 samples over the horizon, whole minutes, at least one minute. */
    static long sampleStepMs(long horizonMs) {
        long step = horizonMs / 288;
        step = Math.max(60_000L, (step / 60_000L) * 60_000L);
        return step;
    }
}
