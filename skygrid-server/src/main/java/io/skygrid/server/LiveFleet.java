package io.skygrid.server;

import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.power.ConstellationPower;
import io.skygrid.scenario.Scenario;
import io.skygrid.sched.NodePool;
import io.skygrid.sim.ProgressListener;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.PVCoordinates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fleet's digital twin as the live scheduler sees it: one {@link NodePool} per ground site and
 * per orbital constellation, operator out-of-service marks, and for satellites a battery and power
 * state driven by physics timelines computed ahead in windows of {@code lookaheadMs}.
 *
 * <p><b>Orbital power.</b> The same energy balance as {@link ConstellationPower}, integrated over
 * each advance: generation = {@link SatellitePayload#generationW()} x (1 AU / r)^2 over the sunlit
 * part of the interval plus {@link ConstellationPower#PENUMBRA_GENERATION_FACTOR} of it in the
 * penumbra (exact time in each state from the {@link SunlightTimeline}); load = bus power plus TDP per
 * busy accelerator while powered. Accelerators switch off at {@code minStateOfCharge} and back on at
 * {@code minStateOfCharge + } {@link ConstellationPower#RESUME_HYSTERESIS}, or in sunlight when the
 * array alone carries the load. Batteries start full. A load change inside an advance is seen at its
 * end, so the error is at most one advance step (a quarter second of wall time by default).
 *
 * <p><b>Ground power.</b> A site can run at most {@link #usableGpus(int)} GPUs at once: facility power
 * cap / PUE, less every node's host power, over the accelerator TDP (the same rule as
 * {@code skygrid run}'s "usable" column).
 *
 * <p><b>Windows.</b> Window {@code k} covers simulated [k L, (k+1) L); the window holding "now" is
 * computed before the first advance and the next one in the background once now passes the middle of
 * the current one. Not thread-safe except where stated: the {@link ControlPlane} calls it under its lock.
 */
public final class LiveFleet {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFleet.class);

    /** One pool and what drives its availability. */
    public static final class Pool {
        public final String name;
        public final boolean orbital;
        public final NodePool nodes;
        final boolean[] down;
        final GroundSite site;
        final OrbitalConstellation constellation;
        final List<SatelliteOrbit> satellites;
        final List<String> satelliteNames;
        final double[] energyJ;
        final boolean[] powered;
        final long usableGpus;
        volatile TLEPropagator[] propagators;

        Pool(GroundSite site) {
            this.name = site.name();
            this.orbital = false;
            this.site = site;
            this.constellation = null;
            this.satellites = List.of();
            this.satelliteNames = List.of();
            this.nodes = new NodePool(site.name(), site.nodes(), site.gpusPerNode());
            this.down = new boolean[site.nodes()];
            this.energyJ = null;
            this.powered = null;
            double itW = site.powerCapW() / site.pue() - site.nodes() * site.hostPowerPerNodeW();
            this.usableGpus = Math.max(0, Math.min(site.gpus(), (long) Math.floor(itW / site.accelerator().tdpW())));
        }

        Pool(OrbitalConstellation c, List<SatelliteOrbit> sats) {
            this.name = c.name();
            this.orbital = true;
            this.site = null;
            this.constellation = c;
            this.satellites = sats;
            List<String> names = new ArrayList<>(sats.size());
            for (SatelliteOrbit s : sats) names.add(s.name());
            this.satelliteNames = names;
            this.nodes = new NodePool(c.name(), Math.max(1, sats.size()), c.payload().count());
            this.down = new boolean[nodes.nodes()];
            this.energyJ = new double[nodes.nodes()];
            this.powered = new boolean[nodes.nodes()];
            java.util.Arrays.fill(energyJ, c.payload().batteryJ());
            java.util.Arrays.fill(powered, true);
            this.usableGpus = nodes.capacity();
        }

        /** @return whether node {@code n} is in service and powered */
        public boolean up(int n) {
            return !down[n] && (powered == null || powered[n]);
        }

        public boolean isDown(int n) {
            return down[n];
        }

        /** @return GPUs this pool can run at once (ground: power cap) */
        public long usableGpus() {
            return usableGpus;
        }

        /** @return free GPUs that a new gang may use now: free on up nodes, within the power cap */
        public long freeUsable() {
            return Math.min(nodes.freeAvailableGpus(), usableGpus - nodes.allocatedGpus());
        }
    }

    private record Window(long startMs, long lengthMs, double fullSunFactor, SunlightTimeline[][] sunlight) {
    }

    private final Scenario scenario;
    private final List<Pool> pools = new ArrayList<>();
    private final long windowMs;
    private final int threads;
    private final ConcurrentSkipListMap<Long, Window> windows = new ConcurrentSkipListMap<>();
    private final ExecutorService physics = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skygrid-physics");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<Long> computing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long lastAdvanceMs = -1;
    private volatile long physicsMillis;

    /**
     * Builds the pools and loads the satellites (no physics yet).
     *
     * @param scenario the scenario whose fleet runs live
     * @param windowMs simulated span of each physics window, ms
     * @param threads  threads for the physics
     */
    public LiveFleet(Scenario scenario, long windowMs, int threads) {
        this.scenario = scenario;
        this.windowMs = windowMs;
        this.threads = threads;
        for (GroundSite g : scenario.fleet().ground()) pools.add(new Pool(g));
        for (OrbitalConstellation c : scenario.fleet().orbital()) {
            SatelliteSet set = Satellites.load(c.name(), c.orbit(), scenario.epoch(), false);
            if (set.satellites().isEmpty()) {
                LOG.warn("constellation {} has no satellites; it is left out", c.name());
                continue;
            }
            pools.add(new Pool(c, set.satellites()));
        }
    }

    public List<Pool> pools() {
        return pools;
    }

    /** @return the pool named {@code name}, or null */
    public Pool pool(String name) {
        for (Pool p : pools) if (p.name.equals(name)) return p;
        return null;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** @return total GPUs of the fleet */
    public long capacity() {
        long c = 0;
        for (Pool p : pools) c += p.nodes.capacity();
        return c;
    }

    /** @return largest gang any pool can ever run */
    public long largestGang() {
        long m = 0;
        for (Pool p : pools) m = Math.max(m, Math.min(p.nodes.capacity(), p.usableGpus));
        return m;
    }

    /** @return wall ms spent computing physics so far */
    public long physicsMillis() {
        return physicsMillis;
    }

    private boolean hasOrbit() {
        for (Pool p : pools) if (p.orbital) return true;
        return false;
    }

    /** Computes the physics window holding {@code tMs} now (blocking), if not done yet. */
    public void ensureWindow(long tMs) {
        if (!hasOrbit()) return;
        long k = Math.floorDiv(tMs, windowMs);
        if (!windows.containsKey(k * windowMs)) {
            Window w = compute(k * windowMs);
            windows.put(w.startMs, w);
        }
    }

    /** @return whether the window holding {@code tMs} is ready (the readiness probe) */
    public boolean windowReady(long tMs) {
        return !hasOrbit() || windows.containsKey(Math.floorDiv(tMs, windowMs) * windowMs);
    }

    private Window compute(long startMs) {
        long t0 = System.nanoTime();
        Instant epoch = scenario.epoch().plusMillis(startMs);
        SunlightTimeline[][] sun = new SunlightTimeline[pools.size()][];
        for (int i = 0; i < pools.size(); i++) {
            Pool p = pools.get(i);
            if (!p.orbital) continue;
            ConstellationTimelines tl = OrbitPhysics.compute(p.name, p.satellites, epoch, windowMs, List.of(),
                    scenario.fleet().minElevationDeg(), threads, ProgressListener.NONE);
            sun[i] = tl.sunlight();
        }
        double au = OrbitPhysics.sunDistanceAu(epoch.plusMillis(windowMs / 2));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        physicsMillis += ms;
        LOG.info("physics window [{} h, {} h) computed in {} ms", startMs / 3_600_000.0, (startMs + windowMs) / 3_600_000.0, ms);
        return new Window(startMs, windowMs, 1.0 / (au * au), sun);
    }

    private void prefetch(long nowMs) {
        long k = Math.floorDiv(nowMs, windowMs);
        long next = (k + 1) * windowMs;
        if (nowMs - k * windowMs >= windowMs / 2 && !windows.containsKey(next) && computing.add(next)) {
            physics.submit(() -> {
                try {
                    Window w = compute(next);
                    windows.put(w.startMs, w);
                } catch (RuntimeException e) {
                    LOG.error("physics window at {} ms failed: {}", next, e.toString());
                } finally {
                    computing.remove(next);
                }
            });
        }
        while (windows.size() > 3 && windows.firstKey() < (k - 1) * windowMs) windows.pollFirstEntry();
    }

    /** @return sunlight state of satellite {@code s} of pool {@code poolIndex} at {@code tMs}, or SUNLIT if unknown */
    public byte sunlightAt(int poolIndex, int s, long tMs) {
        var e = windows.floorEntry(tMs);
        if (e == null) return SunlightTimeline.SUNLIT;
        Window w = e.getValue();
        SunlightTimeline[] tl = w.sunlight[poolIndex];
        if (tl == null) return SunlightTimeline.SUNLIT;
        return tl[s].stateAt(Math.min(tMs - w.startMs, w.lengthMs));
    }

    /**
     * Moves the power model to {@code tMs}: integrates every battery, switches accelerators and
     * updates node availability (operator marks and power).
     *
     * @param tMs simulated now, ms
     * @return whether a node became available (a queued job may now fit)
     */
    public boolean advanceTo(long tMs) {
        ensureWindow(tMs);
        if (lastAdvanceMs < 0) lastAdvanceMs = tMs;
        long from = lastAdvanceMs;
        boolean gained = false;
        for (int i = 0; i < pools.size(); i++) {
            Pool p = pools.get(i);
            if (p.orbital && tMs > from) advancePower(i, p, from, tMs);
            for (int n = 0; n < p.nodes.nodes(); n++) {
                boolean up = p.up(n);
                if (p.nodes.isAvailable(n) != up) {
                    p.nodes.setAvailable(n, up);
                    gained |= up;
                }
            }
        }
        lastAdvanceMs = Math.max(lastAdvanceMs, tMs);
        prefetch(tMs);
        return gained;
    }

    private void advancePower(int poolIndex, Pool p, long from, long to) {
        SatellitePayload pay = p.constellation.payload();
        double seconds = (to - from) / 1000.0;
        double cap = pay.batteryJ();
        double floor = pay.minStateOfCharge() * cap;
        double resume = Math.min(cap, floor + ConstellationPower.RESUME_HYSTERESIS * cap);
        double tdp = pay.accelerator().tdpW();
        var e = windows.floorEntry(from);
        for (int s = 0; s < p.satellites.size(); s++) {
            double genJ;
            byte stateNow;
            if (e == null || e.getValue().sunlight[poolIndex] == null) {
                genJ = pay.generationW() * seconds;
                stateNow = SunlightTimeline.SUNLIT;
            } else {
                Window w = e.getValue();
                SunlightTimeline tl = w.sunlight[poolIndex][s];
                long a = from - w.startMs;
                long b = Math.min(to - w.startMs, w.lengthMs);
                double sunS = tl.timeIn(SunlightTimeline.SUNLIT, a, b) / 1000.0;
                double penS = tl.timeIn(SunlightTimeline.PENUMBRA, a, b) / 1000.0;
                long beyond = (to - w.startMs) - b;
                if (beyond > 0) {
                    byte last = tl.stateAt(w.lengthMs - 1);
                    if (last == SunlightTimeline.SUNLIT) sunS += beyond / 1000.0;
                    else if (last == SunlightTimeline.PENUMBRA) penS += beyond / 1000.0;
                }
                double fullW = pay.generationW() * w.fullSunFactor;
                genJ = fullW * (sunS + ConstellationPower.PENUMBRA_GENERATION_FACTOR * penS);
                stateNow = sunlightAt(poolIndex, s, to);
            }
            int busy = pay.count() - p.nodes.free(s);
            double loadW = pay.busPowerW() + (p.powered[s] ? busy * tdp : 0);
            double energy = Math.max(0, Math.min(cap, p.energyJ[s] + genJ - loadW * seconds));
            p.energyJ[s] = energy;
            double genNowW = stateNow == SunlightTimeline.SUNLIT ? pay.generationW()
                    : stateNow == SunlightTimeline.PENUMBRA ? ConstellationPower.PENUMBRA_GENERATION_FACTOR * pay.generationW() : 0;
            double fullLoad = pay.busPowerW() + busy * tdp;
            if (p.powered[s]) {
                p.powered[s] = energy > floor + 1e-6 || genNowW >= fullLoad;
            } else {
                p.powered[s] = (resume > floor && energy >= resume - 1e-6) || (genNowW > 0 && genNowW >= fullLoad);
            }
        }
    }

    /** A satellite on the map. */
    public record SatPoint(String pool, int index, String name, double latDeg, double lonDeg, byte sunlight, boolean powered,
                           boolean down, int busyGpus, double stateOfCharge) {
    }

    /**
     * Sub-satellite points now, at most {@code max} satellites (evenly strided over each constellation,
     * in proportion to its size). Geocentric latitude; longitude from the inertial position rotated by
     * the Earth rotation angle (IERS Conventions 2010 eq. 5.15, UT1 = UTC); precession and nutation
     * since J2000 (under half a degree) are ignored: this is for display only.
     */
    public synchronized List<SatPoint> satellitePoints(long tMs, int max) {
        OrekitSetup.init();
        long total = 0;
        for (Pool p : pools) if (p.orbital) total += p.satellites.size();
        List<SatPoint> out = new ArrayList<>();
        if (total == 0 || max <= 0) return out;
        Instant when = scenario.epoch().plusMillis(tMs);
        AbsoluteDate date = new AbsoluteDate(java.util.Date.from(when), TimeScalesFactory.getUTC());
        double du = when.toEpochMilli() / 86_400_000.0 + 2440587.5 - 2451545.0;
        double era = 2 * Math.PI * (0.7790572732640 + 1.00273781191135448 * du);
        double[] pv = new double[6];
        for (int i = 0; i < pools.size(); i++) {
            Pool p = pools.get(i);
            if (!p.orbital) continue;
            int n = p.satellites.size();
            int stride = (int) Math.max(1, Math.ceil((double) total / max));
            for (int s = 0; s < n; s += stride) {
                SatelliteOrbit o = p.satellites.get(s);
                double x;
                double y;
                double z;
                if (o instanceof SatelliteOrbit.CircularJ2 c) {
                    c.positionVelocity(date.durationFrom(c.elementsEpoch()), pv);
                    x = pv[0];
                    y = pv[1];
                    z = pv[2];
                } else if (o instanceof SatelliteOrbit.HillOffset h) {
                    h.positionVelocity(date.durationFrom(h.reference().elementsEpoch()), pv);
                    x = pv[0];
                    y = pv[1];
                    z = pv[2];
                } else if (o instanceof SatelliteOrbit.Sgp4 t) {
                    if (p.propagators == null) p.propagators = new TLEPropagator[n];
                    if (p.propagators[s] == null) p.propagators[s] = TLEPropagator.selectExtrapolator(t.tle());
                    try {
                        PVCoordinates c = p.propagators[s].getPVCoordinates(date, FramesFactory.getTEME());
                        x = c.getPosition().getX();
                        y = c.getPosition().getY();
                        z = c.getPosition().getZ();
                    } catch (RuntimeException ex) {
                        continue;
                    }
                } else {
                    continue; // an orbit model this map does not know how to place
                }
                double lon = Math.toDegrees(Math.atan2(y, x) - era);
                lon = ((lon % 360) + 540) % 360 - 180;
                double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
                out.add(new SatPoint(p.name, s, o.name(), lat, lon, sunlightAt(i, s, tMs), p.powered[s], p.down[s],
                        p.nodes.gpusPerNode() - p.nodes.free(s), p.energyJ[s] / Math.max(1e-9, p.constellation.payload().batteryJ())));
            }
        }
        return out;
    }

    /** @return ground stations of the scenario */
    public List<GroundStation> stations() {
        return scenario.fleet().stations();
    }

    /** Stops the physics thread. */
    public void close() {
        physics.shutdownNow();
    }
}
