package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a server process with SIGKILL (kill -9) in the middle of a concurrent load, restarts it on
 * the same database and checks that every acknowledged submission is there exactly once with a
 * plausible state, that every acknowledged cancellation held, and that jobs running at the crash
 * resume from their checkpoints. Then stops the restarted server with SIGTERM and expects a clean
 * exit (graceful drain). Bounded: at most a few thousand submissions and about 20 s of load.
 */
abstract class CrashContract {
    static final String OP = "sg_crash-test-operator-token-0123456789abcdefghijk";
    @TempDir
    Path dir;
    TestDb db;
    Process proc;

    abstract TestDb database(Path dir);

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

    private Process startChild(Path scenario, int port, int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.skygrid.server.ServerMain", "serve",
                "--scenario", scenario.toString(), "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString()));
        if (db.schema != null) {
            cmd.addAll(List.of("--db-url", db.processUrl(), "--db-user", db.user));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server-" + n + ".log").toFile());
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
            if (!p.isAlive()) throw new AssertionError("server exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("server-" + n + ".log")));
            try {
                if (http.get("/ready", null).status() == 200) return p;
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready in 90 s: " + Files.readString(dir.resolve("server-" + n + ".log")));
    }

    @Test
    void killMinus9MidLoadLosesAndDuplicatesNoAcknowledgedJob() throws Exception {
        db = database(dir);
        long t0 = System.nanoTime();
        Path scenario = dir.resolve("scenario.yaml");
        try (InputStream in = CrashContract.class.getResourceAsStream("test-scenario.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        int port = freePort();
        proc = startChild(scenario, port, 1);

        LoadGenerator gen = new LoadGenerator(new LoadGenerator.Params("http://127.0.0.1:" + port, OP, 4, 8, 20_000, 0.1, 20, 7));
        CompletableFuture<LoadGenerator.Report> load = CompletableFuture.supplyAsync(() -> {
            try {
                return gen.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gen.acknowledged() < 400 && System.nanoTime() < until && !load.isDone()) Thread.sleep(20);
        assertThat(gen.acknowledged()).as("acknowledged before the kill").isGreaterThanOrEqualTo(400);
        proc.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        assertThat(proc.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).isEqualTo(137);
        gen.stop();
        load.get(60, TimeUnit.SECONDS);
        Map<Long, String> acked = gen.acknowledgedIds();
        Set<Long> cancelled = gen.cancelledIds();

        proc = startChild(scenario, port, 2);
        Http http = new Http(port);
        Map<Long, JsonNode> all = new HashMap<>();
        Map<String, Long> byName = new HashMap<>();
        String path = "/api/v1/admin/jobs?limit=500";
        while (path != null) {
            JsonNode page = http.get(path, OP).json();
            for (JsonNode j : page.path("items")) {
                long id = j.path("id").asLong();
                assertThat(all.put(id, j)).as("job %d listed twice", id).isNull();
                Long prev = byName.put(j.path("name").asText(), id);
                assertThat(prev).as("submission %s stored twice (jobs %s and %d)", j.path("name").asText(), prev, id).isNull();
            }
            JsonNode next = page.path("nextAfter");
            path = next.isMissingNode() || next.isNull() ? null : "/api/v1/admin/jobs?limit=500&after=" + next.asLong();
        }
        int resumed = 0;
        for (Map.Entry<Long, String> e : acked.entrySet()) {
            JsonNode j = all.get(e.getKey());
            assertThat(j).as("acknowledged job %d lost", e.getKey()).isNotNull();
            String i = e.getValue().substring(e.getValue().lastIndexOf('-') + 1);
            assertThat(j.path("name").asText()).isEqualTo("load-" + i);
            assertThat(j.path("state").asText()).isIn("QUEUED", "RUNNING", "SUCCEEDED", "CANCELLED");
            if (cancelled.contains(e.getKey())) assertThat(j.path("state").asText()).isEqualTo("CANCELLED");
            if (j.path("reason").asText().startsWith("resumed after a server restart")) {
                resumed++;
                assertThat(j.path("restarts").asInt()).isEqualTo(1);
            }
        }
        assertThat(all.size()).isGreaterThanOrEqualTo(acked.size());
        assertThat(resumed).as("jobs running at the crash resumed from their checkpoints").isGreaterThan(0);
        // the restarted server takes new work with fresh ids
        String token = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"after-crash\"}").json().path("token").asText();
        Http.Res r = http.post("/api/v1/jobs", token, "{\"gpus\":1,\"durationS\":60}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(all).doesNotContainKey(r.json().path("id").asLong());

        proc.destroy(); // SIGTERM: drain, commit, stop (the JVM reports 128 + 15 for a SIGTERM exit)
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).isEqualTo(143);
        assertThat(Files.readString(dir.resolve("server-2.log"))).contains("skygrid serve: stopped after draining requests and committing pending writes");
        System.out.printf("crash test (%s): %d acknowledged before kill -9, %d cancellations, %d jobs stored, %d resumed from checkpoints, %.1f s%n",
                db.kind, acked.size(), cancelled.size(), all.size(), resumed, (System.nanoTime() - t0) / 1e9);
    }
}
