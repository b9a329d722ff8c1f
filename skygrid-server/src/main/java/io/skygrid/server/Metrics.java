package io.skygrid.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics in the Prometheus text exposition format 0.0.4 (counters, gauges, and summaries with
 * quantiles over the most recent samples) and as a JSON summary for operators.
 */
final class Metrics {
    private Metrics() {
    }

    static String prometheus(SkygridServer s) {
        ControlPlane cp = s.controlPlane();
        ControlPlane.Counters c = cp.counters();
        StringBuilder b = new StringBuilder(4096);
        gauge(b, "skygrid_sim_time_seconds", "Simulated time since the scenario epoch", c.simMs() / 1000.0);
        gauge(b, "skygrid_clock_speedup", "Simulated seconds per wall second", cp.clock().speedup());
        b.append("# HELP skygrid_jobs Jobs by state\n# TYPE skygrid_jobs gauge\n");
        for (JobState st : JobState.values()) {
            b.append("skygrid_jobs{state=\"").append(st.name().toLowerCase(Locale.ROOT)).append("\"} ").append(c.byState()[st.ordinal()]).append('\n');
        }
        counter(b, "skygrid_placements_total", "Gang placements made", c.placements());
        counter(b, "skygrid_completions_total", "Jobs that finished their compute", c.completions());
        counter(b, "skygrid_scheduling_passes_total", "Scheduling passes over the queue", c.passes());
        counter(b, "skygrid_rate_limited_total", "Requests answered 429", s.rateLimited.get());
        counter(b, "skygrid_bad_request_bodies_total", "Request bodies that ended early or arrived too slowly (answered 400 or 408)", s.badBodies.get());
        gauge(b, "skygrid_http_connections", "HTTP connections open now", s.openConnections.get());
        counter(b, "skygrid_db_commits_total", "Database transactions committed by the group-commit writer", cp.store().commits());
        counter(b, "skygrid_db_writes_total", "Writes committed", cp.store().writesCommitted());
        gauge(b, "skygrid_db_pending_writes", "Writes waiting for the writer", cp.store().pendingWrites());
        gauge(b, "skygrid_db_parked_jobs", "Jobs whose writes are set aside because their row stays locked by another session", cp.store().parkedJobs());
        gauge(b, "skygrid_tenants", "Tenants", c.tenants());
        b.append("# HELP skygrid_pool_gpus GPUs per pool by kind of count\n# TYPE skygrid_pool_gpus gauge\n");
        for (ControlPlane.PoolView p : c.pools()) {
            String l = "pool=\"" + esc(p.name()) + "\",kind=\"" + p.kind() + "\"";
            b.append("skygrid_pool_gpus{").append(l).append(",count=\"capacity\"} ").append(p.capacityGpus()).append('\n');
            b.append("skygrid_pool_gpus{").append(l).append(",count=\"usable\"} ").append(p.usableGpus()).append('\n');
            b.append("skygrid_pool_gpus{").append(l).append(",count=\"allocated\"} ").append(p.allocatedGpus()).append('\n');
            b.append("skygrid_pool_gpus{").append(l).append(",count=\"free\"} ").append(p.freeUsableGpus()).append('\n');
        }
        b.append("# HELP skygrid_pool_nodes Nodes (satellites) per pool by status\n# TYPE skygrid_pool_nodes gauge\n");
        for (ControlPlane.PoolView p : c.pools()) {
            String l = "pool=\"" + esc(p.name()) + "\"";
            b.append("skygrid_pool_nodes{").append(l).append(",status=\"up\"} ").append(p.nodesUp()).append('\n');
            b.append("skygrid_pool_nodes{").append(l).append(",status=\"down\"} ").append(p.nodesDown()).append('\n');
            b.append("skygrid_pool_nodes{").append(l).append(",status=\"unpowered\"} ").append(p.nodesUnpowered()).append('\n');
        }
        summary(b, "skygrid_submit_seconds", "Job submission: validation to durable commit", cp.submitLatency);
        summary(b, "skygrid_placement_seconds", "Enqueue to the first scheduling decision about a job (placed, or a reason to wait)", cp.placementLatency);
        summary(b, "skygrid_scheduling_pass_seconds", "Duration of one scheduling pass over the queue", cp.passLatency);
        summary(b, "skygrid_db_commit_seconds", "Duration of one group commit", cp.store().commitLatency());
        gauge(b, "skygrid_physics_seconds_total", "Wall time spent computing physics windows", cp.fleet().physicsMillis() / 1000.0);
        return b.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(num(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void summary(StringBuilder b, String name, String help, LatencyRecorder r) {
        double[] q = r.percentilesMs(0.5, 0.9, 0.99);
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" summary\n");
        String[] qs = {"0.5", "0.9", "0.99"};
        for (int i = 0; i < 3; i++) {
            b.append(name).append("{quantile=\"").append(qs[i]).append("\"} ").append(num(q[i] / 1000.0)).append('\n');
        }
        b.append(name).append("_sum ").append(num(r.sumSeconds())).append('\n');
        b.append(name).append("_count ").append(r.count()).append('\n');
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        return String.format(Locale.ROOT, "%.9g", v);
    }

    static Map<String, Object> summary(SkygridServer s) {
        ControlPlane cp = s.controlPlane();
        ControlPlane.Counters c = cp.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queued", c.queued());
        m.put("running", c.running());
        Map<String, Integer> by = new LinkedHashMap<>();
        for (JobState st : JobState.values()) by.put(st.name(), c.byState()[st.ordinal()]);
        m.put("jobsByState", by);
        m.put("placements", c.placements());
        m.put("completions", c.completions());
        m.put("schedulingPasses", c.passes());
        m.put("submitMs", pct(cp.submitLatency));
        m.put("placementMs", pct(cp.placementLatency));
        m.put("schedulingPassMs", pct(cp.passLatency));
        m.put("dbCommitMs", pct(cp.store().commitLatency()));
        m.put("dbCommits", cp.store().commits());
        m.put("dbWrites", cp.store().writesCommitted());
        m.put("rateLimited", s.rateLimited.get());
        m.put("badRequestBodies", s.badBodies.get());
        return m;
    }

    private static Map<String, Object> pct(LatencyRecorder r) {
        double[] q = r.percentilesMs(0.5, 0.99);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", r.count());
        m.put("p50", Double.isNaN(q[0]) ? null : q[0]);
        m.put("p99", Double.isNaN(q[1]) ? null : q[1]);
        return m;
    }
}
