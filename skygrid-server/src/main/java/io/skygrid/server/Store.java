package io.skygrid.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Durable state through JDBC: an H2 file database or PostgreSQL, schema by Flyway
 * ({@code db/migration}).
 *
 * <p><b>Group commit.</b> Writes go through one writer thread that drains every pending write
 * (up to {@link #MAX_BATCH}), runs them in one transaction (job inserts and job updates as JDBC
 * batches, in submission order) and commits, then completes each write's future. A caller that must
 * not answer before its write is durable (job submission, cancellation, tenant changes) waits on the
 * future; the scheduler's own updates (start, checkpoint, completion) are not waited on, but are
 * applied in order.
 *
 * <p><b>Durable means on disk.</b> A future completes only after the commit is forced to the device:
 * on H2 each group commit is followed by {@code CHECKPOINT SYNC} (fsync of the file); on PostgreSQL
 * every connection runs with {@code synchronous_commit = on}. Before H2 opens its file, {@link
 * H2Recovery} makes the file's store header point at the newest complete chunk: H2 2.x's normal open
 * after an unclean stop follows the chunk chain from the header and silently drops every chunk written
 * after one that was placed in reused space (acknowledged commits, seen after a few kill -9 cycles).
 *
 * <p><b>Failures stay per write.</b> If a transaction fails, because of one write's data (an SQL data or
 * constraint error) or transiently (a lock or statement timeout), the writer rolls back and runs the
 * batch again in one transaction with a savepoint per write, so only the culprit fails and the others
 * commit. A statement waits at most {@link #lockTimeoutMs(long)} (a tenth of the commit timeout, 10 to
 * 250 ms) for a lock held by another session (an operator's {@code psql} with {@code SELECT ... FOR
 * UPDATE}): a write whose row stays locked is <em>parked</em> with every later write of the same job
 * (per-job order is kept) and retried alone, with backoff ({@code max(50, lock timeout)} ms doubling
 * to {@code max(1000, 8 x lock timeout)} ms), never again inside other writes' transactions. A parked
 * write someone waits for can still be withdrawn by its caller (its answer is 503 at the commit
 * timeout); a scheduler update waits until the row is free. If the connection itself fails, nothing
 * was committed: waited-on writes fail (their callers answer 503), the scheduler's own updates are
 * retried in order. Every failure is logged with an error id; the exception given to callers ({@link
 * StoreException}) carries only that id and a category, never the SQL text or values. A caller that
 * stops waiting can {@linkplain Pending#withdraw withdraw} a write still queued, so it will never
 * commit; a write already in a transaction cannot be withdrawn and its outcome comes within the lock
 * timeout (statement timeout if the database is slow) plus the re-run's budget ({@code max(2 x lock
 * timeout, commit timeout / 4)}).
 *
 * <p><b>How long a request waits.</b> A waited-on write is answered within the commit timeout if it
 * is still queued then (withdrawn, 503); if a transaction holds it at that moment, within the commit
 * timeout + 2 x the lock timeout when its batch commits or one row is locked, at most about 1.25 x the
 * commit timeout + 2 x the lock timeout when many rows are locked, and (a database that does not
 * answer at all) 2 x the commit timeout + 5 s, after which the answer is 503 with the outcome unknown
 * ({@link ControlPlane#await}).
 *
 * <p><b>Ids</b> come from blocks reserved in table {@code id_blocks} (migration V3): a block is
 * committed (and synced) before any of its ids is handed out, so an id is never handed out twice, even
 * when the process dies before the job that took it is committed.
 */
public final class Store implements AutoCloseable {
    /** Largest number of writes committed together. */
    public static final int MAX_BATCH = 2000;
    /**
     * Group-commit linger: when the previous transaction carried at least {@link #LINGER_MIN_BATCH}
     * writes (concurrent load), the writer waits up to this long for more before committing. A lone
     * request never waits.
     */
    static final long LINGER_NS = 1_000_000;
    static final int LINGER_MIN_BATCH = 4;
    private int lastBatch;
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final String JOB_COLUMNS = "id, tenant_id, name, idempotency_key, job_class, gpus, duration_ms, priority,"
            + " checkpoint_bytes, checkpoint_interval_ms, input_bytes, output_bytes, target, state, submit_ms, submit_wall_ms,"
            + " start_ms, end_ms, checkpoint_done_ms, restarts, pool, nodes, reason";

    /** Ids reserved per {@code id_blocks} reservation, by table. */
    static final Map<String, Integer> ID_BLOCK = Map.of("jobs", 256, "tenants", 16, "reservations", 16);
    /** Default longest wait for a commit, ms. */
    public static final long DEFAULT_COMMIT_TIMEOUT_MS = 30_000;

    private final HikariDataSource ds;
    private final boolean h2;
    private final long commitTimeoutMs;
    private final long lockTimeoutMs;
    private final java.util.Deque<Write> retry = new java.util.ArrayDeque<>();
    /**
     * Writes of jobs whose row another session keeps locked (or whose statement keeps timing out), by
     * job id, in order: retried alone with backoff, never inside other writes' transactions. Any later
     * write of such a job joins its queue, so each job's writes stay in order. Writer thread only.
     */
    private final Map<Long, java.util.ArrayDeque<Write>> parked = new java.util.LinkedHashMap<>();
    private volatile int parkedCount;
    private long parkedRetryAtNs;
    private long parkedBackoffMs;
    private boolean retryingParked;
    private final Map<String, long[]> idBlocks = new java.util.HashMap<>();
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private final LatencyRecorder commitLatency = new LatencyRecorder(8192);
    private volatile long commits;
    private volatile long writesCommitted;

    /** One durable change. */
    @FunctionalInterface
    public interface Op {
        void apply(Batch b) throws SQLException;
    }

    /**
     * A queued write's outcome: completes when committed and on disk, or exceptionally with a
     * {@link StoreException}.
     */
    public static final class Pending extends CompletableFuture<Void> {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;
        private final java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger(QUEUED);

        /**
         * Withdraws the write if no transaction has taken it yet; it then never commits and this
         * future fails with a {@link StoreException} of kind {@link StoreException.Kind#WITHDRAWN}.
         *
         * @return whether it was withdrawn (false: it is being or was committed, or it failed)
         */
        public boolean withdraw() {
            if (!phase.compareAndSet(QUEUED, WITHDRAWN)) return false;
            completeExceptionally(new StoreException(StoreException.Kind.WITHDRAWN, null, "withdrawn before it was committed"));
            return true;
        }

        /** @return whether a transaction has taken this write (it can no longer be withdrawn) */
        public boolean taken() {
            return phase.get() == TAKEN;
        }

        boolean take() {
            return phase.compareAndSet(QUEUED, TAKEN);
        }

        /** Its transaction rolled back: it can be withdrawn again until the next one takes it. */
        void untake() {
            phase.compareAndSet(TAKEN, QUEUED);
        }
    }

    /**
     * @param background a scheduler update: retried after a transient failure instead of failing
     * @param job        the job whose row it writes, or -1 (its writes keep their order, see {@link #parked})
     * @param deadlineNs  {@link System#nanoTime()} at which its caller stops waiting (queued + commit timeout)
     */
    private record Write(Op op, Pending done, boolean background, long job, long deadlineNs) {
        /** @return whether its caller has stopped waiting: it must not be set aside for later */
        boolean expired() {
            return !background && System.nanoTime() - deadlineNs > 0;
        }
    }

    /** Statements of one transaction. */
    public static final class Batch {
        final Connection c;
        PreparedStatement insertJob;
        PreparedStatement updateJob;
        int inserts;
        int updates;

        Batch(Connection c) {
            this.c = c;
        }

        public Connection connection() {
            return c;
        }

        void addInsert(LiveJob j) throws SQLException {
            if (insertJob == null) {
                insertJob = c.prepareStatement("INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            }
            PreparedStatement p = insertJob;
            p.setLong(1, j.id);
            p.setLong(2, j.tenantId);
            setStr(p, 3, j.name);
            setStr(p, 4, j.idempotencyKey);
            p.setString(5, j.jobClass);
            p.setInt(6, j.gpus);
            p.setLong(7, j.durationMs);
            p.setInt(8, j.priority);
            p.setLong(9, j.checkpointBytes);
            p.setLong(10, j.checkpointIntervalMs);
            p.setLong(11, j.inputBytes);
            p.setLong(12, j.outputBytes);
            setStr(p, 13, j.target);
            p.setString(14, j.state.name());
            p.setLong(15, j.submitMs);
            p.setLong(16, j.submitWallMs);
            setLong(p, 17, j.startMs);
            setLong(p, 18, j.endMs);
            p.setLong(19, j.checkpointDoneMs);
            p.setInt(20, j.restarts);
            setStr(p, 21, j.pool);
            setStr(p, 22, nodesText(j.nodes));
            setStr(p, 23, j.reason);
            p.addBatch();
            inserts++;
        }

        void addUpdate(JobRow r) throws SQLException {
            if (updateJob == null) {
                updateJob = c.prepareStatement("UPDATE jobs SET state=?, start_ms=?, end_ms=?, checkpoint_done_ms=?, restarts=?,"
                        + " pool=?, nodes=?, reason=? WHERE id=?");
            }
            PreparedStatement p = updateJob;
            p.setString(1, r.state.name());
            setLong(p, 2, r.startMs);
            setLong(p, 3, r.endMs);
            p.setLong(4, r.checkpointDoneMs);
            p.setInt(5, r.restarts);
            setStr(p, 6, r.pool);
            setStr(p, 7, r.nodes);
            setStr(p, 8, r.reason);
            p.setLong(9, r.id);
            p.addBatch();
            updates++;
        }

        void finish() throws SQLException {
            if (insertJob != null) insertJob.executeBatch();
            if (updateJob != null) updateJob.executeBatch();
        }

        /** Closes the statements; the next write prepares its own. */
        void reset() {
            close();
            insertJob = null;
            updateJob = null;
        }

        void close() {
            for (PreparedStatement p : new PreparedStatement[] {insertJob, updateJob}) {
                if (p != null) {
                    try {
                        p.close();
                    } catch (SQLException ignored) {
                        // closing after a failed batch
                    }
                }
            }
        }
    }

    /** Snapshot of a job's mutable columns, taken under the control plane's lock. */
    public record JobRow(long id, JobState state, long startMs, long endMs, long checkpointDoneMs, int restarts,
                         String pool, String nodes, String reason) {
        static JobRow of(LiveJob j) {
            return new JobRow(j.id, j.state, j.startMs, j.endMs, j.checkpointDoneMs, j.restarts, j.pool, nodesText(j.nodes), j.reason);
        }
    }

    private Store(HikariDataSource ds, boolean h2, long commitTimeoutMs) {
        this.ds = ds;
        this.h2 = h2;
        this.commitTimeoutMs = commitTimeoutMs;
        this.lockTimeoutMs = lockTimeoutMs(commitTimeoutMs);
        this.writer = new Thread(this::writeLoop, "skygrid-db-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Connects, migrates the schema to the latest version and starts the writer.
     *
     * @param url      JDBC URL (H2 or PostgreSQL)
     * @param user     user
     * @param password password
     * @param poolSize connections
     * @param schema   schema to use and create (PostgreSQL tests), or null for the default
     */
    public static Store open(String url, String user, String password, int poolSize, String schema) {
        return open(url, user, password, poolSize, schema, DEFAULT_COMMIT_TIMEOUT_MS);
    }

    /**
     * As {@link #open(String, String, String, int, String)}, with the longest a statement of a write
     * may wait (lock or statement timeout), ms.
     */
    public static Store open(String url, String user, String password, int poolSize, String schema, long commitTimeoutMs) {
        boolean h2 = url.startsWith("jdbc:h2:");
        if (url.startsWith("jdbc:h2:file:")) H2Recovery.repair(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("skygrid-db");
        hc.setAutoCommit(true);
        if (schema != null) hc.setSchema(schema);
        long lockMs = lockTimeoutMs(commitTimeoutMs);
        if (h2) {
            hc.setConnectionInitSql("SET LOCK_TIMEOUT " + lockMs);
        } else if (url.startsWith("jdbc:postgresql:")) {
            // durable commits whatever the server's default; a statement waiting on a lock gives up soon (the
            // writer then finds the write whose row is locked and sets it aside), any statement within the timeout
            hc.setConnectionInitSql("SET synchronous_commit = on; SET statement_timeout = " + commitTimeoutMs + "; SET lock_timeout = " + lockMs);
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            var fw = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
            if (schema != null) fw = fw.schemas(schema).defaultSchema(schema).createSchemas(true);
            var result = fw.load().migrate();
            LOG.info("database ready: {} (schema version {}, {} migrations applied)", redact(url),
                    result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Store(ds, h2, commitTimeoutMs);
    }

    /** @return the longest a statement of a write may wait, ms */
    public long commitTimeoutMs() {
        return commitTimeoutMs;
    }

    /**
     * The longest a statement waits for a row or table lock held by another session: a tenth of the
     * commit timeout, between 10 and 250 ms. Only other sessions (an operator's {@code psql}) hold locks
     * on the server's rows, since every write of the server goes through the one writer; a write that
     * waits longer is set aside and retried alone, so the others in its batch are not held up.
     *
     * @param commitTimeoutMs the commit timeout, ms
     * @return the lock timeout, ms
     */
    static long lockTimeoutMs(long commitTimeoutMs) {
        return Math.max(10, Math.min(250, commitTimeoutMs / 10));
    }

    /** @return the longest a statement waits for a lock held by another session, ms ({@link #lockTimeoutMs(long)}) */
    public long lockTimeoutMs() {
        return lockTimeoutMs;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    /** @return the pool (reads, tests) */
    public javax.sql.DataSource dataSource() {
        return ds;
    }

    /**
     * Queues a write; the future completes when it is committed (or fails with the cause).
     *
     * @throws IllegalStateException if the store is closing
     */
    public Pending write(Op op) {
        return enqueue(op, false, -1);
    }

    private Pending enqueue(Op op, boolean background, long job) {
        if (closing) throw new IllegalStateException("store is closing");
        Pending f = new Pending();
        queue.add(new Write(op, f, background, job, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs)));
        return f;
    }

    /** Queues a job insert. */
    public Pending insertJob(LiveJob j) {
        return enqueue(b -> b.addInsert(j), false, j.id);
    }

    /** Queues an update of a job's mutable columns, as they are now (call under the control plane's lock). */
    public Pending updateJob(LiveJob j) {
        JobRow r = JobRow.of(j);
        return enqueue(b -> b.addUpdate(r), false, j.id);
    }

    /**
     * Queues a scheduler update of a job's mutable columns, as they are now (call under the control
     * plane's lock). Nobody waits for it; after a transient failure it is retried, in order.
     */
    public Pending updateJobInBackground(LiveJob j) {
        JobRow r = JobRow.of(j);
        return enqueue(b -> b.addUpdate(r), true, j.id);
    }

    private void writeLoop() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        long backoffMs = 0;
        while (true) {
            try {
                if (backoffMs > 0) Thread.sleep(backoffMs);
                if (!parked.isEmpty() && System.nanoTime() - parkedRetryAtNs >= 0) retryParked();
                while (!retry.isEmpty() && batch.size() < MAX_BATCH) batch.add(retry.poll());
                if (batch.isEmpty()) {
                    long waitMs = parked.isEmpty() ? 100 : Math.max(1, Math.min(100, (parkedRetryAtNs - System.nanoTime()) / 1_000_000));
                    Write first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing && queue.isEmpty()) {
                            if (parked.isEmpty()) return;
                            if (ds.isClosed()) {
                                failParked();
                                return;
                            }
                        }
                        continue;
                    }
                    batch.add(first);
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                if (lastBatch >= LINGER_MIN_BATCH && batch.size() < MAX_BATCH) {
                    // under concurrent load, wait a moment for more writes so one commit serves more requests
                    long until = System.nanoTime() + LINGER_NS;
                    while (batch.size() < MAX_BATCH && System.nanoTime() < until) {
                        Write w = queue.poll(LINGER_NS / 4, TimeUnit.NANOSECONDS);
                        if (w == null) continue;
                        batch.add(w);
                        queue.drainTo(batch, MAX_BATCH - batch.size());
                    }
                }
                // a write of a job whose earlier write is parked (its row is locked) waits behind it, in order,
                // outside everyone else's transactions
                if (!parked.isEmpty()) {
                    batch.removeIf(w -> {
                        java.util.ArrayDeque<Write> q = w.job >= 0 ? parked.get(w.job) : null;
                        if (q == null) return false;
                        w.done.untake(); // back from the retry queue: its caller may withdraw it again
                        q.add(w);
                        return true;
                    });
                }
                // a write withdrawn by its caller (it stopped waiting) never reaches the database
                batch.removeIf(w -> !w.done.taken() && !w.done.take());
                if (batch.isEmpty()) continue;
                lastBatch = batch.size();
                long t0 = System.nanoTime();
                StoreException failure = commit(batch);
                commitLatency.record(System.nanoTime() - t0);
                if (failure == null) {
                    for (Write w : batch) w.done.complete(null);
                    commits++;
                    writesCommitted += batch.size();
                    backoffMs = 0;
                } else if (failure.kind() == StoreException.Kind.UNKNOWN) {
                    // committed, but the sync failed: running the writes again would apply them twice
                    for (Write w : batch) w.done.completeExceptionally(failure);
                } else if (batch.size() == 1 && failure.kind() != StoreException.Kind.TRANSIENT) {
                    backoffMs = 0;
                    batch.get(0).done.completeExceptionally(failure);
                } else {
                    // one write (a bad value, a locked row) or the database (lost connection) broke the batch:
                    // run it again write by write, so only the culprit fails
                    boolean connected = salvage(batch, false, TimeUnit.MILLISECONDS.toNanos(Math.max(2 * lockTimeoutMs, commitTimeoutMs / 4)));
                    backoffMs = connected ? 0 : Math.min(1000, Math.max(50, backoffMs * 2));
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The connection failed or the pool is closed: nothing of the batch committed; waited-on writes fail, background ones go back to the head. */
    private void settleTransient(List<Write> batch, StoreException failure) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            Write w = batch.get(i);
            if (w.background && !ds.isClosed()) retry.addFirst(w);
            else w.done.completeExceptionally(failure);
        }
    }

    /**
     * Runs {@code list} again in one transaction, each write under its own savepoint, so a write that
     * fails alone is rolled back alone and the others commit. A write that fails transiently (its row
     * is locked by another session for longer than {@link #lockTimeoutMs()}, or a statement timeout) is
     * parked with every later write of the same job: they are retried alone with backoff (see {@link
     * #retryParked}), never again inside other writes' transactions. A write with an invalid value fails
     * with its error. Writes not tried within the pass's time budget go back to the head of the queue
     * (to the parked set if {@code fromParked}).
     *
     * @return false if the connection itself failed (nothing committed; {@link #settleTransient})
     */
    private boolean salvage(List<Write> list, boolean fromParked, long budgetNs) {
        long start = System.nanoTime();
        List<Write> ok = new ArrayList<>();
        List<Map.Entry<Write, StoreException>> park = new ArrayList<>();
        List<Write> rest = new ArrayList<>();
        List<Map.Entry<Write, StoreException>> failures = new ArrayList<>();
        Map<Long, StoreException> blocked = new java.util.HashMap<>();
        StoreException broken = null;
        StoreException unsynced = null;
        Connection c = null;
        try {
            c = ds.getConnection();
            c.setAutoCommit(false);
            Batch b = new Batch(c);
            try {
                for (Write w : list) {
                    if (w.job >= 0 && blocked.containsKey(w.job)) {
                        park.add(Map.entry(w, blocked.get(w.job))); // keeps the job's order: behind its parked write
                        continue;
                    }
                    if (System.nanoTime() - start > budgetNs) {
                        rest.add(w);
                        continue;
                    }
                    java.sql.Savepoint sp = c.setSavepoint();
                    try {
                        w.op.apply(b);
                        b.finish();
                        ok.add(w);
                    } catch (SQLException | RuntimeException e) {
                        c.rollback(sp);
                        StoreException f = failed(e, 1, "write");
                        if (f.kind() == StoreException.Kind.TRANSIENT && w.job >= 0) {
                            blocked.put(w.job, f);
                            park.add(Map.entry(w, f));
                        } else {
                            failures.add(Map.entry(w, f));
                        }
                    } finally {
                        b.reset();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; Hikari will replace it
                }
                broken = failed(e, list.size(), "write");
            } finally {
                c.setAutoCommit(true);
            }
            if (broken == null && h2 && !ok.isEmpty()) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                } catch (SQLException e) {
                    StoreException f = failed(e, ok.size(), "sync");
                    unsynced = new StoreException(StoreException.Kind.UNKNOWN, f.errorId(), f.getMessage());
                }
            }
        } catch (SQLException e) {
            if (broken == null) broken = failed(e, list.size(), "connection");
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // returned to the pool broken; Hikari replaces it
                }
            }
        }
        if (broken != null) {
            if (fromParked) {
                for (Write w : list) park(w, broken);
            } else {
                settleTransient(list, broken);
            }
            return false;
        }
        for (Write w : ok) {
            if (unsynced != null) w.done.completeExceptionally(unsynced);
            else w.done.complete(null);
        }
        if (!ok.isEmpty()) {
            commits++;
            writesCommitted += ok.size();
        }
        for (Map.Entry<Write, StoreException> e : failures) e.getKey().done.completeExceptionally(e.getValue());
        StoreException untried = new StoreException(StoreException.Kind.TRANSIENT, null, "write failed (transient)");
        if (fromParked) {
            // the untried ones first, so every parked job gets its turn
            for (Write w : rest) park(w, untried);
            for (Map.Entry<Write, StoreException> e : park) park(e.getKey(), e.getValue());
        } else {
            for (Map.Entry<Write, StoreException> e : park) park(e.getKey(), e.getValue());
            for (int i = rest.size() - 1; i >= 0; i--) {
                Write w = rest.get(i);
                if (w.expired()) {
                    w.done.completeExceptionally(untried);
                } else {
                    w.done.untake();
                    retry.addFirst(w);
                }
            }
        }
        return true;
    }

    /**
     * Sets a write aside, behind the job's earlier parked writes; a waited-on one can be withdrawn again,
     * or fails with {@code why} if its caller has stopped waiting (nothing of it was committed).
     */
    private void park(Write w, StoreException why) {
        if (w.expired()) {
            w.done.completeExceptionally(why);
            return;
        }
        w.done.untake();
        java.util.ArrayDeque<Write> q = parked.get(w.job);
        if (q == null) {
            q = new java.util.ArrayDeque<>();
            parked.put(w.job, q);
            parkedCount = parked.size();
            if (!retryingParked) LOG.warn("job {}: a write of its row failed on its own (row locked or statement timeout); its writes are retried"
                    + " alone, in order, until they commit", w.job);
            if (parkedBackoffMs == 0) {
                parkedBackoffMs = Math.max(50, lockTimeoutMs);
                parkedRetryAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(parkedBackoffMs);
            }
        }
        q.add(w);
    }

    /** Retries the parked writes, in order per job, in one transaction of their own; backoff while none commits. */
    private void retryParked() {
        List<Write> all = new ArrayList<>();
        for (java.util.ArrayDeque<Write> q : parked.values()) {
            for (Write w : q) {
                if (w.done.taken() || w.done.take()) all.add(w); // else withdrawn by its caller: dropped
            }
        }
        parked.clear();
        parkedCount = 0;
        long before = writesCommitted;
        int failedBefore = all.size();
        retryingParked = true;
        try {
            if (!all.isEmpty()) salvage(all, true, TimeUnit.MILLISECONDS.toNanos(2 * lockTimeoutMs));
        } finally {
            retryingParked = false;
        }
        boolean progress = writesCommitted > before || parked.values().stream().mapToInt(java.util.ArrayDeque::size).sum() < failedBefore;
        parkedCount = parked.size();
        if (parked.isEmpty()) {
            parkedBackoffMs = 0;
            LOG.info("parked writes committed; every job's writes go through group commit again");
            return;
        }
        long base = Math.max(50, lockTimeoutMs);
        parkedBackoffMs = progress ? base : Math.min(Math.max(1000, 8 * lockTimeoutMs), parkedBackoffMs * 2);
        parkedRetryAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(parkedBackoffMs);
    }

    /** The store closed with parked writes: they never commit. */
    private void failParked() {
        StoreException f = new StoreException(StoreException.Kind.TRANSIENT, null, "store closed before the write could commit");
        for (java.util.ArrayDeque<Write> q : parked.values()) {
            for (Write w : q) w.done.completeExceptionally(f);
        }
        if (!parked.isEmpty()) LOG.error("store closed with writes of {} jobs still parked (their rows stayed locked); they were not committed", parked.size());
        parked.clear();
        parkedCount = 0;
    }

    /** @return jobs whose writes are parked (their row was locked), for metrics and tests */
    public int parkedJobs() {
        return parkedCount;
    }

    private StoreException commit(List<Write> batch) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Batch b = new Batch(c);
            try {
                for (Write w : batch) {
                    w.op.apply(b);
                }
                b.finish();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; Hikari will replace it
                }
                return failed(e, batch.size(), "write");
            } finally {
                b.close();
                c.setAutoCommit(true);
            }
            if (h2) {
                // forced to disk before anyone is told: fsync of the H2 file
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                } catch (SQLException e) {
                    // committed but perhaps not on the device: nobody may be told it is durable
                    StoreException f = failed(e, batch.size(), "sync");
                    return new StoreException(StoreException.Kind.UNKNOWN, f.errorId(), f.getMessage());
                }
            }
            return null;
        } catch (SQLException e) {
            return failed(e, batch.size(), "connection");
        }
    }

    private static StoreException failed(Exception e, int writes, String stage) {
        StoreException.Kind kind = StoreException.classify(e);
        String id = StoreException.newId();
        // the full error (it may hold SQL and values) goes to the log only; callers see the id
        LOG.error("database {} of {} changes failed [error id {}, {}]: {}", stage, writes, id, kind, e.toString());
        return new StoreException(kind, id, stage + " failed (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    /** @return batch commit latency recorder */
    public LatencyRecorder commitLatency() {
        return commitLatency;
    }

    public long commits() {
        return commits;
    }

    public long writesCommitted() {
        return writesCommitted;
    }

    /** @return writes waiting for the writer */
    public int pendingWrites() {
        return queue.size();
    }

    /** @return whether the database answers a trivial query within 2 s */
    public boolean ping() {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // ---- reads at start-up ----

    /** A tenant row. */
    public record TenantRow(long id, String name, long quotaGpus, double ratePerS, int burst, double weight, long createdWallMs,
                            int priority, long borrowLimitGpus) {
    }

    /** A token row. */
    public record TokenRow(String hash, Long tenantId, String role) {
    }

    /** A reservation row. */
    public record ReservationRow(long id, long tenantId, String pool, long gpus) {
    }

    /** A node taken out of service. */
    public record NodeDownRow(String pool, int node, String reason) {
    }

    public List<TenantRow> loadTenants() throws SQLException {
        List<TenantRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, name, quota_gpus, rate_per_s, burst, weight, created_wall_ms, priority, borrow_limit_gpus FROM tenants ORDER BY id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long borrow = rs.getLong(9);
                if (rs.wasNull()) borrow = Long.MAX_VALUE;
                out.add(new TenantRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getInt(5), rs.getDouble(6), rs.getLong(7),
                        rs.getInt(8), borrow));
            }
        }
        return out;
    }

    public List<TokenRow> loadTokens() throws SQLException {
        List<TokenRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT token_hash, tenant_id, role FROM api_tokens WHERE revoked = FALSE");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String hash = rs.getString(1).strip();
                long t = rs.getLong(2);
                Long tenant = rs.wasNull() ? null : t;
                out.add(new TokenRow(hash, tenant, rs.getString(3)));
            }
        }
        return out;
    }

    public List<ReservationRow> loadReservations() throws SQLException {
        List<ReservationRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, tenant_id, pool, gpus FROM reservations ORDER BY id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) out.add(new ReservationRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
        }
        return out;
    }

    public List<NodeDownRow> loadNodesDown() throws SQLException {
        List<NodeDownRow> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT pool, node, reason FROM nodes_down ORDER BY pool, node");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) out.add(new NodeDownRow(rs.getString(1), rs.getInt(2), rs.getString(3)));
        }
        return out;
    }

    /** Reads every job, in id order, into {@code sink}. */
    public void loadJobs(java.util.function.Consumer<LiveJob> sink) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM jobs ORDER BY id")) {
            p.setFetchSize(5000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    LiveJob j = new LiveJob(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getLong(7), rs.getInt(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                            rs.getLong(12), rs.getString(13), rs.getLong(15), rs.getLong(16));
                    j.state = JobState.valueOf(rs.getString(14));
                    j.startMs = getLong(rs, 17);
                    j.endMs = getLong(rs, 18);
                    j.checkpointDoneMs = rs.getLong(19);
                    j.restarts = rs.getInt(20);
                    j.pool = rs.getString(21);
                    j.nodes = parseNodes(rs.getString(22));
                    j.reason = rs.getString(23);
                    sink.accept(j);
                }
            }
        }
    }

    // ---- token lifecycle and scenario binding (V4, V5) ----

    /**
     * A stored API token with its lifecycle.
     *
     * @param hash          SHA-256 of the token (hex)
     * @param tenantId      owning tenant, or null for an operator token
     * @param role          {@code tenant} or {@code operator}
     * @param createdWallMs when it was issued, Unix epoch ms
     * @param expiresWallMs when it stops working, Unix epoch ms, or -1 for never
     * @param revokedWallMs when it was revoked, Unix epoch ms, or -1 if it is not (-2: revoked before V4 recorded when)
     * @param source        {@code config}, {@code generated}, {@code rotated}, {@code api} or {@code legacy} (see V4)
     */
    public record TokenRecord(String hash, Long tenantId, String role, long createdWallMs, long expiresWallMs, long revokedWallMs,
                              String source) {
        public boolean revoked() {
            return revokedWallMs != -1;
        }
    }

    private static final String TOKEN_RECORD_COLUMNS = "token_hash, tenant_id, role, created_wall_ms, expires_wall_ms, revoked_wall_ms, source, revoked";

    private static TokenRecord tokenRecord(ResultSet rs) throws SQLException {
        long t = rs.getLong(2);
        Long tenant = rs.wasNull() ? null : t;
        long revokedAt = getLong(rs, 6);
        if (revokedAt < 0 && rs.getBoolean(8)) revokedAt = -2;
        return new TokenRecord(rs.getString(1).strip(), tenant, rs.getString(3), rs.getLong(4), getLong(rs, 5), revokedAt, rs.getString(7));
    }

    /**
     * @param includeRevoked whether revoked tokens are included
     * @param role           only tokens of this role, or null for all
     * @return tokens in order of creation
     */
    public List<TokenRecord> loadTokenRecords(boolean includeRevoked, String role) throws SQLException {
        List<TokenRecord> out = new ArrayList<>();
        String sql = "SELECT " + TOKEN_RECORD_COLUMNS + " FROM api_tokens WHERE " + (includeRevoked ? "TRUE" : "revoked = FALSE")
                + (role != null ? " AND role = ?" : "") + " ORDER BY created_wall_ms, token_hash";
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (role != null) p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(tokenRecord(rs));
            }
        }
        return out;
    }

    /** @return the token with this hash (revoked or not), or null */
    public TokenRecord tokenRecord(String hash) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT " + TOKEN_RECORD_COLUMNS + " FROM api_tokens WHERE token_hash = ?")) {
            p.setString(1, hash);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? tokenRecord(rs) : null;
            }
        }
    }

    /** Insert of a token, as an {@link Op}. {@code expiresWallMs} -1: never. */
    public static Op insertToken(String hash, Long tenantId, String role, String source, long createdWallMs, long expiresWallMs) {
        return b -> {
            try (PreparedStatement p = b.c.prepareStatement("INSERT INTO api_tokens (token_hash, tenant_id, role, created_wall_ms,"
                    + " expires_wall_ms, source) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, hash);
                if (tenantId == null) p.setNull(2, Types.BIGINT);
                else p.setLong(2, tenantId);
                p.setString(3, role);
                p.setLong(4, createdWallMs);
                setLong(p, 5, expiresWallMs);
                p.setString(6, source);
                p.executeUpdate();
            }
        };
    }

    /** Revocation of the tokens with these hashes, as an {@link Op}. */
    public static Op revokeTokens(List<String> hashes, long wallMs) {
        return b -> {
            try (PreparedStatement p = b.c.prepareStatement(
                    "UPDATE api_tokens SET revoked = TRUE, revoked_wall_ms = ? WHERE token_hash = ? AND revoked = FALSE")) {
                for (String h : hashes) {
                    p.setLong(1, wallMs);
                    p.setString(2, h);
                    p.addBatch();
                }
                if (!hashes.isEmpty()) p.executeBatch();
            }
        };
    }

    /**
     * The scenario a data folder belongs to.
     *
     * @param name           scenario name
     * @param fingerprint    SHA-256 (hex) of {@code description}
     * @param description    canonical JSON of the fleet's pools and the scenario's tenants ({@link ScenarioBinding})
     * @param source         file the scenario was read from
     * @param recordedWallMs when it was recorded, Unix epoch ms
     */
    public record ScenarioRecord(String name, String fingerprint, String description, String source, long recordedWallMs) {
    }

    /** @return the recorded scenario, or null for a store that has none (new, or created before V5) */
    public ScenarioRecord scenarioRecord() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT name, fingerprint, description, source, recorded_wall_ms FROM scenario_binding WHERE id = 1");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? new ScenarioRecord(rs.getString(1), rs.getString(2).strip(), rs.getString(3), rs.getString(4), rs.getLong(5)) : null;
        }
    }

    /** Records (replaces) the scenario of the store, as an {@link Op}. */
    public static Op putScenarioRecord(ScenarioRecord r) {
        return b -> {
            try (PreparedStatement d = b.c.prepareStatement("DELETE FROM scenario_binding WHERE id = 1");
                 PreparedStatement i = b.c.prepareStatement("INSERT INTO scenario_binding (id, name, fingerprint, description, source,"
                         + " recorded_wall_ms) VALUES (1, ?, ?, ?, ?, ?)")) {
                d.executeUpdate();
                i.setString(1, r.name());
                i.setString(2, r.fingerprint());
                i.setString(3, r.description());
                setStr(i, 4, r.source() == null ? null : r.source().length() > 1024 ? r.source().substring(0, 1024) : r.source());
                i.setLong(5, r.recordedWallMs());
                i.executeUpdate();
            }
        };
    }

    /** @return the number of rows of {@code table} */
    public long count(String table) throws SQLException {
        if (!table.matches("[a-z_]+")) throw new IllegalArgumentException(table);
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** @return a setting, or null */
    public String setting(String key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT v FROM settings WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Upsert of a setting, as an {@link Op}. */
    public static Op putSetting(String key, String value) {
        return b -> {
            try (PreparedStatement d = b.c.prepareStatement("DELETE FROM settings WHERE k = ?");
                 PreparedStatement i = b.c.prepareStatement("INSERT INTO settings (k, v) VALUES (?, ?)")) {
                d.setString(1, key);
                d.executeUpdate();
                i.setString(1, key);
                i.setString(2, value);
                i.executeUpdate();
            }
        };
    }

    /**
     * Hands out the next id of {@code table} ({@code jobs}, {@code tenants}, {@code reservations}); an id
     * is never handed out twice, across crashes included (blocks reserved in {@code id_blocks}, committed and
     * synced before use). Ids increase; a crash leaves a gap of at most one block.
     *
     * @throws StoreException if a new block cannot be reserved
     */
    public synchronized long nextId(String table) {
        Integer size = ID_BLOCK.get(table);
        if (size == null) throw new IllegalArgumentException(table);
        long[] b = idBlocks.computeIfAbsent(table, k -> new long[] {0, 0}); // next, end (exclusive)
        if (b[0] >= b[1]) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                long start;
                try {
                    try (PreparedStatement u = c.prepareStatement("UPDATE id_blocks SET next_id = next_id + ? WHERE name = ?")) {
                        u.setLong(1, size);
                        u.setString(2, table);
                        if (u.executeUpdate() != 1) throw new SQLException("no row '" + table + "' in id_blocks");
                    }
                    try (PreparedStatement q = c.prepareStatement("SELECT next_id FROM id_blocks WHERE name = ?")) {
                        q.setString(1, table);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            start = rs.getLong(1) - size;
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                if (h2) {
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT SYNC");
                    }
                }
                b[0] = start;
                b[1] = start + size;
            } catch (SQLException e) {
                throw failed(e, 1, "id reservation");
            }
        }
        return b[0]++;
    }

    /**
     * Makes sure no id up to {@code max} of {@code table} is handed out again (a database whose
     * {@code id_blocks} row lags its rows, e.g. restored from an older copy).
     */
    void reserveAtLeast(String table, long max) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement u = c.prepareStatement(
                "UPDATE id_blocks SET next_id = ? WHERE name = ? AND next_id <= ?")) {
            u.setLong(1, max + 1);
            u.setString(2, table);
            u.setLong(3, max);
            u.executeUpdate();
        }
    }

    /** @return the largest id in {@code table}, or 0 */
    public long maxId(String table) throws SQLException {
        if (!table.matches("[a-z_]+")) throw new IllegalArgumentException(table);
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT MAX(id) FROM " + table);
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Stops accepting writes, commits every queued write, then closes the pool. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ds.close();
    }

    // ---- helpers ----

    static String nodesText(int[] nodes) {
        if (nodes == null) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(nodes[i]);
        }
        String s = sb.toString();
        return s.length() > 4000 ? s.substring(0, s.lastIndexOf(',', 3990)) + ",..." : s;
    }

    static int[] parseNodes(String s) {
        if (s == null || s.isEmpty() || s.endsWith("...")) return null;
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
        return out;
    }

    private static void setStr(PreparedStatement p, int i, String v) throws SQLException {
        if (v == null) p.setNull(i, Types.VARCHAR);
        else p.setString(i, v);
    }

    private static void setLong(PreparedStatement p, int i, long v) throws SQLException {
        if (v < 0) p.setNull(i, Types.BIGINT);
        else p.setLong(i, v);
    }

    private static long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? -1 : v;
    }
}
