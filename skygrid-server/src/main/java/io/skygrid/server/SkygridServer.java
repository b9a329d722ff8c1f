package io.skygrid.server;

import io.javalin.Javalin;
import io.skygrid.scenario.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code skygrid serve}: the database, the digital twin, the control plane, its background threads
 * (clock ticks, scheduling passes) and the HTTP server, started and stopped together.
 *
 * <p>Shutdown ({@link #close}, also on SIGTERM through the JVM's shutdown hook) drains: new API
 * requests get 503, the HTTP server stops after in-flight requests finish, the scheduler stops,
 * every queued database write is committed, then the database closes.
 */
public final class SkygridServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkygridServer.class);
    static final String CLOCK_ANCHOR = "clock.anchor";
    /** Period of re-reading operator tokens from the database, ms. */
    static final long TOKEN_REFRESH_MS = 2000;

    private final ServerConfig cfg;
    private final Store store;
    private final LiveFleet fleet;
    private final ControlPlane cp;
    private final SimClock clock;
    private final Javalin app;
    private final ScheduledExecutorService ticker;
    private final Thread schedulerThread;
    private final Object wake = new Object();
    private boolean wakeFlag;
    private volatile boolean draining;
    private volatile boolean closed;
    private final String generatedOperatorToken;
    private final List<String> notices;
    final AtomicLong rateLimited = new AtomicLong();
    /** Request bodies that ended early, arrived too slowly or could not be read (answered 400 or 408). */
    final AtomicLong badBodies = new AtomicLong();
    /** HTTP connections open now (at most {@link ServerConfig#maxConnections}). */
    final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
    /** API requests being handled (drained before the HTTP server stops). */
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Map<String, Object> dashboardCache;
    private volatile long dashboardCacheNs;

    private SkygridServer(ServerConfig cfg, Scenario scenario, SimClock fixedClock, String schema, ScenarioBinding.Mode mode)
            throws SQLException, IOException {
        this.cfg = cfg;
        Files.createDirectories(cfg.dataDir());
        this.store = Store.open(cfg.effectiveDbUrl(), cfg.dbUser(), cfg.dbPassword(), cfg.dbPoolSize(), schema, cfg.dbCommitTimeoutMs());
        LiveFleet lf = null;
        List<String> notes = new ArrayList<>();
        try {
            lf = new LiveFleet(scenario, cfg.lookaheadMs(), cfg.physicsThreads());
            this.fleet = lf;
            String where = cfg.dataDir() + (cfg.dbUrl().isEmpty() ? "" : " (database " + Store.redact(cfg.dbUrl()) + (schema != null ? ", schema " + schema : "") + ")");
            ScenarioBinding.Plan plan = ScenarioBinding.plan(store, fleet, mode, where, System.currentTimeMillis());
            this.clock = fixedClock != null ? fixedClock : anchoredClock(store, cfg.speedup());
            plan.apply(store, clock.nowMs());
            notes.addAll(plan.notices());
            fleet.ensureWindow(clock.nowMs());
            this.cp = new ControlPlane(store, fleet, clock, cfg);
            cp.recover();
            cp.applyScenarioTenants();
            String gen = null;
            if (!cfg.operatorToken().isEmpty()) {
                notes.addAll(cp.installConfiguredOperatorToken(cfg.operatorToken(), cfg.dataDir().resolve("operator.token")));
            } else if (!cp.hasOperatorToken()) {
                gen = Tokens.newToken();
                cp.installGeneratedOperatorToken(gen);
                writeTokenFile(cfg.dataDir().resolve("operator.token"), gen);
            }
            this.generatedOperatorToken = gen;
        } catch (SQLException | IOException | RuntimeException e) {
            if (lf != null) lf.close();
            store.close();
            throw e;
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long fds = os.getMaxFileDescriptorCount();
            if (fds > 0 && cfg.maxConnections() > fds * 0.8) {
                notes.add("http.max.connections = " + cfg.maxConnections() + " is close to or above this process's limit of " + fds
                        + " open files (ulimit -n); raise the limit or lower http.max.connections, or the server may run out of file descriptors");
            }
        }
        for (String n : notes) LOG.info(n);
        this.notices = List.copyOf(notes);
        this.schedulerThread = new Thread(this::schedulerLoop, "skygrid-scheduler");
        schedulerThread.setDaemon(true);
        if (cfg.tickMs() > 0) cp.onChange(this::wakeScheduler);
        schedulerThread.start();
        cp.tick();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skygrid-clock");
            t.setDaemon(true);
            return t;
        });
        if (cfg.tickMs() > 0) {
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    cp.tick();
                } catch (RuntimeException e) {
                    LOG.error("tick failed", e);
                }
            }, cfg.tickMs(), cfg.tickMs(), TimeUnit.MILLISECONDS);
        }
        // operator tokens issued or revoked by `skygrid serve token` on a shared database take effect within 2 s
        ticker.scheduleWithFixedDelay(() -> {
            try {
                cp.refreshOperatorTokens();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("re-reading operator tokens failed: {}", e.toString());
            }
        }, TOKEN_REFRESH_MS, TOKEN_REFRESH_MS, TimeUnit.MILLISECONDS);
        Api api = new Api(this);
        this.app = Javalin.create(api::configure);
        app.start();
        LOG.info("skygrid serve listening on http://{}:{} (scenario {}, policy {}, clock x{})", cfg.host(), app.port(),
                scenario.name(), cp.policyName(), clock.speedup());
    }

    /**
     * Starts everything.
     *
     * @param cfg      settings
     * @param scenario the fleet to run
     * @param clock    a fixed clock (tests), or null for the wall clock at {@code cfg.speedup()}, anchored in
     *                 the database so simulated time continues across restarts
     * @param schema   database schema to use and create (tests), or null
     */
    public static SkygridServer start(ServerConfig cfg, Scenario scenario, SimClock clock, String schema) throws SQLException, IOException {
        return new SkygridServer(cfg, scenario, clock, schema, ScenarioBinding.Mode.REFUSE);
    }

    /**
     * Starts everything; see {@link #start(ServerConfig, Scenario, SimClock, String)}.
     *
     * @param mode what to do if the data folder belongs to another fleet or tenants ({@link ScenarioBinding})
     * @throws ScenarioBinding.MismatchException if it does and {@code mode} does not carry it over (nothing changed)
     */
    public static SkygridServer start(ServerConfig cfg, Scenario scenario, SimClock clock, String schema, ScenarioBinding.Mode mode)
            throws SQLException, IOException {
        return new SkygridServer(cfg, scenario, clock, schema, mode);
    }

    /**
     * Simulated time continues across restarts: the anchor (simulated ms, wall ms, speedup) is kept in
     * the settings table; a restart with another speedup re-anchors at the simulated time reached.
     */
    static SimClock anchoredClock(Store store, double speedup) throws SQLException {
        String a = store.setting(CLOCK_ANCHOR);
        long wallNow = System.currentTimeMillis();
        long sim = 0;
        long wall = wallNow;
        if (a != null) {
            String[] p = a.split(",");
            long s0 = Long.parseLong(p[0]);
            long w0 = Long.parseLong(p[1]);
            double x0 = Double.parseDouble(p[2]);
            if (x0 == speedup) {
                return SimClock.wall(speedup, s0, w0, System::currentTimeMillis);
            }
            sim = s0 + (long) ((wallNow - w0) * x0);
        }
        ControlPlane.await(store, store.write(Store.putSetting(CLOCK_ANCHOR, sim + "," + wall + "," + speedup)));
        return SimClock.wall(speedup, sim, wall, System::currentTimeMillis);
    }

    private static void writeTokenFile(Path f, String token) throws IOException {
        Files.deleteIfExists(f);
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(f);
        }
        Files.writeString(f, token + "\n", StandardCharsets.UTF_8);
    }

    private void wakeScheduler() {
        synchronized (wake) {
            wakeFlag = true;
            wake.notifyAll();
        }
    }

    private void schedulerLoop() {
        while (!closed) {
            synchronized (wake) {
                while (!wakeFlag && !closed) {
                    try {
                        wake.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wakeFlag = false;
            }
            try {
                cp.schedule();
            } catch (RuntimeException e) {
                LOG.error("scheduling pass failed", e);
            }
        }
    }

    public ServerConfig config() {
        return cfg;
    }

    public ControlPlane controlPlane() {
        return cp;
    }

    /** @return the port listened on */
    public int port() {
        return app.port();
    }

    /** @return the operator token created at this start (first start with no token configured), or null */
    public String generatedOperatorToken() {
        return generatedOperatorToken;
    }

    /**
     * @return what this start did to the data folder and the credentials that an operator should know (scenario
     * recorded or migrated, configured operator token changed), one sentence per line; also logged
     */
    public List<String> notices() {
        return notices;
    }

    boolean draining() {
        return draining;
    }

    /** Dashboard data, cached for half a second so many open dashboards cost one computation. */
    Map<String, Object> dashboardSnapshot() {
        long now = System.nanoTime();
        Map<String, Object> c = dashboardCache;
        if (c == null || now - dashboardCacheNs > 500_000_000L) {
            c = cp.dashboard(cfg.mapSatellites(), 50);
            dashboardCache = c;
            dashboardCacheNs = now;
        }
        return c;
    }

    /** Drains and stops; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        draining = true;
        LOG.info("shutting down: draining requests and committing pending writes");
        ticker.shutdownNow();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) LOG.warn("{} requests still in flight after 15 s; stopping anyway", inFlight.get());
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("HTTP server stop: {}", e.toString());
        }
        closed = true;
        wakeScheduler();
        try {
            schedulerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fleet.close();
        store.close();
        LOG.info("stopped");
    }
}
