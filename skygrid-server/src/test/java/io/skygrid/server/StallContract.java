package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stalls and errors stay per request, on every database: a real lock held by a second connection longer
 * than the commit timeout (1.5 s here), and a batch with one bad write among good ones. Every answer must
 * match what the database holds afterwards (a 503 only for a change that never commits, a 2xx only for
 * one that did), a retry with the same Idempotency-Key returns the original job, no answer carries SQL
 * text, and one bad write never fails another.
 */
abstract class StallContract {
    static final String OP = ApiContract.OP;
    static final long TIMEOUT_MS = 1500;

    @TempDir
    Path dir;
    TestDb db;
    SkygridServer server;
    Http http;

    abstract TestDb database(Path dir);

    /**
     * Opens a transaction on {@code c} that blocks the server's writes to {@code jobs}: new rows
     * (PostgreSQL: {@code LOCK TABLE}) or at least the row of job {@code rowId} (H2: a row lock).
     */
    abstract void blockJobs(Connection c, long rowId) throws Exception;

    /** @return whether the lock also blocks inserts (submissions), not only updates of the locked row */
    abstract boolean blocksInserts();

    @BeforeEach
    void start() throws Exception {
        db = database(dir);
        server = SkygridServer.start(db.config(dir, OP, Map.of("db.commit.timeout.ms", String.valueOf(TIMEOUT_MS))), ApiContract.scenario(),
                new SimClock.Manual(0), db.schema);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.controlPlane().checkInvariants();
            server.close();
        }
        if (db != null) db.close();
    }

    String tenant(String name) {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"" + name + "\",\"quotaGpus\":100000}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    Http.Res submit(String token, String key, int i) {
        return http.call("POST", "/api/v1/jobs", token, "{\"gpus\":1,\"durationS\":600000,\"name\":\"stall-" + i + "\"}",
                "Content-Type", "application/json", "Idempotency-Key", key);
    }

    /** @return tenant name + "/" + idempotency key -> (id, state) of every stored job */
    Map<String, String[]> storedJobs() throws Exception {
        Map<String, String[]> out = new HashMap<>();
        try (Connection c = server.controlPlane().store().dataSource().getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT t.name, j.idempotency_key, j.id, j.state FROM jobs j JOIN tenants t ON t.id = j.tenant_id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String k = rs.getString(1) + "/" + rs.getString(2);
                assertThat(out.put(k, new String[] {rs.getString(3), rs.getString(4)})).as("two rows for %s", k).isNull();
            }
        }
        return out;
    }

    static void assertNoSql(Http.Res r) {
        assertThat(r.body()).doesNotContainIgnoringCase("insert into").doesNotContainIgnoringCase("update jobs")
                .doesNotContain("jobs_tenant_idem").doesNotContainIgnoringCase("duplicate key").doesNotContain("SQL");
    }

    @Test
    void aStalledCommitAnswers503OnlyForChangesThatNeverCommitAndRetriesGetTheOriginal() throws Exception {
        String a = tenant("stall-a");
        String b = tenant("stall-b");
        long victim = submitOk(a, "victim", 0);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try (Connection lock = server.controlPlane().store().dataSource().getConnection()) {
            lock.setAutoCommit(false);
            blockJobs(lock, victim);
            long t0 = System.nanoTime();
            // a cancellation of the locked row, and submissions of two tenants queued behind it
            Future<Http.Res> cancel = pool.submit(() -> http.post("/api/v1/jobs/" + victim + "/cancel", a, null));
            Thread.sleep(100);
            List<Future<Http.Res>> subs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final int n = i;
                subs.add(pool.submit(() -> submit(n % 2 == 0 ? a : b, "k-" + n, n)));
            }
            // the client of k-0 repeats its request while the first is stalled: same key, same body
            Thread.sleep(50);
            Future<Http.Res> repeat = pool.submit(() -> submit(a, "k-0", 0));
            Http.Res c = cancel.get(30, TimeUnit.SECONDS);
            List<Http.Res> answers = new ArrayList<>();
            for (Future<Http.Res> f : subs) answers.add(f.get(30, TimeUnit.SECONDS));
            Http.Res rep = repeat.get(30, TimeUnit.SECONDS);
            double waited = (System.nanoTime() - t0) / 1e9;
            // the lock is held beyond the timeout: hold it a moment longer, then release it
            Thread.sleep(500);
            lock.rollback();
            assertThat(c.status()).as(c.toString()).isEqualTo(503);
            assertThat(c.contentType()).startsWith("application/problem+json");
            assertNoSql(c);
            assertThat(waited).as("answers came within the timeout (plus the statement timeout)").isLessThan(3 * TIMEOUT_MS / 1000.0 + 5);
            int failed = 0;
            for (Http.Res r : answers) {
                assertThat(r.status()).as(r.toString()).isIn(201, 503);
                assertNoSql(r);
                if (r.status() == 503) failed++;
            }
            if (blocksInserts()) assertThat(failed).as("submissions stalled behind the lock").isGreaterThan(0);
            // the repeat waited for the first one's outcome: the original job if it committed, else its own attempt
            assertNoSql(rep);
            if (answers.get(0).status() == 201) {
                assertThat(rep.status()).as(rep.toString()).isEqualTo(200);
                assertThat(rep.json().path("id").asLong()).isEqualTo(answers.get(0).json().path("id").asLong());
            } else {
                assertThat(rep.status()).as(rep.toString()).isIn(201, 503);
                if (rep.status() == 201) answers.set(0, rep);
            }
            // after the stall: nothing answered 503 is committed later, everything answered 201 is there
            Thread.sleep(2 * TIMEOUT_MS);
            Map<String, String[]> stored = storedJobs();
            assertThat(stored.get("stall-a/victim")[1]).as("the cancellation answered 503 did not happen").isIn("QUEUED", "RUNNING");
            assertThat(http.get("/api/v1/jobs/" + victim, a).json().path("state").asText()).isIn("QUEUED", "RUNNING");
            for (int i = 0; i < 8; i++) {
                String k = (i % 2 == 0 ? "stall-a" : "stall-b") + "/k-" + i;
                Http.Res r = answers.get(i);
                if (r.status() == 201) {
                    assertThat(stored).as("%s answered 201", k).containsKey(k);
                    assertThat(stored.get(k)[0]).isEqualTo(r.json().path("id").asText());
                } else {
                    assertThat(stored).as("%s answered 503 but was committed later: %s", k, r).doesNotContainKey(k);
                }
            }
            // a retry with the same key: the original job if it was committed, else a new one; once each
            for (int i = 0; i < 8; i++) {
                Http.Res again = submit(i % 2 == 0 ? a : b, "k-" + i, i);
                if (answers.get(i).status() == 201) {
                    assertThat(again.status()).as(again.toString()).isEqualTo(200);
                    assertThat(again.json().path("id").asLong()).isEqualTo(answers.get(i).json().path("id").asLong());
                } else {
                    assertThat(again.status()).as(again.toString()).isEqualTo(201);
                }
            }
            Map<String, String[]> after = storedJobs();
            for (int i = 0; i < 8; i++) assertThat(after).containsKey((i % 2 == 0 ? "stall-a" : "stall-b") + "/k-" + i);
            assertThat(after).hasSize(9);
            // the job list shows exactly what is stored
            assertThat(http.get("/api/v1/jobs?limit=100", a).json().path("items").size() + http.get("/api/v1/jobs?limit=100", b).json().path("items").size())
                    .isEqualTo(9);
            // and the cancellation now goes through
            Http.Res c2 = http.post("/api/v1/jobs/" + victim + "/cancel", a, null);
            assertThat(c2.status()).as(c2.toString()).isEqualTo(200);
            assertThat(storedJobs().get("stall-a/victim")[1]).isEqualTo("CANCELLED");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The finding of 2026-12-07: one job's row locked by another session (an operator's psql holding
     * {@code SELECT ... FOR UPDATE}) longer than the commit timeout. The cancellation of that job answers
     * 503 within about the commit timeout; the server's own follow-up write of the job is parked and must
     * not fail anyone else's write: every submission of another tenant meanwhile answers 201 and is
     * stored, quickly; after the lock is released the parked write lands and the row matches memory.
     */
    @Test
    void oneLockedJobRowFailsOnlyThatJobsWritesAndItsParkedUpdateLandsAfterwards() throws Exception {
        String a = tenant("row-a");
        String b = tenant("row-b");
        long victim = submitOk(a, "victim", 0);
        Store store = server.controlPlane().store();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Http.Res> subs = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> latenciesNs = java.util.Collections.synchronizedList(new ArrayList<>());
        Http.Res c;
        double cancelS;
        try (Connection lock = store.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement p = lock.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
                p.setLong(1, victim);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            long t0 = System.nanoTime();
            Future<Http.Res> cancel = pool.submit(() -> http.post("/api/v1/jobs/" + victim + "/cancel", a, null));
            Thread.sleep(50);
            // tenant b submits all through the lock: during the cancellation's wait and while its follow-up is parked
            long until = t0 + TimeUnit.MILLISECONDS.toNanos(2 * TIMEOUT_MS + 500);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                final int wn = w;
                workers.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < until; i++) {
                        long s0 = System.nanoTime();
                        Http.Res r = submit(b, "w" + wn + "-" + i, i);
                        latenciesNs.add(System.nanoTime() - s0);
                        subs.add(r);
                        try {
                            Thread.sleep(40);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            c = cancel.get(30, TimeUnit.SECONDS);
            cancelS = (System.nanoTime() - t0) / 1e9;
            for (Future<?> f : workers) f.get(30, TimeUnit.SECONDS);
            // the job's own follow-up write is set aside while the row stays locked
            assertThat(store.parkedJobs()).as("the locked job's writes are parked").isEqualTo(1);
            assertThat(http.get("/metrics", null).body()).contains("skygrid_db_parked_jobs 1");
            lock.rollback();
        } finally {
            pool.shutdownNow();
        }
        assertThat(c.status()).as(c.toString()).isEqualTo(503);
        assertNoSql(c);
        assertThat(cancelS).as("the cancellation's answer came within about the commit timeout").isLessThan(TIMEOUT_MS / 1000.0 + 1.0);
        assertThat(subs).hasSizeGreaterThan(20);
        for (Http.Res r : subs) assertThat(r.status()).as("another tenant's submission during the lock: %s", r).isEqualTo(201);
        long slowest = latenciesNs.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("%s row lock: cancel answered %d after %.2f s; %d submissions of another tenant, slowest %.0f ms%n",
                getClass().getSimpleName(), c.status(), cancelS, subs.size(), slowest / 1e6);
        assertThat(slowest / 1e6).as("slowest submission, ms").isLessThan(TIMEOUT_MS);
        Map<String, String[]> stored = storedJobs();
        for (Http.Res r : subs) {
            String id = r.json().path("id").asText();
            assertThat(stored.values().stream().anyMatch(v -> v[0].equals(id))).as("job %s answered 201 is stored", id).isTrue();
        }
        // after the release the parked write lands: the row is what the control plane holds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.parkedJobs() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(store.parkedJobs()).isZero();
        assertThat(http.get("/metrics", null).body()).contains("skygrid_db_parked_jobs 0");
        JsonNode mem = http.get("/api/v1/jobs/" + victim, a).json();
        assertThat(mem.path("state").asText()).isIn("QUEUED", "RUNNING");
        try (Connection q = store.dataSource().getConnection();
             PreparedStatement p = q.prepareStatement("SELECT state, restarts, reason FROM jobs WHERE id = ?")) {
            p.setLong(1, victim);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(mem.path("state").asText());
                assertThat(rs.getInt(2)).isEqualTo(mem.path("restarts").asInt());
                assertThat(rs.getString(3)).isEqualTo(mem.path("reason").asText(null));
            }
        }
        // and the cancellation now goes through
        Http.Res c2 = http.post("/api/v1/jobs/" + victim + "/cancel", a, null);
        assertThat(c2.status()).as(c2.toString()).isEqualTo(200);
        assertThat(storedJobs().get("row-a/victim")[1]).isEqualTo("CANCELLED");
    }

    long submitOk(String token, String key, int i) {
        Http.Res r = submit(token, key, i);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    @Test
    void oneBadWriteInABatchFailsAloneWithAnErrorIdAndNoSqlText() throws Exception {
        Store store = server.controlPlane().store();
        CountDownLatch inBatch = new CountDownLatch(1);
        // the first write holds the writer for a moment, so the next ones are committed together in one batch
        CompletableFuture<Void> holder = store.write(x -> {
            inBatch.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(inBatch.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) good.add(store.write(Store.putSetting("good-" + i, "v" + i)));
        // a tenant name that is already taken: a constraint error of this write only
        CompletableFuture<Void> bad = store.write(x -> {
            try (PreparedStatement p = x.connection().prepareStatement(
                    "INSERT INTO tenants (id, name, quota_gpus, rate_per_s, burst, weight, created_wall_ms) VALUES (?, 'twin', 1, 1, 1, 1, 0)")) {
                p.setLong(1, 900_001);
                p.executeUpdate();
                p.setLong(1, 900_002);
                p.executeUpdate();
            }
        });
        for (int i = 20; i < 40; i++) good.add(store.write(Store.putSetting("good-" + i, "v" + i)));
        holder.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> g : good) g.get(10, TimeUnit.SECONDS);
        Throwable failure = null;
        try {
            bad.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(StoreException.class);
        StoreException se = (StoreException) failure;
        assertThat(se.kind()).isEqualTo(StoreException.Kind.CONFLICT);
        assertThat(se.errorId()).matches("db-[0-9a-f]{12}");
        assertThat(se.getMessage()).doesNotContainIgnoringCase("insert").doesNotContain("twin").doesNotContain("tenants");
        for (int i = 0; i < 40; i++) assertThat(store.setting("good-" + i)).isEqualTo("v" + i);
        ApiException answer = ControlPlane.problem(se);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.getMessage()).contains(se.errorId()).doesNotContain("twin");
    }

    @Test
    void idsAreNeverHandedOutTwiceAcrossRestartsEvenIfNothingWasCommitted() throws Exception {
        Store store = server.controlPlane().store();
        long first = store.nextId("jobs");
        long last = first;
        for (int i = 0; i < 300; i++) last = store.nextId("jobs"); // crosses a block boundary
        assertThat(last).isEqualTo(first + 300);
        server.close(); // no job took these ids
        server = SkygridServer.start(db.config(dir, OP, Map.of("db.commit.timeout.ms", String.valueOf(TIMEOUT_MS))), ApiContract.scenario(),
                new SimClock.Manual(0), db.schema);
        http = new Http(server.port());
        String a = tenant("ids-a");
        Http.Res r = submit(a, "after", 1);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("id").asLong()).isGreaterThan(last);
    }

    @Test
    void anInvalidTextValueIsA4xxAndFailsNoOtherWrite() throws Exception {
        String a = tenant("nul-a");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Http.Res>> subs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                final int n = i;
                subs.add(pool.submit(() -> submit(a, "nul-" + n, n)));
                if (i == 10) {
                    subs.add(pool.submit(() -> http.post("/api/v1/admin/pools/site-a/nodes/1/down", OP, "{\"reason\":\"bad\\u0000reason\"}")));
                }
            }
            int ok = 0;
            for (Future<Http.Res> f : subs) {
                Http.Res r = f.get(30, TimeUnit.SECONDS);
                assertNoSql(r);
                if (r.raw().uri().getPath().contains("/down")) {
                    // H2 stores U+0000; PostgreSQL rejects it: then a 400, never the database's message
                    assertThat(r.status()).as(r.toString()).isIn(200, 400);
                } else {
                    assertThat(r.status()).as(r.toString()).isEqualTo(201);
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(40);
            assertThat(storedJobs().keySet().stream().filter(k -> k.startsWith("nul-a/")).count()).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonNode json(Http.Res r) {
        return r.json();
    }
}
