package io.skygrid.workload;

import io.skygrid.scenario.InputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the Alibaba GPU cluster trace 2025 of disaggregated DLRM inference serving
 * ({@code github.com/alibaba/clusterdata cluster-trace-gpu-v2025/disaggregated_DLRM_trace.csv}; Yang et al.,
 * NSDI'25) into {@link InferenceService}s.
 *
 * <p>Format: header exactly
 * {@code instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,rdma_request,rdma_limit,memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,creation_time,scheduled_time,deletion_time};
 * one row per instance (a replica); times in seconds from the trace start. The published file has 23,871
 * instances of 156 applications over about 31 days; each application has {@code CN} instances (CPU nodes of the
 * disaggregated design: {@code gpu_request} 0) and {@code HN} instances (one GPU each);
 * {@code max_instance_per_node} is 2, 4, 8, 10 or 16, or -1 for no limit; 7,280 instances have blank
 * creation and scheduling times (they existed before the trace started) and 8,878 a blank deletion time
 * (still running at its end). Rules:
 * <ul>
 *   <li><b>Services</b>: instances with the same ({@code app_name}, {@code role}, {@code gpu_request},
 *       {@code max_instance_per_node}) form one service; its name is {@code app/role}, plus
 *       {@code /g<gpus>-m<limit>} when that application and role come in several such variants
 *       (24 of the 312 application-role pairs do, e.g. some {@code app_0/CN} instances limited to 2 per
 *       node and others unlimited). Services are numbered in order of first appearance.</li>
 *   <li><b>Replica interval</b>: from {@code creation_time} (0 when blank: present before the trace started)
 *       to {@code deletion_time} ({@link InferenceService#OPEN_END} when blank). The trace's own scheduling
 *       delay ({@code scheduled_time - creation_time}) is checked but not kept: the simulated scheduler
 *       decides it.</li>
 *   <li><b>Skipped and counted</b> in {@link InferenceWorkload#skipped()}: instances with
 *       {@code gpu_request = 0} under {@value #ZERO_GPU} (16,485 CN instances in the published file: Skygrid
 *       schedules GPUs), and instances whose interval rounds to 0 ms under {@value #ZERO_LIFETIME}.</li>
 *   <li><b>Unsorted rows</b> are fine (replicas are sorted by (start, line) within a service);
 *       a repeated {@code instance_sn} is an error naming both lines.</li>
 *   <li><b>Errors</b> throw {@link InputException} {@code <file>:<line>: <field> <message>}: wrong header or
 *       column count; empty {@code instance_sn}, {@code role} or {@code app_name}, or one with characters
 *       outside {@code [A-Za-z0-9._-]}; {@code gpu_request} or {@code gpu_limit} not an integer &gt;= 0, or
 *       {@code gpu_limit < gpu_request}; {@code max_instance_per_node} not -1 or an integer &gt;= 1; a
 *       non-blank time not a number &gt;= 0 or above 315,360,000 s; a blank {@code creation_time} with a
 *       non-blank {@code scheduled_time}; {@code scheduled_time < creation_time};
 *       {@code deletion_time} before {@code scheduled_time} or {@code creation_time}. CPU, RDMA, memory and
 *       disk columns are not used and not checked.</li>
 * </ul>
 */
public final class AlibabaDlrm2025Reader {
    static final String[] HEADER = {"instance_sn", "role", "app_name", "cpu_request", "cpu_limit", "gpu_request",
            "gpu_limit", "rdma_request", "rdma_limit", "memory_request", "memory_limit", "disk_request", "disk_limit",
            "max_instance_per_node", "creation_time", "scheduled_time", "deletion_time"};
    /** Key in {@link InferenceWorkload#skipped()}: instances requesting no GPU (CPU nodes). */
    public static final String ZERO_GPU = "0-GPU instance (CPU node)";
    /** Key in {@link InferenceWorkload#skipped()}: instances whose interval rounds to 0 ms. */
    public static final String ZERO_LIFETIME = "zero lifetime";

    private static final int SN = 0, ROLE = 1, APP = 2, GPU_REQUEST = 5, GPU_LIMIT = 6, MAX_PER_NODE = 13,
            CREATION = 14, SCHEDULED = 15, DELETION = 16;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

    private AlibabaDlrm2025Reader() {
    }

    /**
     * Reads the trace.
     *
     * @param file path of the CSV file (error messages name its file name only)
     * @return the services with their replicas, skipped rows counted by reason
     * @throws InputException if the file cannot be read or is malformed
     */
    public static InferenceWorkload read(Path file) {
        String name = TraceRows.fileName(file);
        Map<String, Integer> firstLineOf = new HashMap<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Integer> variants = new HashMap<>();
        TraceRows.forEachRow(file, HEADER, (line, f) -> {
            String sn = token(name, line, "instance_sn", f[SN]);
            Integer previous = firstLineOf.putIfAbsent(sn, line);
            if (previous != null) {
                throw new InputException(name, line, "instance_sn", "'" + InputException.quote(sn)
                        + "' repeats line " + previous + "; every instance must appear once");
            }
            String role = token(name, line, "role", f[ROLE]);
            String app = token(name, line, "app_name", f[APP]);
            int gpus = TraceRows.integer(f[GPU_REQUEST]);
            if (gpus < 0) {
                throw new InputException(name, line, "gpu_request", "must be an integer >= 0, got '"
                        + InputException.quote(f[GPU_REQUEST]) + "'");
            }
            int gpuLimit = TraceRows.integer(f[GPU_LIMIT]);
            if (gpuLimit < gpus) {
                throw new InputException(name, line, "gpu_limit", "must be an integer >= gpu_request (" + gpus
                        + "), got '" + InputException.quote(f[GPU_LIMIT]) + "'");
            }
            int limit = TraceRows.integer(f[MAX_PER_NODE]);
            if (limit != -1 && limit < 1) {
                throw new InputException(name, line, "max_instance_per_node",
                        "must be -1 (no limit) or an integer >= 1, got '" + InputException.quote(f[MAX_PER_NODE]) + "'");
            }
            double creation = f[CREATION].isEmpty() ? 0 : seconds(name, line, "creation_time", f[CREATION]);
            if (f[CREATION].isEmpty() && !f[SCHEDULED].isEmpty()) {
                throw new InputException(name, line, "scheduled_time", "is set but creation_time is blank");
            }
            double scheduled = creation;
            if (!f[SCHEDULED].isEmpty()) {
                scheduled = seconds(name, line, "scheduled_time", f[SCHEDULED]);
                if (scheduled < creation) {
                    throw new InputException(name, line, "scheduled_time", "must be >= creation_time ("
                            + InputException.quote(f[CREATION]) + "), got '" + InputException.quote(f[SCHEDULED]) + "'");
                }
            }
            long endMs = InferenceService.OPEN_END;
            if (!f[DELETION].isEmpty()) {
                double deletion = seconds(name, line, "deletion_time", f[DELETION]);
                if (deletion < scheduled) {
                    String after = f[SCHEDULED].isEmpty() ? "creation_time" : "scheduled_time";
                    String value = f[SCHEDULED].isEmpty() ? (f[CREATION].isEmpty() ? "0 (blank)" : f[CREATION]) : f[SCHEDULED];
                    throw new InputException(name, line, "deletion_time", "must be >= " + after + " ("
                            + InputException.quote(value) + "), got '" + InputException.quote(f[DELETION]) + "'");
                }
                endMs = TraceRows.secondsToMs(deletion);
            }
            if (gpus == 0) {
                skipped.merge(ZERO_GPU, 1, Integer::sum);
                return;
            }
            long startMs = TraceRows.secondsToMs(creation);
            if (endMs <= startMs) {
                skipped.merge(ZERO_LIFETIME, 1, Integer::sum);
                return;
            }
            String key = app + "\u0000" + role + "\u0000" + gpus + "\u0000" + limit;
            groups.computeIfAbsent(key, k -> {
                variants.merge(app + "\u0000" + role, 1, Integer::sum);
                return new Group(app, role, gpus, limit);
            }).add(startMs, endMs, line);
        });
        List<InferenceService> services = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            boolean several = variants.get(g.app + "\u0000" + g.role) > 1;
            String serviceName = g.app + "/" + g.role
                    + (several ? "/g" + g.gpus + "-m" + (g.limit < 0 ? "any" : Integer.toString(g.limit)) : "");
            services.add(g.build(services.size(), serviceName, name));
        }
        return new InferenceWorkload(services, skipped, file.toString());
    }

    private static String token(String name, int line, String field, String s) {
        if (s.isEmpty()) {
            throw new InputException(name, line, field, "must not be empty");
        }
        if (!TOKEN.matcher(s).matches()) {
            throw new InputException(name, line, field, "must be letters, digits, '.', '_' or '-', got '"
                    + InputException.quote(s) + "'");
        }
        return s;
    }

    private static double seconds(String name, int line, String field, String s) {
        double v = TraceRows.nonNegativeNumber(s);
        if (v < 0) {
            throw new InputException(name, line, field, "must be a number >= 0 (seconds) or blank, got '"
                    + InputException.quote(s) + "'");
        }
        return TraceRows.atMostTenYears(name, line, field, v, s);
    }

    /** Replicas of one service as they are read. */
    private static final class Group {
        final String app;
        final String role;
        final int gpus;
        final int limit;
        long[] start = new long[8];
        long[] end = new long[8];
        int[] line = new int[8];
        int size;

        Group(String app, String role, int gpus, int limit) {
            this.app = app;
            this.role = role;
            this.gpus = gpus;
            this.limit = limit;
        }

        void add(long s, long e, int l) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                line = Arrays.copyOf(line, size * 2);
            }
            start[size] = s;
            end[size] = e;
            line[size] = l;
            size++;
        }

        InferenceService build(int id, String serviceName, String file) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> start[a] != start[b] ? Long.compare(start[a], start[b]) : Integer.compare(line[a], line[b]));
            long[] s = new long[size];
            long[] e = new long[size];
            String[] origin = new String[size];
            for (int i = 0; i < size; i++) {
                s[i] = start[order[i]];
                e[i] = end[order[i]];
                origin[i] = file + ":" + line[order[i]];
            }
            return new InferenceService(id, serviceName, gpus, limit < 0 ? InferenceService.NO_LIMIT : limit, s, e, origin);
        }
    }
}
