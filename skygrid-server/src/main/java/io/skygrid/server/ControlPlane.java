package io.skygrid.server;

import io.skygrid.sched.Placement;
import io.skygrid.sched.Quota;
import io.skygrid.sched.QueuePolicies;
import io.skygrid.sched.QueuePolicy;
import io.skygrid.sched.SchedView;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.TenantSpec;
import io.skygrid.sched.WaitReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live control plane: tenants, tokens, reservations and jobs, the queue and the placements on
 * the {@link LiveFleet}, with every accepted change made durable through the {@link Store}.
 *
 * <p><b>Life of a job.</b> {@link #submit} validates, commits the job (QUEUED) and only then adds it
 * to the queue and answers. A scheduling pass ({@link #schedule}) follows the core scheduler
 * ({@code io.skygrid.sim.Simulation}): queued jobs are taken in the order of the scenario's queue policy
 * ({@link QueuePolicies}: fifo, priority, fairshare, drf, tiresias, srtf, over a {@link SchedView} of the live
 * state), within each tenant's {@link Quota} (reservations, borrowing limit) and its quotaGpus; each gang is
 * placed all-or-nothing on the first pool (ground sites, then constellations, in scenario order) that has
 * room within its power cap on powered, in-service nodes; the first job that cannot start holds an EASY
 * backfill reservation ({@code backfill: easy}) or blocks the queue ({@code none}). The server does not
 * preempt. Each {@link #tick} advances simulated time: compute
 * progresses while every node of the gang is powered (an orbital gang pauses while one of its
 * satellites is switched off for lack of energy), a checkpoint is recorded every
 * {@code checkpointInterval} of compute, and a job whose compute is done succeeds. A job on a node
 * that an operator marks down goes back to the queue and resumes from its last checkpoint; so do
 * running jobs after a restart of the server (kill -9 included).
 *
 * <p><b>Invariants</b> (checked by {@link #checkInvariants}): per pool free + allocated = capacity;
 * a job holds GPUs only while RUNNING; every job is in exactly one of queued, running or terminal;
 * per tenant the GPUs held equal the sum over its running jobs.
 *
 * <p>Thread-safe: one lock guards the state; database commits are awaited outside it.
 */
public final class ControlPlane {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** Default longest a request waits for its commit before answering 503 (setting {@code db.commit.timeout.ms}). */
    public static final long COMMIT_TIMEOUT_MS = Store.DEFAULT_COMMIT_TIMEOUT_MS;

    /**
     * A tenant: core's {@link io.skygrid.sched.TenantSpec} (reservations are {@link Reservation}s, borrowing
     * limit, weight, priority class) plus the server's own limits: {@code quotaGpus} (GPUs held at once,
     * reserved or borrowed) and the request rate. All may change while it runs.
     */
    public static final class Tenant {
        public final long id;
        public final String name;
        volatile long quotaGpus;
        volatile double ratePerS;
        volatile int burst;
        volatile double weight = 1.0;
        volatile int priority;
        volatile long borrowLimitGpus = Long.MAX_VALUE;
        /** Dense index (tenants in id order), the tenant index of core's {@link SchedView} and {@link Quota}. */
        int index;
        long heldGpus;
        int queued;
        /** Submissions past the queue cap check whose commit is in progress (counted against the cap). */
        int admitting;
        int running;
        long submitted;
        /** Gang sizes of its queued jobs (size -> count). */
        final TreeMap<Integer, Integer> queuedSizes = new TreeMap<>();

        Tenant(long id, String name, long quotaGpus, double ratePerS, int burst) {
            this.id = id;
            this.name = name;
            this.quotaGpus = quotaGpus;
            this.ratePerS = ratePerS;
            this.burst = burst;
        }

        public double ratePerS() {
            return ratePerS;
        }

        public int burst() {
            return burst;
        }
    }

    /** Who made a request. {@code tenant} is null for operators. */
    public record Principal(String role, Tenant tenant) {
        public boolean operator() {
            return "operator".equals(role);
        }

        public String key() {
            return tenant == null ? "operator" : tenant.name;
        }
    }

    /** An active token: {@code expiresWallMs} Unix epoch ms, -1 for never. */
    private record TokenEntry(byte[] digest, String hash, Long tenantId, String role, long expiresWallMs) {
    }

    /** A reservation: GPUs of a pool set aside for a tenant. */
    public record Reservation(long id, long tenantId, String pool, long gpus) {
    }

    private final Store store;
    private final LiveFleet fleet;
    private final SimClock clock;
    private final SchedulerSpec spec;
    private final boolean easy;
    /** The scenario's queue policy (QueueSort and its tie rules), rebuilt when tenants change. */
    private QueuePolicy policy;
    /** Reservations and borrowing limits per tenant and pool (core's Filter for quotas), rebuilt when they change. */
    private Quota quota;
    private final List<Tenant> tenantsByIndex = new ArrayList<>();
    /** Queued jobs by sub-queue of the policy ({@code class * tenants + tenant}), each in (key, -priority, id) order. */
    private TreeSet<LiveJob>[] subQueues;
    private LiveJob[] cursor;
    private int[] cursorCycle;
    private int cycle;
    /** Jobs by id (the job index of core's {@link SchedView}: ids grow in submission order). */
    private LiveJob[] byId = new LiveJob[1024];
    /** Gang sizes of all queued jobs (size -> count). */
    private final TreeMap<Integer, Integer> queuedSizes = new TreeMap<>();
    /** The queue's head after the last pass, its EASY reservation (pool, start, GPUs to spare), or null. */
    private LiveJob lastHead;
    /** A queued job other than the head left the queue: the next pass re-picks the head, without a full pass. */
    private boolean headCheckNeeded;
    private int resPool = -1;
    private long shadow = Long.MAX_VALUE;
    private final long[] extraLeft = {0};
    private final View view = new View();
    /** Pending promotions (Tiresias): {simulated ms, job id, queue version}, earliest first. */
    private final java.util.PriorityQueue<long[]> promotions = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final ServerConfig cfg;
    private final Object lock = new Object();
    /** Wall clock of token expiry, Unix epoch ms (tests replace it). */
    private volatile java.util.function.LongSupplier wallMs = System::currentTimeMillis;

    private final Map<Long, Tenant> tenants = new HashMap<>();
    private final Map<String, Tenant> tenantsByName = new HashMap<>();
    private final ConcurrentHashMap<String, List<TokenEntry>> tokens = new ConcurrentHashMap<>();
    private final TreeMap<Long, LiveJob> jobs = new TreeMap<>();
    private final Map<Long, TreeMap<Long, LiveJob>> jobsByTenant = new HashMap<>();
    private final Map<String, Long> idempotency = new HashMap<>();
    /** Submissions with an Idempotency-Key whose insert is not settled yet: key -> its write. */
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();
    /** Queued jobs in submission (id) order: EASY backfill takes its candidates in this order. */
    private final TreeSet<LiveJob> queue = new TreeSet<>(java.util.Comparator.comparingLong(j -> j.id));
    private final LinkedHashMap<Long, LiveJob> running = new LinkedHashMap<>();
    private final Map<Long, Reservation> reservations = new LinkedHashMap<>();
    private final int[] stateCounts = new int[JobState.values().length];
    private long lastTickMs = -1;
    /**
     * Jobs queued since the last pass. While no capacity was freed and no rule relaxed (see
     * {@link #fullPassNeeded}), a pass needs to consider only these: every job that was already queued
     * could not start then and still cannot, because free capacity and quota headroom only shrank.
     */
    private final List<LiveJob> arrivals = new ArrayList<>();
    private boolean fullPassNeeded = true;

    final LatencyRecorder placementLatency = new LatencyRecorder(65536);
    final LatencyRecorder passLatency = new LatencyRecorder(8192);
    final LatencyRecorder submitLatency = new LatencyRecorder(65536);
    private long placements;
    private long completions;
    private long passes;
    private final History history = new History(720);
    private long lastSampleWallMs;

    /**
     * @param fleet the twin; its scenario's {@code scheduler} (queue policy, backfill) and {@code tenants} apply
     */
    public ControlPlane(Store store, LiveFleet fleet, SimClock clock, ServerConfig cfg) {
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
        this.cfg = cfg;
        this.spec = fleet.scenario().scheduler();
        this.easy = "easy".equals(spec.backfill());
        rebuildPolicy();
    }

    public LiveFleet fleet() {
        return fleet;
    }

    public SimClock clock() {
        return clock;
    }

    /** @return the queue policy's name (the scenario's {@code scheduler.queue}) */
    public String policyName() {
        return policy.name();
    }

    /** @return the backfill mode (the scenario's {@code scheduler.backfill}) */
    public String backfill() {
        return spec.backfill();
    }

    public Store store() {
        return store;
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Loads every tenant, token, reservation, out-of-service node and job. Jobs that were RUNNING go
     * back to the queue with their last checkpoint (committed before the first request is served).
     */
    public void recover() throws SQLException {
        synchronized (lock) {
            for (Store.TenantRow r : store.loadTenants()) {
                Tenant t = new Tenant(r.id(), r.name(), r.quotaGpus(), r.ratePerS(), r.burst());
                t.weight = r.weight();
                t.priority = r.priority();
                t.borrowLimitGpus = r.borrowLimitGpus();
                t.index = tenantsByIndex.size();
                tenantsByIndex.add(t);
                tenants.put(t.id, t);
                tenantsByName.put(key(t.name), t);
                jobsByTenant.put(t.id, new TreeMap<>());
            }
            for (Store.TokenRecord r : store.loadTokenRecords(false, null)) addToken(r.hash(), r.tenantId(), r.role(), r.expiresWallMs());
            for (Store.ReservationRow r : store.loadReservations()) {
                reservations.put(r.id(), new Reservation(r.id(), r.tenantId(), r.pool(), r.gpus()));
            }
            for (Store.NodeDownRow r : store.loadNodesDown()) {
                LiveFleet.Pool p = fleet.pool(r.pool());
                if (p != null && r.node() >= 0 && r.node() < p.down.length) p.down[r.node()] = true;
            }
            rebuildPolicy();
            List<LiveJob> resumed = new ArrayList<>();
            List<LiveJob> failedAtStart = new ArrayList<>();
            store.loadJobs(j -> {
                if (j.state == JobState.RUNNING) {
                    j.state = JobState.QUEUED;
                    j.restarts++;
                    j.pool = null;
                    j.nodes = null;
                    j.startMs = -1;
                    j.reason = "resumed after a server restart from its checkpoint at " + fmtH(j.checkpointDoneMs)
                            + " of " + fmtH(j.durationMs) + " compute";
                    resumed.add(j);
                }
                j.progressMs = j.checkpointDoneMs;
                // service received before the restart, as far as the database knows it (its checkpoints)
                j.executedMs = j.checkpointDoneMs;
                j.attainedGpuMs = (double) j.gpus * j.checkpointDoneMs;
                if (j.state == JobState.QUEUED) {
                    String never = neverRuns(j);
                    if (never != null) {
                        j.state = JobState.FAILED;
                        j.endMs = clock.nowMs();
                        j.reason = never;
                        failedAtStart.add(j);
                    }
                }
                index(j);
                if (j.state == JobState.QUEUED) {
                    j.enqueuedNs = System.nanoTime();
                    enqueue(j);
                    arrivals.add(j);
                }
            });
            // ids come from blocks reserved in id_blocks (never max(id) + 1: the ids of rows lost or never
            // committed would go to other jobs); never below what the tables hold
            for (String table : new String[] {"jobs", "tenants", "reservations"}) store.reserveAtLeast(table, store.maxId(table));
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (LiveJob j : resumed) fs.add(store.updateJob(j));
            for (LiveJob j : failedAtStart) fs.add(store.updateJob(j));
            if (!failedAtStart.isEmpty()) {
                LOG.warn("{} queued jobs can never run on this scenario's fleet and failed (first: job {}: {})", failedAtStart.size(),
                        failedAtStart.get(0).id, failedAtStart.get(0).reason);
            }
            for (CompletableFuture<Void> f : fs) await(f);
            LOG.info("recovered {} tenants, {} jobs ({} queued, {} resumed from checkpoints), {} reservations",
                    tenants.size(), jobs.size(), queue.size(), resumed.size(), reservations.size());
        }
    }

    /**
     * @return why a queued job can never run on this fleet (its target pool is gone, or no pool can
     * hold its gang: the server was restarted with another scenario), or null
     */
    private String neverRuns(LiveJob j) {
        return neverRuns(fleet, j);
    }

    /** @return why queued job j can never run on {@code fleet}, or null (see {@link #neverRuns(LiveJob)}) */
    static String neverRuns(LiveFleet fleet, LiveJob j) {
        if (j.target != null) {
            LiveFleet.Pool p = fleet.pool(j.target);
            if (p == null) {
                List<String> names = new ArrayList<>();
                for (LiveFleet.Pool q : fleet.pools()) names.add(q.name);
                return "target pool " + j.target + " is not in scenario " + fleet.scenario().name() + " (pools: " + String.join(", ", names) + ")";
            }
            if (j.gpus > Math.min(p.nodes.capacity(), p.usableGpus())) {
                return "target pool " + j.target + " can run at most " + Math.min(p.nodes.capacity(), p.usableGpus()) + " GPUs at once";
            }
        } else if (j.gpus > fleet.largestGang()) {
            return "no pool of scenario " + fleet.scenario().name() + " can run " + j.gpus + " GPUs at once";
        }
        return null;
    }

    /** @return the key of a tenant name: names are unique regardless of case (LAB-A is lab-a) */
    static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private void index(LiveJob j) {
        if (j.id >= byId.length) byId = java.util.Arrays.copyOf(byId, (int) Math.max(j.id + 1, byId.length * 2L));
        byId[(int) j.id] = j;
        Tenant owner = tenants.get(j.tenantId);
        if (owner != null) j.tenantIndex = owner.index;
        jobs.put(j.id, j);
        jobsByTenant.computeIfAbsent(j.tenantId, k -> new TreeMap<>()).put(j.id, j);
        if (j.idempotencyKey != null) idempotency.put(j.tenantId + "\u0000" + j.idempotencyKey, j.id);
        stateCounts[j.state.ordinal()]++;
        Tenant t = tenants.get(j.tenantId);
        if (t != null) t.submitted++;
    }

    private void setState(LiveJob j, JobState s) {
        stateCounts[j.state.ordinal()]--;
        j.state = s;
        stateCounts[s.ordinal()]++;
    }

    // ------------------------------------------------------------------ tokens and tenants

    private void addToken(String hashHex, Long tenantId, String role, long expiresWallMs) {
        byte[] digest = java.util.HexFormat.of().parseHex(hashHex);
        tokens.computeIfAbsent(hashHex.substring(0, 16), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new TokenEntry(digest, hashHex, tenantId, role, expiresWallMs));
    }

    private void removeToken(String hashHex) {
        List<TokenEntry> l = tokens.get(hashHex.substring(0, 16));
        if (l != null) l.removeIf(e -> e.hash.equals(hashHex));
    }

    /** Replaces the wall clock that token expiry is measured on (tests). */
    void wallClock(java.util.function.LongSupplier clock) {
        this.wallMs = clock;
    }

    /**
     * @param token the bearer token presented
     * @return the principal, or null if the token is unknown or revoked
     * @throws ApiException 401 if the token expired (the detail says when)
     */
    public Principal authenticate(String token) {
        if (token == null || token.length() > 256) return null;
        byte[] d = Tokens.digest(token);
        String hex = java.util.HexFormat.of().formatHex(d);
        List<TokenEntry> candidates = tokens.get(hex.substring(0, 16));
        if (candidates == null) return null;
        for (TokenEntry e : candidates) {
            if (Tokens.sameDigest(e.digest, d)) {
                if (e.expiresWallMs >= 0 && wallMs.getAsLong() >= e.expiresWallMs) {
                    throw new ApiException(401, "Unauthorized", "the API token expired at " + OperatorTokens.iso(e.expiresWallMs) + "; "
                            + (e.tenantId == null ? "issue a new one with `skygrid serve token rotate` or use another operator token"
                            : "ask an operator for a new one (POST /api/v1/admin/tenants/{name}/tokens)"));
                }
                if (e.tenantId == null) return new Principal(e.role, null);
                synchronized (lock) {
                    Tenant t = tenants.get(e.tenantId);
                    return t == null ? null : new Principal(e.role, t);
                }
            }
        }
        return null;
    }

    /**
     * Stores the operator token given in configuration ({@code operator.token} / {@code SKYGRID_OPERATOR_TOKEN}).
     * A token already stored and working is kept as it is. A new one replaces the token configured before: that
     * one (source {@code config}) is revoked, and so is every operator token stored before sources were recorded
     * (source {@code legacy}: it may be an earlier configured token) except the one in the data folder's
     * {@code operator.token} file. Tokens issued by rotation or generated at the first start stay valid.
     *
     * @param token      the configured token (checked by {@link Tokens#weakness} when the settings were read)
     * @param tokenFile  the data folder's {@code operator.token} (may not exist)
     * @return what changed, one sentence per line (for the log and stdout); empty if nothing changed
     * @throws IllegalArgumentException if this token was revoked or has expired: it is not brought back
     */
    public List<String> installConfiguredOperatorToken(String token, java.nio.file.Path tokenFile) throws SQLException {
        String h = Tokens.hash(token);
        long now = wallMs.getAsLong();
        Store.TokenRecord known = store.tokenRecord(h);
        if (known != null) {
            if (known.revoked()) {
                throw new IllegalArgumentException("operator.token (SKYGRID_OPERATOR_TOKEN): this token (id " + Tokens.id(h) + ") was revoked"
                        + (known.revokedWallMs() >= 0 ? " at " + OperatorTokens.iso(known.revokedWallMs()) : "")
                        + "; configure a new one (openssl rand -hex 32) or unset it and use the token from `skygrid serve token rotate`");
            }
            if (OperatorTokens.expired(known, now)) {
                throw new IllegalArgumentException("operator.token (SKYGRID_OPERATOR_TOKEN): this token (id " + Tokens.id(h) + ") expired at "
                        + OperatorTokens.iso(known.expiresWallMs()) + "; configure a new one (openssl rand -hex 32) or unset it");
            }
            if (!"operator".equals(known.role())) throw new IllegalArgumentException("operator.token: this token is a tenant's token");
            return List.of();
        }
        String fileHash = null;
        try {
            if (java.nio.file.Files.isRegularFile(tokenFile)) fileHash = Tokens.hash(java.nio.file.Files.readString(tokenFile).strip());
        } catch (java.io.IOException e) {
            LOG.warn("cannot read {}: {}", tokenFile, e.toString());
        }
        List<Store.TokenRecord> revoke = new ArrayList<>();
        for (Store.TokenRecord r : OperatorTokens.active(store, now, true)) {
            if ("config".equals(r.source()) || ("legacy".equals(r.source()) && !r.hash().equals(fileHash))) revoke.add(r);
        }
        OperatorTokens.Issued in = OperatorTokens.install(store, token, "config", revoke, -1, now);
        for (Store.TokenRecord r : revoke) removeToken(r.hash());
        addToken(h, null, "operator", -1);
        List<String> notes = new ArrayList<>();
        if (revoke.isEmpty()) {
            notes.add("operator token: installed the configured one (id " + in.id() + ")");
        } else {
            for (Store.TokenRecord r : revoke) {
                notes.add("operator token: the configured token changed; the previous " + ("config".equals(r.source()) ? "configured" : "pre-upgrade")
                        + " operator token (id " + Tokens.id(r.hash()) + ", created " + OperatorTokens.iso(r.createdWallMs()) + ") is revoked");
            }
            notes.add("operator token: the configured one (id " + in.id() + ") is now in force");
        }
        return notes;
    }

    /**
     * Re-reads the operator tokens from the database, so that tokens issued or revoked by another process
     * ({@code skygrid serve token} on a shared PostgreSQL database) take effect in this one.
     *
     * @return whether anything changed
     */
    boolean refreshOperatorTokens() throws SQLException {
        Map<String, Store.TokenRecord> stored = new HashMap<>();
        for (Store.TokenRecord r : store.loadTokenRecords(false, "operator")) stored.put(r.hash(), r);
        boolean changed = false;
        for (List<TokenEntry> l : tokens.values()) {
            for (TokenEntry e : l) {
                if (e.tenantId != null) continue;
                if (stored.remove(e.hash) == null) {
                    l.remove(e);
                    changed = true;
                    LOG.info("operator token {} was revoked in the database; it no longer works here", Tokens.id(e.hash));
                }
            }
        }
        for (Store.TokenRecord r : stored.values()) {
            addToken(r.hash(), null, "operator", r.expiresWallMs());
            changed = true;
            LOG.info("operator token {} was issued in the database; it works here now", Tokens.id(r.hash()));
        }
        return changed;
    }

    /** Stores a token generated at the first start (source {@code generated}). */
    public void installGeneratedOperatorToken(String token) {
        OperatorTokens.install(store, token, "generated", List.of(), -1, wallMs.getAsLong());
        addToken(Tokens.hash(token), null, "operator", -1);
    }

    /**
     * Issues a new operator token (shown once).
     *
     * @param revokeOthers  whether every other operator token stops working
     * @param expiresWallMs expiry, Unix epoch ms, or -1 for never
     */
    OperatorTokens.Issued issueOperatorToken(boolean revokeOthers, long expiresWallMs) throws SQLException {
        OperatorTokens.Issued in = OperatorTokens.issue(store, "rotated", revokeOthers, expiresWallMs, wallMs.getAsLong());
        for (Store.TokenRecord r : in.revoked()) removeToken(r.hash());
        addToken(in.hash(), null, "operator", expiresWallMs);
        LOG.info("operator token {} issued{}{}", in.id(), expiresWallMs >= 0 ? " (expires " + OperatorTokens.iso(expiresWallMs) + ")" : "",
                in.revoked().isEmpty() ? "" : "; revoked " + in.revoked().stream().map(r -> Tokens.id(r.hash())).toList());
        return in;
    }

    /** Revokes an operator token by id; see {@link OperatorTokens#revoke}. */
    void revokeOperatorToken(String id) throws SQLException {
        Store.TokenRecord r = OperatorTokens.revoke(store, id, wallMs.getAsLong());
        removeToken(r.hash());
        LOG.info("operator token {} revoked", Tokens.id(r.hash()));
    }

    /** @return every operator token stored, oldest first */
    List<OperatorTokens.Info> operatorTokens() throws SQLException {
        return OperatorTokens.list(store, wallMs.getAsLong());
    }

    /** @return now on the wall clock of token expiry, Unix epoch ms */
    long wallNowMs() {
        return wallMs.getAsLong();
    }

    /** @return whether any operator token works (exists, not revoked, not expired) */
    public boolean hasOperatorToken() {
        long now = wallMs.getAsLong();
        for (List<TokenEntry> l : tokens.values()) {
            for (TokenEntry e : l) if (e.tenantId == null && (e.expiresWallMs < 0 || now < e.expiresWallMs)) return true;
        }
        return false;
    }

    /** A new tenant and its first token (shown once). */
    public record NewTenant(Tenant tenant, String token) {
    }

    /**
     * Creates a tenant with a first API token.
     *
     * @throws ApiException 409 if the name is taken (names are compared regardless of case)
     */
    public NewTenant createTenant(String name, long quotaGpus, double ratePerS, int burst) {
        return createTenant(name, quotaGpus, ratePerS, burst, 1.0, 0, Long.MAX_VALUE, true);
    }

    /**
     * Creates a tenant.
     *
     * @param weight          fair-share weight (> 0)
     * @param priority        priority class (the {@code priority} queue)
     * @param borrowLimitGpus GPUs it may hold beyond its reservations ({@link Long#MAX_VALUE}: no limit)
     * @param withToken       whether to issue its first API token (returned once)
     * @throws ApiException 409 if the name is taken (names are compared regardless of case)
     */
    public NewTenant createTenant(String name, long quotaGpus, double ratePerS, int burst, double weight, int priority,
                                  long borrowLimitGpus, boolean withToken) {
        Tenant t;
        synchronized (lock) {
            Tenant other = tenantsByName.get(key(name));
            if (other != null) {
                throw new ApiException(409, "Conflict", "tenant '" + other.name + "' exists" + (other.name.equals(name) ? ""
                        : " (tenant names are unique regardless of case)"));
            }
            t = new Tenant(newId("tenants"), name, quotaGpus, ratePerS, burst);
            t.weight = weight;
            t.priority = priority;
            t.borrowLimitGpus = borrowLimitGpus;
            tenantsByName.put(key(name), t);
        }
        String token = withToken ? Tokens.newToken() : null;
        String hash = withToken ? Tokens.hash(token) : null;
        long now = System.currentTimeMillis();
        try {
            await(store.write(b -> {
                try (PreparedStatement p = b.connection().prepareStatement(
                        "INSERT INTO tenants (id, name, quota_gpus, rate_per_s, burst, weight, created_wall_ms, priority, borrow_limit_gpus)"
                                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                    p.setLong(1, t.id);
                    p.setString(2, t.name);
                    p.setLong(3, quotaGpus);
                    p.setDouble(4, ratePerS);
                    p.setInt(5, burst);
                    p.setDouble(6, weight);
                    p.setLong(7, now);
                    p.setInt(8, priority);
                    if (borrowLimitGpus == Long.MAX_VALUE) p.setNull(9, java.sql.Types.BIGINT);
                    else p.setLong(9, borrowLimitGpus);
                    p.executeUpdate();
                }
                if (hash != null) {
                    try (PreparedStatement q = b.connection().prepareStatement(
                            "INSERT INTO api_tokens (token_hash, tenant_id, role, created_wall_ms) VALUES (?, ?, 'tenant', ?)")) {
                        q.setString(1, hash);
                        q.setLong(2, t.id);
                        q.setLong(3, now);
                        q.executeUpdate();
                    }
                }
            }));
        } catch (RuntimeException e) {
            synchronized (lock) {
                tenantsByName.remove(key(name));
            }
            throw e;
        }
        synchronized (lock) {
            t.index = tenantsByIndex.size();
            tenantsByIndex.add(t);
            tenants.put(t.id, t);
            jobsByTenant.put(t.id, new TreeMap<>());
            rebuildPolicy();
        }
        if (hash != null) addToken(hash, t.id, "tenant", -1);
        return new NewTenant(t, token);
    }

    /**
     * Makes the scenario's {@code tenants} tenants of the server: a missing one is created (quota: the whole
     * fleet; no API token: the operator issues one with {@code POST /api/v1/admin/tenants/{name}/tokens})
     * with its reservations; an existing one takes the scenario's weight, priority and borrowing limit.
     *
     * @throws IllegalArgumentException if a tenant reserves GPUs in a pool the fleet does not have, or more than it can run
     */
    public void applyScenarioTenants() {
        for (TenantSpec ts : fleet.scenario().tenancy().tenants()) {
            for (Map.Entry<String, Long> e : ts.reservedGpus().entrySet()) {
                if (fleet.pool(e.getKey()) == null) {
                    throw new IllegalArgumentException("scenario tenant " + ts.name() + " reserves GPUs in '" + e.getKey()
                            + "', which is not a ground site or constellation (pools: " + poolNames() + ")");
                }
            }
            Tenant existing;
            synchronized (lock) {
                existing = tenantsByName.get(key(ts.name()));
            }
            if (existing == null) {
                Tenant t = createTenant(ts.name(), fleet.capacity(), cfg.defaultRatePerS(), cfg.defaultBurst(), ts.weight(), ts.priority(),
                        ts.borrowLimitGpus(), false).tenant();
                for (Map.Entry<String, Long> e : ts.reservedGpus().entrySet()) {
                    try {
                        if (e.getValue() > 0) addReservation(t.name, e.getKey(), e.getValue());
                    } catch (ApiException x) {
                        throw new IllegalArgumentException("scenario tenant " + ts.name() + ": " + x.getMessage());
                    }
                }
                LOG.info("scenario tenant {} created (weight {}, priority {}, reservations {})", t.name, ts.weight(), ts.priority(), ts.reservedGpus());
            } else if (existing.weight != ts.weight() || existing.priority != ts.priority() || existing.borrowLimitGpus != ts.borrowLimitGpus()) {
                updateTenant(existing.name, null, null, null, ts.weight(), ts.priority(), ts.borrowLimitGpus());
            }
        }
    }

    /** Issues another token for a tenant; with {@code revokeOthers} its earlier tokens stop working. */
    public String newToken(String tenantName, boolean revokeOthers) {
        return newToken(tenantName, revokeOthers, -1);
    }

    /**
     * Issues another token for a tenant.
     *
     * @param revokeOthers  whether its earlier tokens stop working
     * @param expiresWallMs when the new token stops working, Unix epoch ms, or -1 for never
     */
    public String newToken(String tenantName, boolean revokeOthers, long expiresWallMs) {
        Tenant t = tenant(tenantName);
        String token = Tokens.newToken();
        String hash = Tokens.hash(token);
        long now = wallMs.getAsLong();
        Store.Op insert = Store.insertToken(hash, t.id, "tenant", "api", now, expiresWallMs);
        await(store.write(b -> {
            if (revokeOthers) {
                try (PreparedStatement p = b.connection().prepareStatement(
                        "UPDATE api_tokens SET revoked = TRUE, revoked_wall_ms = ? WHERE tenant_id = ? AND revoked = FALSE")) {
                    p.setLong(1, now);
                    p.setLong(2, t.id);
                    p.executeUpdate();
                }
            }
            insert.apply(b);
        }));
        if (revokeOthers) {
            for (List<TokenEntry> l : tokens.values()) l.removeIf(e -> e.tenantId != null && e.tenantId == t.id);
        }
        addToken(hash, t.id, "tenant", expiresWallMs);
        return token;
    }

    /** @return the tenant, or 404 */
    public Tenant tenant(String name) {
        synchronized (lock) {
            Tenant t = tenantsByName.get(key(name));
            if (t == null || !tenants.containsKey(t.id)) throw ApiException.notFound("no tenant '" + name + "'");
            return t;
        }
    }

    /** Changes a tenant's quota and rate limit (null = unchanged). */
    public void updateTenant(String name, Long quotaGpus, Double ratePerS, Integer burst) {
        updateTenant(name, quotaGpus, ratePerS, burst, null, null, null);
    }

    /**
     * Changes a tenant (null = unchanged).
     *
     * @throws ApiException 422 if the quota would be below the GPUs it has reserved
     */
    public void updateTenant(String name, Long quotaGpus, Double ratePerS, Integer burst, Double weight, Integer priority, Long borrowLimitGpus) {
        Tenant t = tenant(name);
        long q = quotaGpus != null ? quotaGpus : t.quotaGpus;
        double r = ratePerS != null ? ratePerS : t.ratePerS;
        int b = burst != null ? burst : t.burst;
        double w = weight != null ? weight : t.weight;
        int pr = priority != null ? priority : t.priority;
        long bl = borrowLimitGpus != null ? borrowLimitGpus : t.borrowLimitGpus;
        long reserved = reservedGpus(t);
        if (q < reserved) {
            throw ApiException.unprocessable("tenant " + t.name + " has " + reserved + " GPUs reserved; its quota cannot be below that (" + q + ")");
        }
        await(store.write(x -> {
            try (PreparedStatement p = x.connection().prepareStatement(
                    "UPDATE tenants SET quota_gpus=?, rate_per_s=?, burst=?, weight=?, priority=?, borrow_limit_gpus=? WHERE id=?")) {
                p.setLong(1, q);
                p.setDouble(2, r);
                p.setInt(3, b);
                p.setDouble(4, w);
                p.setInt(5, pr);
                if (bl == Long.MAX_VALUE) p.setNull(6, java.sql.Types.BIGINT);
                else p.setLong(6, bl);
                p.setLong(7, t.id);
                p.executeUpdate();
            }
        }));
        synchronized (lock) {
            t.quotaGpus = q;
            t.ratePerS = r;
            t.burst = b;
            t.weight = w;
            t.priority = pr;
            t.borrowLimitGpus = bl;
            rebuildPolicy();
        }
        afterChange();
    }

    private long reservedGpus(Tenant t) {
        synchronized (lock) {
            long reserved = 0;
            for (Reservation x : reservations.values()) if (x.tenantId == t.id) reserved += x.gpus;
            return reserved;
        }
    }

    /** A tenant's standing ({@code borrowLimitGpus} null: no limit). */
    public record TenantView(String name, long quotaGpus, long heldGpus, int queuedJobs, int runningJobs, long submittedJobs,
                             double ratePerS, int burst, long reservedGpus, double weight, int priority, Long borrowLimitGpus) {
    }

    public TenantView view(Tenant t) {
        synchronized (lock) {
            long reserved = 0;
            for (Reservation r : reservations.values()) if (r.tenantId == t.id) reserved += r.gpus;
            return new TenantView(t.name, t.quotaGpus, t.heldGpus, t.queued, t.running, t.submitted, t.ratePerS, t.burst, reserved,
                    t.weight, t.priority, t.borrowLimitGpus == Long.MAX_VALUE ? null : t.borrowLimitGpus);
        }
    }

    public List<TenantView> tenantViews() {
        List<Tenant> ts;
        synchronized (lock) {
            ts = new ArrayList<>(tenants.values());
        }
        ts.sort(java.util.Comparator.comparingLong(t -> t.id));
        List<TenantView> out = new ArrayList<>();
        for (Tenant t : ts) out.add(view(t));
        return out;
    }

    // ------------------------------------------------------------------ reservations and nodes

    public Reservation addReservation(String tenantName, String poolName, long gpus) {
        Tenant t = tenant(tenantName);
        LiveFleet.Pool p = fleet.pool(poolName);
        if (p == null) throw ApiException.unprocessable("no pool '" + poolName + "' in the fleet (pools: " + poolNames() + ")");
        Reservation r;
        synchronized (lock) {
            long mine = 0;
            for (Reservation x : reservations.values()) if (x.tenantId == t.id) mine += x.gpus;
            if (mine + gpus > t.quotaGpus) {
                throw ApiException.unprocessable("tenant " + t.name + "'s quota is " + t.quotaGpus + " GPUs at once and " + mine
                        + " are reserved for it already, so " + gpus + " more cannot be reserved");
            }
            long already = 0;
            for (Reservation x : reservations.values()) if (x.pool.equals(poolName)) already += x.gpus;
            if (already + gpus > p.usableGpus()) {
                throw ApiException.unprocessable("pool " + poolName + " can run " + p.usableGpus() + " GPUs; " + already
                        + " are reserved already, so " + gpus + " more cannot be");
            }
            r = new Reservation(newId("reservations"), t.id, poolName, gpus);
        }
        await(store.write(b -> {
            try (PreparedStatement s = b.connection().prepareStatement(
                    "INSERT INTO reservations (id, tenant_id, pool, gpus, created_wall_ms) VALUES (?,?,?,?,?)")) {
                s.setLong(1, r.id);
                s.setLong(2, r.tenantId);
                s.setString(3, r.pool);
                s.setLong(4, r.gpus);
                s.setLong(5, System.currentTimeMillis());
                s.executeUpdate();
            }
        }));
        synchronized (lock) {
            reservations.put(r.id, r);
            rebuildPolicy();
        }
        afterChange();
        return r;
    }

    public void deleteReservation(long id) {
        synchronized (lock) {
            if (!reservations.containsKey(id)) throw ApiException.notFound("no reservation " + id);
        }
        await(store.write(b -> {
            try (PreparedStatement s = b.connection().prepareStatement("DELETE FROM reservations WHERE id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
        }));
        synchronized (lock) {
            reservations.remove(id);
            rebuildPolicy();
        }
        afterChange();
    }

    public List<Reservation> reservations() {
        synchronized (lock) {
            return new ArrayList<>(reservations.values());
        }
    }

    public String tenantName(long id) {
        synchronized (lock) {
            Tenant t = tenants.get(id);
            return t == null ? "?" : t.name;
        }
    }

    String poolNames() {
        List<String> n = new ArrayList<>();
        for (LiveFleet.Pool p : fleet.pools()) n.add(p.name);
        return String.join(", ", n);
    }

    /**
     * Marks a node (ground) or satellite (orbit) out of service or back. Jobs running on a node
     * taken out go back to the queue and resume from their last checkpoint.
     *
     * @return jobs sent back to the queue
     */
    public int setNodeDown(String poolName, int node, boolean down, String reason) {
        LiveFleet.Pool p = fleet.pool(poolName);
        if (p == null) throw ApiException.notFound("no pool '" + poolName + "' (pools: " + poolNames() + ")");
        if (node < 0 || node >= p.nodes.nodes()) {
            throw ApiException.notFound("pool " + poolName + " has nodes 0.." + (p.nodes.nodes() - 1) + ", not " + node);
        }
        await(store.write(b -> {
            try (PreparedStatement d = b.connection().prepareStatement("DELETE FROM nodes_down WHERE pool = ? AND node = ?")) {
                d.setString(1, poolName);
                d.setInt(2, node);
                d.executeUpdate();
            }
            if (down) {
                try (PreparedStatement i = b.connection().prepareStatement("INSERT INTO nodes_down (pool, node, reason) VALUES (?,?,?)")) {
                    i.setString(1, poolName);
                    i.setInt(2, node);
                    i.setString(3, reason);
                    i.executeUpdate();
                }
            }
        }));
        int requeued = 0;
        synchronized (lock) {
            p.down[node] = down;
            markFullPass();
            if (p.nodes.isAvailable(node) != p.up(node)) p.nodes.setAvailable(node, p.up(node));
            if (down) {
                List<LiveJob> hit = new ArrayList<>();
                for (LiveJob j : running.values()) {
                    if (poolName.equals(j.pool) && contains(j.nodes, node)) hit.add(j);
                }
                for (LiveJob j : hit) {
                    requeue(j, "node " + node + " of " + poolName + " was taken out of service"
                            + (reason != null && !reason.isBlank() ? " (" + reason + ")" : "") + "; resuming from its checkpoint at "
                            + fmtH(j.checkpointDoneMs) + " of " + fmtH(j.durationMs) + " compute");
                    requeued++;
                }
            }
        }
        afterChange();
        return requeued;
    }

    /** @return node index of a node index ({@code 0} or {@code node-0}) or a satellite name */
    public int nodeIndex(String poolName, String node) {
        LiveFleet.Pool p = fleet.pool(poolName);
        if (p == null) throw ApiException.notFound("no pool '" + poolName + "' (pools: " + poolNames() + ")");
        int i = p.satelliteNames.indexOf(node);
        if (i >= 0) return i;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:node-)?(\\d{1,9})").matcher(node);
        if (m.matches()) return Integer.parseInt(m.group(1));
        throw ApiException.notFound("pool " + poolName + " has no node '" + node + "' (a node index 0.." + (p.nodes.nodes() - 1)
                + ", also written node-0" + (p.orbital ? ", or a satellite name" : "") + ")");
    }

    private static boolean contains(int[] a, int v) {
        if (a == null) return false;
        for (int x : a) if (x == v) return true;
        return false;
    }

    // ------------------------------------------------------------------ jobs

    /** A validated submission. Sizes in bytes, times in ms. */
    public record JobRequest(String name, String jobClass, int gpus, long durationMs, int priority, long checkpointBytes,
                             long checkpointIntervalMs, long inputBytes, long outputBytes, String target) {
    }

    /** Result of a submission: the job and whether it was created now (false: an idempotent repeat). */
    public record Submitted(JobView job, boolean created) {
    }

    /**
     * Accepts a job: commits it, then queues it. Answers only once the job is durable.
     *
     * @throws ApiException 422 if it can never run, 429 if the tenant already has {@link ServerConfig#maxQueuedPerTenant}
     *                      queued jobs, 503 if the database did not commit it
     */
    public Submitted submit(Tenant t, JobRequest r, String idempotencyKey) {
        long t0 = System.nanoTime();
        if (r.target() != null) {
            LiveFleet.Pool p = fleet.pool(r.target());
            if (p == null) throw ApiException.unprocessable("target '" + r.target() + "' is not a pool of the fleet (pools: " + poolNames() + ")");
            long max = Math.min(p.nodes.capacity(), p.usableGpus());
            if (r.gpus() > max) throw ApiException.unprocessable("target " + r.target() + " can run at most " + max + " GPUs at once; the job asks for " + r.gpus());
        } else if (r.gpus() > fleet.largestGang()) {
            throw ApiException.unprocessable("no pool can ever run " + r.gpus() + " GPUs at once; the largest gang the fleet can run is " + fleet.largestGang());
        }
        if (r.gpus() > t.quotaGpus) {
            throw ApiException.unprocessable("the job asks for " + r.gpus() + " GPUs but tenant " + t.name + "'s quota is " + t.quotaGpus + " GPUs at once");
        }
        if (t.borrowLimitGpus != Long.MAX_VALUE) {
            long most = 0;
            synchronized (lock) {
                for (int p = 0; p < fleet.pools().size(); p++) most = Math.max(most, quota.reserved(t.index, p));
            }
            if (r.gpus() > most + t.borrowLimitGpus) {
                throw ApiException.unprocessable("the job asks for " + r.gpus() + " GPUs but tenant " + t.name + " may hold at most " + most
                        + " reserved GPUs in one pool plus " + t.borrowLimitGpus + " borrowed (borrowLimitGpus)");
            }
        }
        String key = idempotencyKey == null ? null : t.id + "\u0000" + idempotencyKey;
        LiveJob j;
        Store.Pending f;
        java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
        for (int attempt = 0; ; attempt++) {
            CompletableFuture<Void> earlier = null;
            synchronized (lock) {
                if (key != null) {
                    Long existing = idempotency.get(key);
                    if (existing != null) {
                        LiveJob e = jobs.get(existing);
                        if (e == null) {
                            earlier = inFlight.get(key);
                            // done but not settled yet (its settle runs a moment after the waiters wake): look again
                            if (earlier != null && earlier.isDone() && attempt < 1000) {
                                Thread.yield();
                            } else if (earlier == null || attempt > 0) {
                                throw new ApiException(409, "Conflict", "a submission with this Idempotency-Key is in progress; retry later", 1);
                            }
                        } else {
                            if (!sameRequest(e, r)) {
                                throw ApiException.unprocessable("Idempotency-Key '" + idempotencyKey + "' was used for job " + e.id
                                        + " with a different request; use a new key for a new job");
                            }
                            return new Submitted(JobView.of(e, this), false);
                        }
                    }
                }
                if (earlier == null) {
                    if (t.queued + t.admitting >= cfg.maxQueuedPerTenant()) {
                        throw new ApiException(429, "Too Many Requests", "tenant " + t.name + " already has " + (t.queued + t.admitting)
                                + " queued jobs, the most allowed (setting max.queued.per.tenant = " + cfg.maxQueuedPerTenant()
                                + "); submit again once some have started or been cancelled");
                    }
                    long id = newId("jobs");
                    t.admitting++;
                    if (key != null) idempotency.put(key, -1L);
                    j = new LiveJob(id, t.id, r.name(), idempotencyKey, r.jobClass(), r.gpus(), r.durationMs(),
                            r.priority(), r.checkpointBytes(), r.checkpointIntervalMs(), r.inputBytes(), r.outputBytes(), r.target(),
                            clock.nowMs(), System.currentTimeMillis());
                    f = store.insertJob(j);
                    if (key != null) inFlight.put(key, f);
                    break;
                }
            }
            // the same key's first submission is being committed: its outcome decides (the original job, or a new one)
            try {
                earlier.get(store.commitTimeoutMs() * 2 + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "Service unavailable", "interrupted while waiting for the first submission with this key", 1);
            } catch (ExecutionException | TimeoutException e) {
                // settled below: failed (a new job is made) or still in progress (409)
            }
        }
        // settles the job whatever happens to the request: once committed it is queued (even if this request
        // has given up waiting and answered 503 "outcome not known"); if it never commits its key is free again
        final LiveJob job = j;
        f.whenComplete((v, ex) -> settle(t, job, key, ex == null, settled));
        await(f);
        settle(t, j, key, true, settled);
        JobView v;
        synchronized (lock) {
            v = JobView.of(j, this);
        }
        submitLatency.record(System.nanoTime() - t0);
        afterChange();
        return new Submitted(v, true);
    }

    /** @return a new id of {@code table}, never handed out before; 503 if the database cannot reserve ids */
    private long newId(String table) {
        try {
            return store.nextId(table);
        } catch (StoreException e) {
            throw problem(e);
        }
    }

    /** Indexes and queues a committed job, or frees the Idempotency-Key of one that will never commit; once. */
    private void settle(Tenant t, LiveJob j, String key, boolean committed, java.util.concurrent.atomic.AtomicBoolean settled) {
        if (!settled.compareAndSet(false, true)) return;
        synchronized (lock) {
            t.admitting--;
            if (key != null) inFlight.remove(key);
            if (committed) {
                index(j);
                if (key != null) idempotency.put(key, j.id);
                j.enqueuedNs = System.nanoTime();
                enqueue(j);
                arrivals.add(j);
            } else if (key != null) {
                idempotency.remove(key);
            }
        }
    }

    /**
     * @return whether a request repeats the one that created job {@code e} (every field after validation and
     * defaults: the same job), as the IETF Idempotency-Key draft asks the server to check
     */
    static boolean sameRequest(LiveJob e, JobRequest r) {
        return java.util.Objects.equals(e.name, r.name()) && e.jobClass.equals(r.jobClass()) && e.gpus == r.gpus()
                && e.durationMs == r.durationMs() && e.priority == r.priority() && e.checkpointBytes == r.checkpointBytes()
                && e.checkpointIntervalMs == r.checkpointIntervalMs() && e.inputBytes == r.inputBytes()
                && e.outputBytes == r.outputBytes() && java.util.Objects.equals(e.target, r.target());
    }

    /** @return the job, or 404 if it does not exist or belongs to another tenant (never revealing which) */
    public JobView get(Principal who, long id) {
        synchronized (lock) {
            return JobView.of(find(who, id), this);
        }
    }

    private LiveJob find(Principal who, long id) {
        LiveJob j = jobs.get(id);
        if (j == null || (!who.operator() && (who.tenant() == null || j.tenantId != who.tenant().id))) {
            throw ApiException.notFound("no job " + id);
        }
        return j;
    }

    /** One page of jobs. */
    public record Page(List<JobView> items, Long nextAfter) {
    }

    /**
     * Lists jobs in id order after {@code afterId}.
     *
     * @param who      tenant (own jobs) or operator (all, or {@code tenantName}'s)
     * @param state    only this state, or null
     * @param afterId  cursor: ids greater than this
     * @param limit    page size
     */
    public Page list(Principal who, String tenantName, JobState state, long afterId, int limit) {
        synchronized (lock) {
            NavigableMap<Long, LiveJob> src;
            if (!who.operator()) {
                src = jobsByTenant.getOrDefault(who.tenant().id, new TreeMap<>());
            } else if (tenantName != null) {
                Tenant t = tenantsByName.get(key(tenantName));
                if (t == null) throw ApiException.notFound("no tenant '" + tenantName + "'");
                src = jobsByTenant.getOrDefault(t.id, new TreeMap<>());
            } else {
                src = jobs;
            }
            List<JobView> out = new ArrayList<>();
            Long next = null;
            for (LiveJob j : src.tailMap(afterId, false).values()) {
                if (state != null && j.state != state) continue;
                if (out.size() == limit) {
                    next = out.get(out.size() - 1).id();
                    break;
                }
                out.add(JobView.of(j, this));
            }
            return new Page(out, next);
        }
    }

    /**
     * Cancels a queued or running job (its GPUs are freed at once).
     *
     * @throws ApiException 404 if not the caller's, 409 if already finished
     */
    public JobView cancel(Principal who, long id) {
        CompletableFuture<Void> f;
        JobView v;
        synchronized (lock) {
            LiveJob j = find(who, id);
            if (j.state.terminal()) throw new ApiException(409, "Conflict", "job " + id + " is already " + j.state.name().toLowerCase());
            long now = clock.nowMs();
            if (j.state == JobState.RUNNING) {
                j.checkpointDoneMs = Math.max(j.checkpointDoneMs, 0);
                release(j);
            } else {
                dequeue(j);
                // the head's cancellation changes the reservation: a full pass. Any other queued job's frees no GPUs
                // and no quota, so no older job can start that could not before; the next pass only re-picks the
                // head (a full pass follows if the head changes)
                if (j == lastHead) fullPassNeeded = true;
                else headCheckNeeded = true;
            }
            JobState before = j.state;
            setState(j, JobState.CANCELLED);
            j.endMs = now;
            j.reason = who.operator() ? "cancelled by an operator" : "cancelled by the tenant";
            Store.Pending p = store.updateJob(j);
            // if it never commits (withdrawn after the timeout, or rolled back) the job is not cancelled: it goes
            // back to the queue (a running one resumes from its checkpoint), as the database still has it
            p.whenComplete((ok, ex) -> {
                if (ex != null) uncancel(j, before);
            });
            f = p;
            v = JobView.of(j, this);
        }
        await(f);
        afterChange();
        return v;
    }

    /** Undoes the in-memory part of a cancellation whose write did not commit. */
    private void uncancel(LiveJob j, JobState before) {
        synchronized (lock) {
            if (j.state != JobState.CANCELLED) return;
            setState(j, JobState.QUEUED);
            j.endMs = -1;
            if (before == JobState.RUNNING) {
                j.restarts++;
                j.progressMs = j.checkpointDoneMs;
                j.pool = null;
                j.nodes = null;
                j.startMs = -1;
            }
            j.reason = "its cancellation was not committed (database unavailable); queued again"
                    + (before == JobState.RUNNING ? " from its checkpoint at " + fmtH(j.checkpointDoneMs) : "");
            j.wait = WaitReason.NONE;
            j.consideredOnce = false;
            j.enqueuedNs = System.nanoTime();
            enqueue(j);
            fullPassNeeded = true;
            store.updateJobInBackground(j);
        }
        afterChange();
    }

    private void release(LiveJob j) {
        fullPassNeeded = true;
        running.remove(j.id);
        LiveFleet.Pool p = fleet.pools().get(j.poolIndex);
        p.nodes.release(j.placement);
        Tenant t = tenants.get(j.tenantId);
        t.heldGpus -= j.gpus;
        t.running--;
        quota.give(t.index, j.poolIndex, j.gpus);
        j.placement = null;
        j.paused = false;
    }

    private void requeue(LiveJob j, String reason) {
        release(j);
        setState(j, JobState.QUEUED);
        j.restarts++;
        j.progressMs = j.checkpointDoneMs;
        j.pool = null;
        j.nodes = null;
        j.startMs = -1;
        j.reason = reason;
        j.wait = WaitReason.NONE;
        j.consideredOnce = false;
        j.enqueuedNs = System.nanoTime();
        enqueue(j);
        store.updateJobInBackground(j);
    }

    // ------------------------------------------------------------------ time and scheduling

    private volatile Runnable scheduleHook;

    /** Sets what runs after a change that may let queued jobs start (the server wakes its scheduler thread). */
    public void onChange(Runnable r) {
        this.scheduleHook = r;
    }

    private void markFullPass() {
        synchronized (lock) {
            fullPassNeeded = true;
        }
    }

    private void afterChange() {
        Runnable h = scheduleHook;
        if (h != null) h.run();
        else schedule();
    }

    /**
     * Advances the twin to the clock's now: power, job progress, checkpoints, completions; then runs
     * a scheduling pass.
     */
    public void tick() {
        synchronized (lock) {
            long now = clock.nowMs();
            if (lastTickMs < 0) lastTickMs = now;
            long dt = now - lastTickMs;
            if (fleet.advanceTo(now)) fullPassNeeded = true;
            if (dt > 0) {
                List<LiveJob> done = null;
                for (LiveJob j : running.values()) {
                    LiveFleet.Pool p = fleet.pools().get(j.poolIndex);
                    boolean allUp = true;
                    if (p.orbital) {
                        for (int n : j.placement.nodeIds()) {
                            if (!p.up(n)) {
                                allUp = false;
                                break;
                            }
                        }
                    }
                    j.paused = !allUp;
                    if (!allUp) continue;
                    long ran = Math.min(dt, j.durationMs - j.progressMs);
                    j.executedMs += ran;
                    j.attainedGpuMs += (double) j.gpus * ran;
                    j.progressMs = Math.min(j.durationMs, j.progressMs + dt);
                    if (j.progressMs >= j.durationMs) {
                        if (done == null) done = new ArrayList<>();
                        done.add(j);
                        continue;
                    }
                    long ck = (j.progressMs / j.checkpointIntervalMs) * j.checkpointIntervalMs;
                    if (ck > j.checkpointDoneMs) {
                        j.checkpointDoneMs = ck;
                        store.updateJobInBackground(j);
                    }
                }
                if (done != null) {
                    for (LiveJob j : done) {
                        release(j);
                        setState(j, JobState.SUCCEEDED);
                        j.checkpointDoneMs = j.durationMs;
                        j.endMs = now;
                        j.reason = null;
                        completions++;
                        store.updateJobInBackground(j);
                    }
                }
            }
            promoteDue(now);
            lastTickMs = Math.max(lastTickMs, now);
            long wall = System.currentTimeMillis();
            if (wall - lastSampleWallMs >= 1000 || cfg.tickMs() == 0) {
                lastSampleWallMs = wall;
                sample(now);
            }
        }
        schedule();
    }

    // The pass follows io.skygrid.sim.Simulation's schedule(): QueueSort -> Filter -> Reserve/Bind, job by job
    // in the policy's order (pickHead); a job its tenant's quota holds back is passed over and holds up no one;
    // the first job that cannot start holds an EASY reservation (backfill: easy) and later jobs, in
    // submission order, start only if they do not delay it. The live server does not preempt.

    /** Runs one scheduling pass over the queue. */
    public void schedule() {
        synchronized (lock) {
            long t0 = System.nanoTime();
            boolean full = fullPassNeeded;
            fullPassNeeded = false;
            boolean headCheck = headCheckNeeded;
            headCheckNeeded = false;
            if (!full && !headCheck && arrivals.isEmpty()) {
                return;
            }
            long now = clock.nowMs();
            cycle++;
            LiveJob head = null;
            while (true) {
                LiveJob j = pickHead(now);
                if (j == null) break;
                int p = choosePool(j, now, -1, Long.MAX_VALUE, null);
                if (p >= 0) {
                    start(j, p, now);
                    continue;
                }
                WaitReason why = blockReason(j);
                decided(j);
                if (why == WaitReason.QUOTA) {
                    j.skippedCycle = cycle;
                    continue;
                }
                head = j;
                break;
            }
            if (head != null) {
                boolean newHead = head != lastHead;
                if (full || newHead) reserveFor(head, now);
                // every queued job after a change, else only the arrivals (older jobs could not start before and
                // still cannot: free GPUs and quota headroom only shrank)
                List<LiveJob> candidates = null;
                if (!(full || newHead)) {
                    arrivals.sort(java.util.Comparator.comparingLong(x -> x.id));
                    candidates = arrivals;
                }
                if (easy) {
                    backfill(head, candidates, now);
                } else {
                    for (LiveJob j : candidates != null ? candidates : new ArrayList<>(queue)) {
                        if (j.state == JobState.QUEUED && j != head && j.skippedCycle != cycle) {
                            wait(j, WaitReason.QUEUE_ORDER, head.id, -1, false);
                            decided(j);
                        }
                    }
                }
            } else {
                resPool = -1;
                shadow = Long.MAX_VALUE;
            }
            lastHead = head;
            for (LiveJob j : arrivals) {
                if (j.state == JobState.QUEUED && j.wait == WaitReason.NONE) {
                    Tenant t = tenantsByIndex.get(j.tenantIndex);
                    if (j.gpus > headroom(t)) quotaWait(j, t);
                    else noCapacity(j);
                    decided(j);
                }
            }
            arrivals.clear();
            passes++;
            passLatency.record(System.nanoTime() - t0);
        }
    }

    /** Records the first decision about a queued job (placement latency: enqueue to decision). */
    private void decided(LiveJob j) {
        if (!j.consideredOnce) {
            j.consideredOnce = true;
            placementLatency.record(System.nanoTime() - j.enqueuedNs);
        }
    }

    private static void wait(LiveJob j, WaitReason why, long a, long b, boolean flag) {
        j.wait = why;
        j.waitA = a;
        j.waitB = b;
        j.waitFlag = flag;
    }

    /**
     * @return the first queued job in the policy's order, or null: per sub-queue the first job its tenant's
     * quota can admit (others are passed over, noting why), then jobs that stay within their tenant's
     * reservation before jobs that would borrow, then {@link QueuePolicy#before}
     */
    private LiveJob pickHead(long now) {
        LiveJob best = null;
        boolean bestWithin = false;
        int n = tenantsByIndex.size();
        for (int k = 0; k < subQueues.length; k++) {
            TreeSet<LiveJob> q = subQueues[k];
            if (q.isEmpty()) continue;
            Tenant t = tenantsByIndex.get(k % n);
            long room = headroom(t);
            LiveJob j;
            if (room < t.queuedSizes.firstKey()) {
                for (LiveJob x : q) {
                    if (x.skippedCycle != cycle) {
                        quotaWait(x, t);
                        decided(x);
                        x.skippedCycle = cycle;
                    }
                    break;
                }
                continue;
            }
            LiveJob c = cursor[k];
            j = cursorCycle[k] == cycle && c != null && c.state == JobState.QUEUED && c.subQ == k ? c : q.first();
            while (j != null && (j.skippedCycle == cycle || j.gpus > room)) {
                if (j.skippedCycle != cycle) {
                    quotaWait(j, t);
                    decided(j);
                    j.skippedCycle = cycle;
                }
                j = q.higher(j);
            }
            cursorCycle[k] = cycle;
            cursor[k] = j;
            if (j == null) continue;
            boolean within = withinReservation(j);
            if (best == null || (within && !bestWithin) || (within == bestWithin && policy.before((int) j.id, (int) best.id, view, now))) {
                best = j;
                bestWithin = within;
            }
        }
        return best;
    }

    /** @return the largest gang tenant {@code t} may start now (core's {@link Quota#headroom} within its quotaGpus) */
    private long headroom(Tenant t) {
        return Math.min(quota.headroom(t.index), t.quotaGpus - t.heldGpus);
    }

    private boolean admits(Tenant t, int pool, int g) {
        return t.heldGpus + g <= t.quotaGpus && quota.admits(t.index, pool, g);
    }

    private void quotaWait(LiveJob j, Tenant t) {
        if (t.heldGpus + j.gpus > t.quotaGpus) {
            wait(j, WaitReason.QUOTA, t.heldGpus, t.quotaGpus, true);
        } else {
            wait(j, WaitReason.QUOTA, quota.borrowed(t.index), t.borrowLimitGpus, false);
        }
    }

    /** @return whether job j fits its tenant's unused reservation in some pool it may use */
    private boolean withinReservation(LiveJob j) {
        List<LiveFleet.Pool> pools = fleet.pools();
        for (int p = 0; p < pools.size(); p++) {
            if (j.target != null && !j.target.equals(pools.get(p).name)) continue;
            if (quota.withinReserved(j.tenantIndex, p, j.gpus)) return true;
        }
        return false;
    }

    private static boolean canStart(LiveFleet.Pool p, int g) {
        return p.freeUsable() >= g && p.nodes.canPlace(g);
    }

    /**
     * Filter and Score: the first pool (scenario order) where job {@code j} can start now, within its tenant's
     * quota and without breaking the head's reservation ({@code resPool}, {@code shadow}, {@code extra}).
     *
     * @return the pool index, or -1
     */
    private int choosePool(LiveJob j, long now, int resPool, long shadow, long[] extra) {
        List<LiveFleet.Pool> pools = fleet.pools();
        Tenant t = tenantsByIndex.get(j.tenantIndex);
        for (int p = 0; p < pools.size(); p++) {
            LiveFleet.Pool pool = pools.get(p);
            if (j.target != null && !j.target.equals(pool.name)) continue;
            if (!canStart(pool, j.gpus) || !admits(t, p, j.gpus)) continue;
            if (p == resPool && now + (j.durationMs - j.doneMs()) > shadow && j.gpus > extra[0]) continue;
            return p;
        }
        return -1;
    }

    /** Why queued job j cannot start now (it has failed {@link #choosePool} without a reservation); sets its wait. */
    private WaitReason blockReason(LiveJob j) {
        List<LiveFleet.Pool> pools = fleet.pools();
        boolean power = false;
        boolean targetDead = j.target != null;
        for (LiveFleet.Pool p : pools) {
            if (j.target != null && !j.target.equals(p.name)) continue;
            if (canStart(p, j.gpus)) {
                quotaWait(j, tenantsByIndex.get(j.tenantIndex));
                return WaitReason.QUOTA;
            }
            if (p.nodes.capacity() - p.nodes.allocatedGpus() >= j.gpus && p.usableGpus() >= j.gpus) power = true;
            if (p.nodes.freeAvailableGpus() > 0 || p.nodes.allocatedGpus() > 0) targetDead = false;
        }
        if (targetDead) {
            wait(j, WaitReason.NO_GANG_FITS, 0, 0, true);
            return WaitReason.NO_GANG_FITS;
        }
        if (power && !anyFreeFor(j)) {
            wait(j, WaitReason.POWER, 0, 0, false);
            return WaitReason.POWER;
        }
        noCapacity(j);
        return WaitReason.NO_GANG_FITS;
    }

    /** @return whether some pool j may use has j.gpus free GPUs on powered, in-service nodes */
    private boolean anyFreeFor(LiveJob j) {
        for (LiveFleet.Pool p : fleet.pools()) {
            if (j.target != null && !j.target.equals(p.name)) continue;
            if (p.freeUsable() >= j.gpus) return true;
        }
        return false;
    }

    private void noCapacity(LiveJob j) {
        long maxFree = 0;
        long total = 0;
        for (LiveFleet.Pool p : fleet.pools()) {
            if (j.target != null && !j.target.equals(p.name)) continue;
            long f = Math.max(0, p.freeUsable());
            maxFree = Math.max(maxFree, f);
            total += f;
        }
        wait(j, WaitReason.NO_GANG_FITS, maxFree, total, false);
    }

    /**
     * EASY: the head's reservation at the earliest instant enough GPUs free up in some pool it may use, from
     * running jobs' remaining compute (Lifka 1995); sets {@code resPool}, {@code shadow}, {@code extraLeft}.
     */
    private void reserveFor(LiveJob head, long now) {
        resPool = -1;
        shadow = Long.MAX_VALUE;
        extraLeft[0] = 0;
        List<LiveFleet.Pool> pools = fleet.pools();
        int g = head.gpus;
        // one walk over the running jobs (running order) into primitive arrays, then one filter per pool
        int m = running.size();
        if (runRem.length < m) {
            runRem = new long[m * 2];
            runGpus = new int[m * 2];
            runPool = new int[m * 2];
        }
        int w = 0;
        for (LiveJob r : running.values()) {
            runRem[w] = r.durationMs - r.progressMs;
            runGpus[w] = r.gpus;
            runPool[w] = r.poolIndex;
            w++;
        }
        for (int p = 0; p < pools.size(); p++) {
            LiveFleet.Pool pool = pools.get(p);
            if (pool.usableGpus() < g || (head.target != null && !head.target.equals(pool.name))) continue;
            // running jobs of this pool by end instant (ties in running order, as a stable sort), in primitive
            // arrays: a sort key packs (remaining compute - least remaining, running-order index) into one long
            int n = 0;
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            if (resRem.length < running.size()) {
                resRem = new long[running.size() * 2];
                resGpus = new int[running.size() * 2];
            }
            for (int x = 0; x < w; x++) {
                if (runPool[x] != p) continue;
                long rem = runRem[x];
                resRem[n] = rem;
                resGpus[n] = runGpus[x];
                n++;
                lo = Math.min(lo, rem);
                hi = Math.max(hi, rem);
            }
            long free = Math.max(0, pool.freeUsable());
            if (n == 0) continue;
            int idxBits = 64 - Long.numberOfLeadingZeros(n);
            long span = hi - lo;
            if (span < 0 || idxBits + (64 - Long.numberOfLeadingZeros(span)) > 63) {
                reserveForBoxed(p, pool, g, now);
                continue;
            }
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = ((resRem[i] - lo) << idxBits) | i;
            java.util.Arrays.sort(keys);
            long mask = (1L << idxBits) - 1;
            for (long k : keys) {
                int i = (int) (k & mask);
                free += resGpus[i];
                if (free >= g) {
                    long end = now + resRem[i];
                    if (end < shadow) {
                        shadow = end;
                        resPool = p;
                        extraLeft[0] = free - g;
                    }
                    break;
                }
            }
        }
    }

    private long[] runRem = new long[0];
    private int[] runGpus = new int[0];
    private int[] runPool = new int[0];
    private long[] resRem = new long[0];
    private int[] resGpus = new int[0];

    /** {@link #reserveFor} for one pool when the packed sort key does not fit a long (boxed, stable sort). */
    private void reserveForBoxed(int p, LiveFleet.Pool pool, int g, long now) {
        List<long[]> ends = new ArrayList<>();
        for (LiveJob r : running.values()) {
            if (r.poolIndex == p) ends.add(new long[] {now + (r.durationMs - r.progressMs), r.gpus});
        }
        ends.sort((a, b) -> Long.compare(a[0], b[0]));
        long free = Math.max(0, pool.freeUsable());
        for (long[] e : ends) {
            free += e[1];
            if (free >= g) {
                if (e[0] < shadow) {
                    shadow = e[0];
                    resPool = p;
                    extraLeft[0] = free - g;
                }
                break;
            }
        }
    }

    /**
     * EASY backfill: candidates (submission order; null: the whole queue) start now if they do not delay the
     * head's reservation. Stops as soon as no queued gang fits the free GPUs of any pool.
     */
    private void backfill(LiveJob head, List<LiveJob> candidates, long now) {
        long maxFree = maxFreeUsable();
        int k = 0;
        if (candidates == null) {
            if (maxFree <= 0 || queuedSizes.isEmpty() || maxFree < queuedSizes.firstKey()) return;
            // the whole queue in submission order: one snapshot (jobs started below leave the queue; the loop skips
            // every job no longer queued) instead of a tree search per job
            candidates = java.util.Arrays.asList(queue.toArray(new LiveJob[0]));
        }
        LiveJob next = candidates.isEmpty() ? null : candidates.get(0);
        for (LiveJob j = next; j != null; j = ++k < candidates.size() ? candidates.get(k) : null) {
            if (j == head || j.state != JobState.QUEUED || j.skippedCycle == cycle) continue;
            if (maxFree <= 0 || queuedSizes.isEmpty() || maxFree < queuedSizes.firstKey()) break;
            if (j.gpus > maxFree) {
                noCapacity(j);
                decided(j);
                continue;
            }
            Tenant t = tenantsByIndex.get(j.tenantIndex);
            if (j.gpus > headroom(t)) {
                quotaWait(j, t);
                decided(j);
                continue;
            }
            int p = choosePool(j, now, resPool, shadow, extraLeft);
            if (p >= 0) {
                if (p == resPool && now + (j.durationMs - j.doneMs()) > shadow) extraLeft[0] -= j.gpus;
                start(j, p, now);
                maxFree = maxFreeUsable();
                continue;
            }
            if (choosePool(j, now, -1, Long.MAX_VALUE, null) >= 0) {
                wait(j, WaitReason.RESERVATION, head.id, shadow, false);
            } else {
                blockReason(j);
            }
            decided(j);
        }
    }

    private long maxFreeUsable() {
        long m = 0;
        for (LiveFleet.Pool p : fleet.pools()) m = Math.max(m, p.freeUsable());
        return m;
    }

    /** Reserve/Bind: places job j's gang in pool {@code chosen}. */
    private void start(LiveJob j, int chosen, long now) {
        LiveFleet.Pool p = fleet.pools().get(chosen);
        Placement pl = p.nodes.place(j.gpus);
        dequeue(j);
        Tenant t = tenants.get(j.tenantId);
        t.running++;
        t.heldGpus += j.gpus;
        quota.take(t.index, chosen, j.gpus);
        setState(j, JobState.RUNNING);
        j.placement = pl;
        j.poolIndex = chosen;
        j.pool = p.name;
        j.nodes = pl.nodeIds();
        j.startMs = now;
        j.progressMs = j.checkpointDoneMs;
        j.paused = false;
        j.wait = WaitReason.NONE;
        running.put(j.id, j);
        placements++;
        decided(j);
        store.updateJobInBackground(j);
    }

    /** Adds a queued job to the queue and its policy sub-queue. */
    private void enqueue(LiveJob j) {
        queue.add(j);
        Tenant t = tenants.get(j.tenantId);
        t.queued++;
        t.queuedSizes.merge(j.gpus, 1, Integer::sum);
        queuedSizes.merge(j.gpus, 1, Integer::sum);
        addToSubQueue(j);
    }

    private void addToSubQueue(LiveJob j) {
        long now = clock.nowMs();
        int k = policy.classOf((int) j.id, view, now) * tenantsByIndex.size() + j.tenantIndex;
        j.subKey = policy.keyWithinClass((int) j.id, view, now);
        j.subQ = k;
        subQueues[k].add(j);
        cursorCycle[k] = 0;
        j.queueVersion++;
        long promote = policy.promoteAfterMs((int) j.id, j.executedMs, view, now);
        if (promote > 0) promotions.add(new long[] {now + promote, j.id, j.queueVersion});
    }

    /** Tiresias' starvation guard: queued jobs due for promotion go back to the first queue, attained service reset. */
    private void promoteDue(long now) {
        while (!promotions.isEmpty() && promotions.peek()[0] <= now) {
            long[] e = promotions.poll();
            LiveJob j = e[1] < byId.length ? byId[(int) e[1]] : null;
            if (j == null || j.state != JobState.QUEUED || j.queueVersion != e[2] || j.subQ < 0) continue;
            subQueues[j.subQ].remove(j);
            j.attainedGpuMs = 0;
            addToSubQueue(j);
            fullPassNeeded = true;
        }
    }

    private void dequeue(LiveJob j) {
        if (!queue.remove(j)) throw new IllegalStateException("job " + j.id + " is not queued");
        subQueues[j.subQ].remove(j);
        j.subQ = -1;
        Tenant t = tenants.get(j.tenantId);
        t.queued--;
        dec(t.queuedSizes, j.gpus);
        dec(queuedSizes, j.gpus);
    }

    private static void dec(TreeMap<Integer, Integer> m, int k) {
        if (m.merge(k, -1, Integer::sum) == 0) m.remove(k);
    }

    /**
     * Rebuilds the queue policy (the scenario's {@code scheduler.queue}, with the tenants' priority classes),
     * the quota (reservations, borrowing limits; GPUs held replayed from running jobs) and the sub-queues.
     * Called when tenants or reservations change (rare); the next pass is a full one.
     */
    @SuppressWarnings("unchecked")
    private void rebuildPolicy() {
        synchronized (lock) {
            int n = Math.max(1, tenantsByIndex.size());
            List<LiveFleet.Pool> pools = fleet.pools();
            long[][] reserved = new long[n][pools.size()];
            long[] borrow = new long[n];
            int[] prio = new int[n];
            java.util.Arrays.fill(borrow, Long.MAX_VALUE);
            for (Tenant t : tenantsByIndex) {
                borrow[t.index] = t.borrowLimitGpus;
                prio[t.index] = t.priority;
            }
            for (Reservation r : reservations.values()) {
                Tenant t = tenants.get(r.tenantId);
                for (int p = 0; p < pools.size(); p++) {
                    if (t != null && pools.get(p).name.equals(r.pool)) reserved[t.index][p] += r.gpus;
                }
            }
            quota = new Quota(reserved, borrow);
            for (LiveJob j : running.values()) quota.take(j.tenantIndex, j.poolIndex, j.gpus);
            policy = QueuePolicies.of(spec, prio);
            subQueues = new TreeSet[policy.classes() * n];
            java.util.Comparator<LiveJob> order = (a, b) -> a.subKey != b.subKey ? Long.compare(a.subKey, b.subKey)
                    : a.priority != b.priority ? Integer.compare(b.priority, a.priority) : Long.compare(a.id, b.id);
            for (int k = 0; k < subQueues.length; k++) subQueues[k] = new TreeSet<>(order);
            cursor = new LiveJob[subQueues.length];
            cursorCycle = new int[subQueues.length];
            promotions.clear();
            for (LiveJob j : queue) addToSubQueue(j);
            lastHead = null;
            fullPassNeeded = true;
        }
    }

    /** Core's scheduler view over the live state (jobs by id, tenants by index, pools in scenario order). */
    private final class View implements SchedView {
        @Override
        public int gpus(int j) {
            return byId[j].gpus;
        }

        @Override
        public int tenantOf(int j) {
            return byId[j].tenantIndex;
        }

        @Override
        public long remainingMs(int j, long now) {
            LiveJob x = byId[j];
            return x.durationMs - x.doneMs();
        }

        @Override
        public double attainedGpuMs(int j, long now) {
            return byId[j].attainedGpuMs;
        }

        @Override
        public int tenants() {
            return Math.max(1, tenantsByIndex.size());
        }

        @Override
        public double weight(int t) {
            return t < tenantsByIndex.size() ? tenantsByIndex.get(t).weight : 1.0;
        }

        @Override
        public int priority(int t) {
            return t < tenantsByIndex.size() ? tenantsByIndex.get(t).priority : 0;
        }

        @Override
        public int pools() {
            return fleet.pools().size();
        }

        @Override
        public long capacityGpus(int p) {
            return fleet.pools().get(p).usableGpus();
        }

        @Override
        public long heldGpus(int t, int p) {
            return quota.held(t, p);
        }

        @Override
        public long heldGpus(int t) {
            return quota.held(t);
        }
    }

    /**
     * Checks the invariants named in the class comment.
     *
     * @throws IllegalStateException naming the first violation
     */
    public void checkInvariants() {
        synchronized (lock) {
            for (LiveFleet.Pool p : fleet.pools()) p.nodes.checkInvariants();
            long maxTenant = 0;
            for (long id : tenants.keySet()) maxTenant = Math.max(maxTenant, id);
            for (LiveJob j : jobs.values()) maxTenant = Math.max(maxTenant, j.tenantId);
            long[] held = new long[(int) maxTenant + 1];
            int q = 0;
            int r = 0;
            for (LiveJob j : jobs.values()) {
                if (j.state == JobState.RUNNING) {
                    r++;
                    if (j.placement == null || !running.containsKey(j.id)) throw new IllegalStateException("job " + j.id + " running without placement");
                    held[(int) j.tenantId] += j.gpus;
                } else if (j.placement != null || running.containsKey(j.id)) {
                    throw new IllegalStateException("job " + j.id + " holds GPUs while " + j.state);
                }
                if (j.state == JobState.QUEUED) {
                    q++;
                    if (!queue.contains(j)) throw new IllegalStateException("job " + j.id + " queued but not in the queue");
                }
            }
            if (q != queue.size() || r != running.size()) throw new IllegalStateException("queue/running sizes disagree with job states");
            long alloc = 0;
            for (LiveFleet.Pool p : fleet.pools()) alloc += p.nodes.allocatedGpus();
            long sumHeld = 0;
            for (Tenant t : tenants.values()) {
                if (held[(int) t.id] != t.heldGpus) throw new IllegalStateException("tenant " + t.name + " holds " + t.heldGpus + " but runs " + held[(int) t.id]);
                sumHeld += t.heldGpus;
            }
            if (sumHeld != alloc) throw new IllegalStateException("allocated " + alloc + " != held " + sumHeld);
        }
    }

    // ------------------------------------------------------------------ views and metrics

    /** A job as the API shows it. Times are ISO-8601 instants of simulated time. */
    public record JobView(long id, String tenant, String name, String state, String jobClass, int gpus, double durationS,
                          int priority, long checkpointBytes, double checkpointIntervalS, long inputBytes, long outputBytes,
                          String target, String submittedAt, String startedAt, String endedAt, double doneS,
                          double checkpointS, int restarts, String pool, int nodesSpanned, boolean paused, String reason,
                          String waitReason) {
        static JobView of(LiveJob j, ControlPlane cp) {
            java.time.Instant epoch = cp.fleet.scenario().epoch();
            return new JobView(j.id, cp.tenantNameUnlocked(j.tenantId), j.name, j.state.name(), j.jobClass, j.gpus, j.durationMs / 1000.0,
                    j.priority, j.checkpointBytes, j.checkpointIntervalMs / 1000.0, j.inputBytes, j.outputBytes, j.target,
                    iso(epoch, j.submitMs), iso(epoch, j.startMs), iso(epoch, j.endMs), j.doneMs() / 1000.0,
                    j.checkpointDoneMs / 1000.0, j.restarts, j.pool, j.nodes == null ? 0 : j.nodes.length, j.paused, j.reason,
                    j.state == JobState.QUEUED ? j.waitText(epoch) : null);
        }
    }

    private String tenantNameUnlocked(long id) {
        Tenant t = tenants.get(id);
        return t == null ? "?" : t.name;
    }

    static String iso(java.time.Instant epoch, long ms) {
        return ms < 0 ? null : epoch.plusMillis(ms).toString();
    }

    static String fmtH(long ms) {
        return String.format(java.util.Locale.ROOT, "%.2f h", ms / 3_600_000.0);
    }

    /** Counters for /metrics. */
    public record Counters(long simMs, int[] byState, int queued, int running, long placements, long completions, long passes,
                           List<PoolView> pools, int tenants) {
    }

    /** A pool in the fleet view. */
    public record PoolView(String name, String kind, long capacityGpus, long usableGpus, long allocatedGpus, long freeUsableGpus,
                           int nodes, int nodesUp, int nodesDown, int nodesUnpowered, Double latDeg, Double lonDeg) {
    }

    public Counters counters() {
        synchronized (lock) {
            return new Counters(clock.nowMs(), stateCounts.clone(), queue.size(), running.size(), placements, completions, passes,
                    poolViews(), tenants.size());
        }
    }

    private List<PoolView> poolViews() {
        List<PoolView> out = new ArrayList<>();
        for (LiveFleet.Pool p : fleet.pools()) {
            int down = 0;
            int unpowered = 0;
            int up = 0;
            for (int n = 0; n < p.nodes.nodes(); n++) {
                if (p.down[n]) down++;
                else if (p.powered != null && !p.powered[n]) unpowered++;
                else up++;
            }
            out.add(new PoolView(p.name, p.orbital ? "orbit" : "ground", p.nodes.capacity(), p.usableGpus(), p.nodes.allocatedGpus(),
                    Math.max(0, p.freeUsable()), p.nodes.nodes(), up, down, unpowered,
                    p.site != null ? Double.valueOf(p.site.latitudeDeg()) : null, p.site != null ? Double.valueOf(p.site.longitudeDeg()) : null));
        }
        return out;
    }

    /** Dashboard samples. */
    static final class History {
        final long[] simMs;
        final int[] queued;
        final int[] runningJobs;
        final double[][] util;
        int n;
        int head;

        History(int cap) {
            simMs = new long[cap];
            queued = new int[cap];
            runningJobs = new int[cap];
            util = new double[cap][];
        }

        void add(long t, int q, int r, double[] u) {
            int i = (head + n) % simMs.length;
            if (n == simMs.length) {
                head = (head + 1) % simMs.length;
                i = (head + n - 1) % simMs.length;
            } else {
                n++;
            }
            simMs[i] = t;
            queued[i] = q;
            runningJobs[i] = r;
            util[i] = u;
        }
    }

    private void sample(long now) {
        List<LiveFleet.Pool> pools = fleet.pools();
        double[] u = new double[pools.size()];
        for (int i = 0; i < pools.size(); i++) {
            LiveFleet.Pool p = pools.get(i);
            u[i] = p.nodes.allocatedGpus() / (double) p.nodes.capacity();
        }
        history.add(now, queue.size(), running.size(), u);
    }

    /** Everything the dashboard draws. */
    public Map<String, Object> dashboard(int maxSatellites, int recentJobs) {
        synchronized (lock) {
            Map<String, Object> m = new LinkedHashMap<>();
            long now = clock.nowMs();
            java.time.Instant epoch = fleet.scenario().epoch();
            m.put("scenario", fleet.scenario().name());
            m.put("simTime", iso(epoch, now));
            m.put("speedup", clock.speedup());
            m.put("policy", policy.name());
            m.put("backfill", spec.backfill());
            m.put("pools", poolViews());
            List<Map<String, Object>> st = new ArrayList<>();
            for (var s : fleet.stations()) st.add(Map.of("name", s.name(), "lat", s.latitudeDeg(), "lon", s.longitudeDeg()));
            m.put("stations", st);
            List<List<Object>> sats = new ArrayList<>();
            for (LiveFleet.SatPoint p : fleet.satellitePoints(now, maxSatellites)) {
                sats.add(List.of(p.pool(), p.name(), Math.round(p.latDeg() * 100) / 100.0, Math.round(p.lonDeg() * 100) / 100.0,
                        p.sunlight() == 0 ? "sunlit" : p.sunlight() == 1 ? "penumbra" : "umbra", p.powered(), p.down(), p.busyGpus(),
                        Math.round(p.stateOfCharge() * 1000) / 1000.0));
            }
            m.put("satelliteColumns", List.of("pool", "name", "lat", "lon", "sunlight", "powered", "down", "busyGpus", "stateOfCharge"));
            m.put("satellites", sats);
            List<Map<String, Object>> h = new ArrayList<>();
            for (int k = 0; k < history.n; k++) {
                int i = (history.head + k) % history.simMs.length;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("t", iso(epoch, history.simMs[i]));
                s.put("queued", history.queued[i]);
                s.put("running", history.runningJobs[i]);
                s.put("util", history.util[i]);
                h.add(s);
            }
            m.put("history", h);
            List<TenantView> tv = new ArrayList<>();
            List<Tenant> ts = new ArrayList<>(tenants.values());
            ts.sort(java.util.Comparator.comparingLong(t -> t.id));
            for (Tenant t : ts) {
                long reserved = 0;
                for (Reservation r : reservations.values()) if (r.tenantId == t.id) reserved += r.gpus;
                tv.add(new TenantView(t.name, t.quotaGpus, t.heldGpus, t.queued, t.running, t.submitted, t.ratePerS, t.burst, reserved,
                        t.weight, t.priority, t.borrowLimitGpus == Long.MAX_VALUE ? null : t.borrowLimitGpus));
            }
            m.put("tenants", tv);
            List<JobView> recent = new ArrayList<>();
            for (LiveJob j : jobs.descendingMap().values()) {
                if (recent.size() >= recentJobs) break;
                recent.add(JobView.of(j, this));
            }
            m.put("jobs", recent);
            m.put("counts", Map.of("queued", queue.size(), "running", running.size(), "succeeded", stateCounts[JobState.SUCCEEDED.ordinal()],
                    "cancelled", stateCounts[JobState.CANCELLED.ordinal()]));
            return m;
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits for a durable write. After the commit timeout, a write no transaction has taken yet is withdrawn
     * (it will never commit) and the answer is 503; one already in a transaction is waited for, since its
     * statements give up within the timeout; only if even that does not settle is the answer 503 with the
     * outcome unknown. Database errors are answered with the id of their log line, never their text.
     */
    void await(CompletableFuture<Void> f) {
        await(store, f);
    }

    /** {@link #await(CompletableFuture)} on a given store (start-up, before a control plane exists). */
    static void await(Store store, CompletableFuture<Void> f) {
        long timeout = store.commitTimeoutMs();
        try {
            try {
                f.get(timeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (f instanceof Store.Pending p && p.withdraw()) {
                    throw new ApiException(503, "Service unavailable", "the database did not take the change within " + timeout
                            + " ms; it was withdrawn and will not be committed, so the request can be repeated", 1);
                }
                try {
                    f.get(timeout + 5_000, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e2) {
                    throw new ApiException(503, "Service unavailable", "the database has not settled the change after " + (2 * timeout + 5_000)
                            + " ms; it may still be committed: repeat a submission with the same Idempotency-Key to get the original job", 5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Service unavailable", "interrupted while committing");
        } catch (ExecutionException e) {
            throw problem(e.getCause());
        }
    }

    /** @return the answer for a write that did not commit; the database's own message stays in the log */
    static ApiException problem(Throwable cause) {
        if (!(cause instanceof StoreException se)) {
            LOG.error("durable write failed", cause);
            return new ApiException(503, "Service unavailable", "the database did not commit the change", 1);
        }
        String id = se.errorId() == null ? "" : " (error id " + se.errorId() + "; the server log has the details)";
        return switch (se.kind()) {
            case TRANSIENT -> new ApiException(503, "Service unavailable", "the database did not commit the change" + id
                    + "; nothing of it was stored, so the request can be repeated", 1);
            case WITHDRAWN -> new ApiException(503, "Service unavailable", "the database did not take the change in time; it was withdrawn"
                    + " and will not be committed, so the request can be repeated", 1);
            case DATA -> new ApiException(400, "Invalid request", "the database rejected a value of this request" + id);
            case CONFLICT -> new ApiException(409, "Conflict", "the change conflicts with stored data" + id);
            case UNKNOWN -> new ApiException(503, "Service unavailable", "the change may or may not have been stored" + id
                    + "; repeat a submission with the same Idempotency-Key to get the original job", 5);
            case OTHER -> new ApiException(500, "Internal Server Error", "the database could not store the change" + id);
        };
    }
}
