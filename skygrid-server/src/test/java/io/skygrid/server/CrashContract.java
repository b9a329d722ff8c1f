package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a server process with SIGKILL (kill -9) in the middle of a concurrent load (8 client threads,
 * 4 tenants, Idempotency-Keys, 10 % cancellations), many times on the same database, restarting it
 * each time. After every kill it checks the database itself (a direct JDBC connection, the server
 * being dead), and after every restart the API: every acknowledged submission is there exactly once
 * with its tenant, every acknowledged cancellation held, no id was handed to two jobs (an id
 * acknowledged twice, or a stored job whose tenant or name changed), and the GPUs allocated in each
 * pool and those of its running jobs are within its capacity. At the end jobs running at a
 * crash must have resumed from their checkpoints, new work gets a fresh id, and a SIGTERM stops the
 * server cleanly (graceful drain).
 *
 * <p>Cycle count: system property {@code skygrid.crash.cycles.h2} / {@code skygrid.crash.cycles.pg} or
 * environment variable {@code SKYGRID_CRASH_CYCLES_H2} / {@code SKYGRID_CRASH_CYCLES_PG} (CI sets 30 and
 * 10 in {@code .ci/run}); locally {@link #defaultCycles()}. Each cycle runs about 0.3 to 1.5 s of load.
 */
abstract class CrashContract {
    static final String OP = "sg_crash-test-operator-token-0123456789abcdefghijk";
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;
    TestDb db;
    Process proc;

    abstract TestDb database(Path dir);

    /** @return the name of this store in the cycle-count settings ({@code h2}, {@code pg}) */
    abstract String cyclesKey();

    /** @return cycles when neither the system property nor the environment variable is set */
    int defaultCycles() {
        return 3;
    }

    int cycles() {
        String v = System.getProperty("skygrid.crash.cycles." + cyclesKey());
        if (v == null || v.isBlank()) v = System.getenv("SKYGRID_CRASH_CYCLES_" + cyclesKey().toUpperCase(java.util.Locale.ROOT));
        if (v == null || v.isBlank()) return defaultCycles();
        int n = Integer.parseInt(v.strip());
        if (n < 1 || n > 1000) throw new IllegalArgumentException("crash cycles must be in [1, 1000], got " + n);
        return n;
    }

    /** @return a JDBC connection to the database the (dead) server used */
    abstract Connection directConnection() throws Exception;

    @AfterEach
    void cleanup() throws Exception {
        if (proc != null && proc.isAlive()) {
            proc.destroyForcibly();
            proc.waitFor(20, TimeUnit.SECONDS);
        }
        if (db != null) db.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    private Process startChild(Path scenario, int port, int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "io.skygrid.server.ServerMain", "serve",
                "--scenario", scenario.toString(), "--port", String.valueOf(port), "--data-dir", dataDir().toString()));
        if (db.schema != null) {
            cmd.addAll(List.of("--db-url", db.processUrl(), "--db-user", db.user));
        }
        Path log = dir.resolve("server-" + n + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SKYGRID_OPERATOR_TOKEN", OP);
        env.put("SKYGRID_TICK_MS", "50");
        env.put("SKYGRID_SPEEDUP", "600");
        env.put("SKYGRID_LOOKAHEAD_HOURS", "1");
        env.put("SKYGRID_PHYSICS_THREADS", "1");
        env.put("SKYGRID_LOG_LEVEL", "WARN");
        env.put("SKYGRID_RATE_PER_S", "100000");
        env.put("SKYGRID_RATE_BURST", "100000");
        Process p = pb.start();
        Http http = new Http(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("server (start " + n + ") exited with " + p.exitValue() + ": " + Files.readString(log));
            try {
                if (http.get("/ready", null).status() == 200) return p;
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server not ready in 90 s: " + Files.readString(log));
    }

    /** What the clients were told about one job. */
    record Acked(String tenant, String name, int cycle) {
    }

    @Test
    void repeatedKillMinus9MidLoadLosesDuplicatesAndReusesNothingAcknowledged() throws Exception {
        db = database(dir);
        int cycles = cycles();
        long t0 = System.nanoTime();
        Path scenario = dir.resolve("scenario.yaml");
        try (InputStream in = CrashContract.class.getResourceAsStream("test-scenario.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        int port = freePort();
        SplittableRandom rnd = new SplittableRandom(20261208L);
        Map<Long, Acked> acked = new HashMap<>();
        Map<Long, Integer> cancelled = new HashMap<>(); // job id -> cycle whose client saw the cancellation acknowledged
        Map<Long, Acked> stored = new HashMap<>(); // every job ever seen in the database: id -> owner, name
        int totalAcked = 0;
        int resumed = 0;
        for (int c = 1; c <= cycles; c++) {
            proc = startChild(scenario, port, c);
            if (c > 1) resumed += checkApi(new Http(port), acked, cancelled, c);
            LoadGenerator gen = new LoadGenerator(new LoadGenerator.Params("http://127.0.0.1:" + port, OP, 4, 8, 20_000, 0.1, 20, 7 + c));
            CompletableFuture<LoadGenerator.Report> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return gen.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // kill at a random moment 0.3-1.5 s after the 20th acknowledgement, under full load
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (gen.acknowledged() < 20 && System.nanoTime() < until && !load.isDone()) Thread.sleep(5);
            Thread.sleep(300 + rnd.nextInt(1200));
            assertThat(gen.acknowledged()).as("cycle %d: acknowledged before the kill", c).isGreaterThanOrEqualTo(20);
            proc.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
            assertThat(proc.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).isEqualTo(137);
            gen.stop();
            load.get(60, TimeUnit.SECONDS);
            for (Map.Entry<Long, String> e : gen.acknowledgedIds().entrySet()) {
                String key = e.getValue(); // <run>-<i>; the job is named load-<i>, its tenant load-<run>-<i % 4>
                int dash = key.lastIndexOf('-');
                int i = Integer.parseInt(key.substring(dash + 1));
                Acked a = new Acked("load-" + key.substring(0, dash) + "-" + (i % 4), "load-" + i, c);
                Acked before = acked.put(e.getKey(), a);
                assertThat(before).as("cycle %d: id %d acknowledged for %s, but it was acknowledged in cycle %s for %s",
                        c, e.getKey(), a, before == null ? null : before.cycle(), before).isNull();
            }
            for (Long id : gen.cancelledIds()) cancelled.put(id, c);
            totalAcked += gen.acknowledgedIds().size();
            checkDatabase(acked, cancelled, stored, c);
        }
        proc = startChild(scenario, port, cycles + 1);
        Http http = new Http(port);
        resumed += checkApi(http, acked, cancelled, cycles + 1);
        assertThat(resumed).as("jobs running at a crash resumed from their checkpoints").isGreaterThan(0);
        // the restarted server takes new work with a fresh id
        String token = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"after-crash\"}").json().path("token").asText();
        Http.Res r = http.post("/api/v1/jobs", token, "{\"gpus\":1,\"durationS\":60}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(stored).doesNotContainKey(r.json().path("id").asLong());

        proc.destroy(); // SIGTERM: drain, commit, stop (the JVM reports 128 + 15 for a SIGTERM exit)
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).isEqualTo(143);
        assertThat(Files.readString(dir.resolve("server-" + (cycles + 1) + ".log")))
                .contains("skygrid serve: stopped after draining requests and committing pending writes");
        System.out.printf("crash test (%s): %d kill -9 cycles, %d submissions acknowledged before the kills, %d cancellations,"
                        + " %d jobs stored, %d resumed from checkpoints, %.1f s%n",
                db.kind, cycles, totalAcked, cancelled.size(), stored.size(), resumed, (System.nanoTime() - t0) / 1e9);
    }

    /** Checks the database of the killed server directly. */
    private void checkDatabase(Map<Long, Acked> acked, Map<Long, Integer> cancelled, Map<Long, Acked> stored, int cycle) throws Exception {
        Map<Long, Acked> now = new HashMap<>();
        Map<Long, String> state = new HashMap<>();
        try (Connection c = directConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT j.id, t.name, j.name, j.state FROM jobs j JOIN tenants t ON t.id = j.tenant_id ORDER BY j.id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                now.put(rs.getLong(1), new Acked(rs.getString(2), rs.getString(3), cycle));
                state.put(rs.getLong(1), rs.getString(4));
            }
        }
        List<String> wrong = new ArrayList<>();
        long maxStored = now.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        for (Map.Entry<Long, Acked> e : new java.util.TreeMap<>(acked).entrySet()) {
            Acked a = e.getValue();
            Acked s = now.get(e.getKey());
            if (s == null) {
                wrong.add("acknowledged job " + e.getKey() + " (" + a.name() + " of " + a.tenant() + ", cycle " + a.cycle() + ") is missing");
            } else if (!(s.tenant() + "/" + s.name()).equals(a.tenant() + "/" + a.name())) {
                wrong.add("job " + e.getKey() + " is " + s.tenant() + "/" + s.name() + ", acknowledged as " + a.tenant() + "/" + a.name());
            } else if (cancelled.containsKey(e.getKey()) && !"CANCELLED".equals(state.get(e.getKey()))) {
                wrong.add("job " + e.getKey() + " (cycle " + a.cycle() + ") is " + state.get(e.getKey()) + ", its cancellation was acknowledged in cycle "
                        + cancelled.get(e.getKey()));
            }
        }
        assertThat(wrong).as("after kill %d (largest id in the database %d): %d violations", cycle, maxStored, wrong.size()).isEmpty();
        for (Map.Entry<Long, Acked> e : now.entrySet()) {
            Acked before = stored.putIfAbsent(e.getKey(), e.getValue());
            if (before != null) {
                assertThat(e.getValue().tenant() + "/" + e.getValue().name()).as("after kill %d: id %d was %s/%s before (reused)",
                        cycle, e.getKey(), before.tenant(), before.name()).isEqualTo(before.tenant() + "/" + before.name());
            }
        }
        for (Long id : stored.keySet()) {
            assertThat(now).as("after kill %d: job %d was in the database after an earlier kill", cycle, id).containsKey(id);
        }
    }

    /** Checks the restarted server's API; returns the number of jobs resumed after the last crash. */
    private int checkApi(Http http, Map<Long, Acked> acked, Map<Long, Integer> cancelled, int start) {
        Map<Long, JsonNode> all = new HashMap<>();
        Map<String, Long> byKey = new HashMap<>();
        String path = "/api/v1/admin/jobs?limit=500";
        while (path != null) {
            JsonNode page = http.get(path, OP).json();
            for (JsonNode j : page.path("items")) {
                long id = j.path("id").asLong();
                assertThat(all.put(id, j)).as("start %d: job %d listed twice", start, id).isNull();
                String k = j.path("tenant").asText() + "/" + j.path("name").asText();
                Long prev = byKey.put(k, id);
                assertThat(prev).as("start %d: submission %s stored twice (jobs %s and %d)", start, k, prev, id).isNull();
            }
            JsonNode next = page.path("nextAfter");
            path = next.isMissingNode() || next.isNull() ? null : "/api/v1/admin/jobs?limit=500&after=" + next.asLong();
        }
        int resumed = 0;
        for (Map.Entry<Long, Acked> e : acked.entrySet()) {
            JsonNode j = all.get(e.getKey());
            assertThat(j).as("start %d: acknowledged job %d lost", start, e.getKey()).isNotNull();
            assertThat(j.path("tenant").asText() + "/" + j.path("name").asText()).as("start %d: job %d", start, e.getKey())
                    .isEqualTo(e.getValue().tenant() + "/" + e.getValue().name());
            assertThat(j.path("state").asText()).isIn("QUEUED", "RUNNING", "SUCCEEDED", "CANCELLED");
            if (cancelled.containsKey(e.getKey())) assertThat(j.path("state").asText()).as("start %d: cancelled job %d", start, e.getKey()).isEqualTo("CANCELLED");
            if (j.path("reason").asText().startsWith("resumed after a server restart")) resumed++;
        }
        // allocation within capacity: per pool, the GPUs of its running jobs and the GPUs it reports allocated (read a
        // moment later; the scheduler keeps working) are within its capacity
        Map<String, Long> running = new HashMap<>();
        for (JsonNode j : all.values()) {
            if (j.path("state").asText().equals("RUNNING")) running.merge(j.path("pool").asText(), j.path("gpus").asLong(), Long::sum);
        }
        for (JsonNode p : http.get("/api/v1/admin/fleet", OP).json().path("pools")) {
            String name = p.path("name").asText();
            long cap = p.path("capacityGpus").asLong();
            assertThat(running.getOrDefault(name, 0L)).as("start %d: GPUs of running jobs in pool %s", start, name).isLessThanOrEqualTo(cap);
            assertThat(p.path("allocatedGpus").asLong()).as("start %d: pool %s allocated", start, name).isBetween(0L, cap);
        }
        return resumed;
    }
}
