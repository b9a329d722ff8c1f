package io.skygrid.cli.report;

import io.skygrid.sched.SchedulerSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The same scenario under several policies, side by side ({@code skygrid run --policies}): makespan, mean,
 * p95 and p99 JCT, mean and p95 wait, mean slowdown and bounded slowdown, utilisation over the active span
 * ({@link ResearchMetrics}), utilisation of all GPUs, preemptions, lost GPU-hours and each tenant's share of
 * the GPU-hours.
 */
public final class PolicyComparison {
    private final List<SchedulerSpec> policies = new ArrayList<>();
    private final List<RunReport> reports = new ArrayList<>();

    /** Adds one policy's run. */
    public void add(SchedulerSpec policy, RunReport report) {
        policies.add(policy);
        reports.add(report);
    }

    /** @return tenants in first-seen order across runs */
    private List<String> tenants() {
        Set<String> t = new LinkedHashSet<>();
        for (RunReport r : reports) {
            t.addAll(r.tenantShare().keySet());
        }
        return new ArrayList<>(t);
    }

    static String label(SchedulerSpec s) {
        return s.queue() + ("easy".equals(s.backfill()) ? "+easy" : "") + (s.preemption() ? "+preempt" : "");
    }

    /** Tenant columns in the printed table (the CSV has all). */
    static final int TENANT_COLUMNS = 8;

    /** Prints the table. */
    public void print(PrintStream out) {
        List<String> tenants = tenants();
        if (tenants.size() > TENANT_COLUMNS) {
            // the tenants with the largest shares in the first run
            java.util.Map<String, Double> first = reports.get(0).tenantShare();
            tenants.sort((a, b) -> Double.compare(share(first.get(b)), share(first.get(a))));
            tenants = new ArrayList<>(tenants.subList(0, TENANT_COLUMNS));
        }
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-24s %9s %9s %9s %9s %9s %9s %6s %8s %8s %8s %9s %9s %8s %10s",
                "policy", "makespan", "JCT mean", "JCT p95", "JCT p99", "wait mean", "wait p95", "util", "act.util",
                "slowdown", "bnd.slow", "completed", "queued", "preempt", "lost GPU-h"));
        for (String t : tenants) {
            h.append(String.format(Locale.ROOT, " %9s", shorten(t)));
        }
        out.println("makespan, JCT and wait in hours; act.util: GPU utilisation over the active span; slowdown and bounded"
                + " slowdown (10 s floor) are means over completed jobs; - : undefined (nothing to divide by or"
                + " count; summary.json names the reason)");
        out.println("the last columns are each tenant's share of the GPU-hours"
                + (tenants().size() > TENANT_COLUMNS ? " (" + TENANT_COLUMNS + " largest of " + tenants().size()
                + "; policies.csv has all)" : ""));
        out.println(h);
        out.println("-".repeat(h.length()));
        for (int i = 0; i < reports.size(); i++) {
            RunReport r = reports.get(i);
            ResearchMetrics m = r.research();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                    "%-24s %9s %9s %9s %9s %9s %9s %5.1f%% %8s %8s %8s %,9d %,9d %,8d %,10.1f", label(policies.get(i)),
                    hours(m.makespanS()), hours(r.jctS().mean()), hours(m.jctS().p95()), hours(r.jctS().p99()),
                    hours(r.waitS().mean()), hours(m.waitS().p95()),
                    100 * r.utilisation(), m.activeUtilisation() == null ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * m.activeUtilisation()),
                    fixed(m.meanSlowdown()), fixed(m.meanBoundedSlowdown()), r.fates().get("completed"), r.fates().get("queued"),
                    r.outcome().result().scheduling().preemptionCount(),
                    r.outcome().result().scheduling().lostGpuHoursTotal()));
            for (String t : tenants) {
                Double s = r.tenantShare().get(t);
                row.append(s == null ? String.format(Locale.ROOT, " %9s", "-") : String.format(Locale.ROOT, " %8.1f%%", 100 * s));
            }
            out.println(row);
        }
    }

    /** Writes the table as CSV (hours and fractions unrounded beyond 6 decimals). */
    public void writeCsv(Path file) throws IOException {
        List<String> tenants = tenants();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            List<Object> head = new ArrayList<>(List.of("policy", "queue", "backfill", "preemption", "jct_mean_h",
                    "jct_p99_h", "wait_mean_h", "wait_p99_h", "utilisation", "completed", "running", "queued",
                    "rejected", "preemptions", "lost_gpu_h", "makespan_h", "jct_p95_h", "wait_p95_h",
                    "active_span_utilisation", "mean_slowdown", "mean_bounded_slowdown"));
            for (String t : tenants) {
                head.add("share_" + t);
            }
            csv.printRecord(head);
            for (int i = 0; i < reports.size(); i++) {
                RunReport r = reports.get(i);
                SchedulerSpec s = policies.get(i);
                List<Object> row = new ArrayList<>(List.of(label(s), s.queue(), s.backfill(), s.preemption(),
                        num(r.jctS().mean() / 3600), num(r.jctS().p99() / 3600), num(r.waitS().mean() / 3600),
                        num(r.waitS().p99() / 3600), num(r.utilisation()), r.fates().get("completed"),
                        r.fates().get("running"), r.fates().get("queued"), r.fates().get("rejected"),
                        r.outcome().result().scheduling().preemptionCount(),
                        num(r.outcome().result().scheduling().lostGpuHoursTotal())));
                ResearchMetrics m = r.research();
                row.add(num(m.makespanS() == null ? Double.NaN : m.makespanS() / 3600));
                row.add(num(m.jctS().p95() == null ? Double.NaN : m.jctS().p95() / 3600));
                row.add(num(m.waitS().p95() == null ? Double.NaN : m.waitS().p95() / 3600));
                row.add(num(m.activeUtilisation() == null ? Double.NaN : m.activeUtilisation()));
                row.add(num(m.meanSlowdown() == null ? Double.NaN : m.meanSlowdown()));
                row.add(num(m.meanBoundedSlowdown() == null ? Double.NaN : m.meanBoundedSlowdown()));
                for (String t : tenants) {
                    Double v = r.tenantShare().get(t);
                    row.add(num(v == null ? Double.NaN : v));
                }
                csv.printRecord(row);
            }
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String shorten(String t) {
        return t.length() <= 9 ? t : t.substring(0, 8) + "~";
    }

    private static double share(Double s) {
        return s == null ? 0 : s;
    }

    private static String fixed(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String hours(Double seconds) {
        return seconds == null ? "-" : hours(seconds.doubleValue());
    }

    private static String hours(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.2f", seconds / 3600.0);
    }
}
