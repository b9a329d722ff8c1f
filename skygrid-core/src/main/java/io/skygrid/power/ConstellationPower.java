package io.skygrid.power;

import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.SunlightTimeline;

/**
 * Energy balance of every satellite of one constellation: solar generation, battery state of charge,
 * bus load and accelerator load, as piecewise-constant power between events.
 *
 * <p>Model (per satellite):
 * <ul>
 *   <li>generation = {@link SatellitePayload#generationW()} x the solar flux factor (1/r^2 with the
 *       Sun-Earth distance r in AU, so that 1361 W/m^2 holds at 1 AU) when sunlit, half of it in the penumbra
 *       (the mean of the linear ramp across the penumbra, whose crossing takes about 10 s in LEO),
 *       zero in the umbra;</li>
 *   <li>load = bus power always, plus TDP for each accelerator running a job (utilisation 1) while the
 *       accelerators are powered;</li>
 *   <li>the battery integrates generation - load, clamped to [0, capacity] (surplus is curtailed;
 *       a deficit below zero would be a bus brown-out and is counted in {@link #busUnsuppliedJ()});</li>
 *   <li>accelerators are switched off ("unpowered") when stored energy falls to
 *       {@code minStateOfCharge x capacity} while the balance is negative, and back on once the
 *       satellite is in sunlight with a non-negative balance or stored energy is back above
 *       {@code minStateOfCharge + } {@link #RESUME_HYSTERESIS} of capacity.</li>
 * </ul>
 * Times are ms since the scenario epoch; energies J; powers W. Not thread-safe.
 */
public final class ConstellationPower {
    /** Extra state of charge, above the shut-off level, needed to switch accelerators back on. */
    public static final double RESUME_HYSTERESIS = 0.1;
    /** Fraction of full generation delivered in the penumbra. */
    public static final double PENUMBRA_GENERATION_FACTOR = 0.5;

    private final SatellitePayload payload;
    private final SunlightTimeline[] sunlight;
    private final double fullSunW;
    private final double capacityJ;
    private final double floorJ;
    private final double resumeJ;
    private final double[] energyJ;
    private final long[] lastMs;
    private final int[] busyGpus;
    private final boolean[] powered;
    private double consumedJ;
    private double busUnsuppliedJ;

    /**
     * @param payload  payload of every satellite
     * @param sunlight one timeline per satellite
     * @param initialStateOfCharge state of charge of every battery at time 0, [0, 1]
     * @param solarFluxFactor      solar flux relative to 1 AU, (1 AU / r)^2, > 0
     */
    public ConstellationPower(SatellitePayload payload, SunlightTimeline[] sunlight, double initialStateOfCharge,
                              double solarFluxFactor) {
        if (!(solarFluxFactor > 0)) {
            throw new IllegalArgumentException("solarFluxFactor must be > 0, got " + solarFluxFactor);
        }
        this.payload = payload;
        this.fullSunW = payload.generationW() * solarFluxFactor;
        this.sunlight = sunlight;
        this.capacityJ = payload.batteryJ();
        this.floorJ = payload.minStateOfCharge() * capacityJ;
        this.resumeJ = Math.min(capacityJ, floorJ + RESUME_HYSTERESIS * capacityJ);
        int n = sunlight.length;
        this.energyJ = new double[n];
        this.lastMs = new long[n];
        this.busyGpus = new int[n];
        this.powered = new boolean[n];
        java.util.Arrays.fill(energyJ, initialStateOfCharge * capacityJ);
        for (int s = 0; s < n; s++) {
            powered[s] = energyJ[s] > floorJ || generationW(s, 0) >= payload.busPowerW();
        }
    }

    public int size() {
        return energyJ.length;
    }

    /** @return solar generation of satellite {@code s} at {@code tMs}, W */
    public double generationW(int s, long tMs) {
        byte st = sunlight[s].stateAt(tMs);
        if (st == SunlightTimeline.SUNLIT) {
            return fullSunW;
        }
        return st == SunlightTimeline.PENUMBRA ? PENUMBRA_GENERATION_FACTOR * fullSunW : 0.0;
    }

    /** @return electrical load of satellite {@code s} now, W */
    public double loadW(int s) {
        return payload.busPowerW() + (powered[s] ? busyGpus[s] * payload.accelerator().tdpW() : 0.0);
    }

    /** Brings satellite {@code s}'s stored energy forward to {@code tMs} (power is constant since the last call). */
    public void advanceTo(int s, long tMs) {
        long dt = tMs - lastMs[s];
        if (dt <= 0) {
            return;
        }
        double seconds = dt / 1000.0;
        double load = loadW(s);
        double net = generationW(s, lastMs[s]) - load;
        double e = energyJ[s] + net * seconds;
        if (e > capacityJ) {
            e = capacityJ;
        } else if (e < 0) {
            busUnsuppliedJ += -e;
            e = 0;
        }
        energyJ[s] = e;
        consumedJ += load * seconds;
        lastMs[s] = tMs;
    }

    /**
     * Re-evaluates whether satellite {@code s}'s accelerators are powered at {@code tMs}
     * (after {@link #advanceTo}); returns true if that changed.
     */
    public boolean updatePowered(int s, long tMs) {
        double gen = generationW(s, tMs);
        boolean next;
        if (powered[s]) {
            double fullLoad = payload.busPowerW() + busyGpus[s] * payload.accelerator().tdpW();
            next = energyJ[s] > floorJ + 1e-6 || gen >= fullLoad;
        } else {
            // the resume level counts only if the battery can hold more than the shut-off level
            // (a satellite without battery runs on its array alone)
            next = (resumeJ > floorJ && energyJ[s] >= resumeJ - 1e-6) || (gen > 0 && gen >= payload.busPowerW()
                    + busyGpus[s] * payload.accelerator().tdpW());
        }
        if (next != powered[s]) {
            powered[s] = next;
            return true;
        }
        return false;
    }

    /**
     * @return the next instant after {@code tMs} at which stored energy crosses the shut-off level
     * (when powered and draining) or the resume level (when unpowered and charging), assuming no other
     * change; {@link Long#MAX_VALUE} if never. Call after {@link #advanceTo}.
     */
    public long nextThresholdMs(int s, long tMs) {
        double net = generationW(s, tMs) - loadW(s);
        double target;
        if (powered[s] && net < 0) {
            target = floorJ;
        } else if (!powered[s] && net > 0 && resumeJ > floorJ) {
            target = resumeJ;
        } else {
            return Long.MAX_VALUE;
        }
        double seconds = (target - energyJ[s]) / net;
        if (seconds <= 0) {
            return tMs + 1;
        }
        double ms = Math.ceil(seconds * 1000.0);
        return ms >= Long.MAX_VALUE - tMs ? Long.MAX_VALUE : tMs + Math.max(1L, (long) ms);
    }

    /** @return whether satellite {@code s}'s accelerators are powered */
    public boolean isPowered(int s) {
        return powered[s];
    }

    /** Sets the number of accelerators of satellite {@code s} running jobs (call {@link #advanceTo} first). */
    public void setBusyGpus(int s, int gpus) {
        if (gpus < 0 || gpus > payload.count()) {
            throw new IllegalArgumentException("satellite " + s + ": busy GPUs " + gpus + " out of [0, " + payload.count() + "]");
        }
        busyGpus[s] = gpus;
    }

    public int busyGpus(int s) {
        return busyGpus[s];
    }

    /** @return stored energy of satellite {@code s} as of its last update, J */
    public double energyJ(int s) {
        return energyJ[s];
    }

    /** @return battery capacity of one satellite, J */
    public double capacityJ() {
        return capacityJ;
    }

    /** @return energy consumed by buses and accelerators so far, J */
    public double consumedJ() {
        return consumedJ;
    }

    /** @return load the battery could not supply (bus brown-out), J */
    public double busUnsuppliedJ() {
        return busUnsuppliedJ;
    }

    public SatellitePayload payload() {
        return payload;
    }

    public SunlightTimeline sunlight(int s) {
        return sunlight[s];
    }
}
