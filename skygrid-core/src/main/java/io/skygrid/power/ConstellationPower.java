package io.skygrid.power;

import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.SunlightTimeline;
import java.time.Instant;
import java.util.Arrays;

/**
 * Energy balance of every satellite of one constellation: solar generation, battery state of charge,
 * bus load and accelerator load, as piecewise-constant power between events.
 *
 * <p>Model (per satellite):
 * <ul>
 *   <li>generation = {@link SatellitePayload#generationW()} x the solar flux factor (1/r^2 with the
 *       Sun-Earth distance r in AU, so that 1361 W/m^2 holds at 1 AU) x the array life factor
 *       ({@link SatellitePayload#arrayLifeFactor}) when sunlit, half of it in the penumbra
 *       (the mean of the linear ramp across the penumbra, whose crossing takes about 10 s in LEO),
 *       zero in the umbra. Both factors are evaluated once per UTC day of simulated time (at its
 *       middle): the Sun distance changes by at most 0.03 % a day (perihelion to aphelion in half a
 *       year), array ageing by under 0.01 % a day;</li>
 *   <li>load = bus power always, plus TDP for each accelerator running a job (utilisation 1) while the
 *       accelerators are powered;</li>
 *   <li>the battery integrates generation - load, clamped to [0, capacity] (surplus is curtailed;
 *       a deficit below zero would be a bus brown-out and is counted in {@link #busUnsuppliedJ()}); a surplus
 *       is stored with the one-way efficiency {@code sqrt(batteryRoundTripEfficiency)} and a deficit draws
 *       deficit / that efficiency from the battery (losses in {@link #batteryLossJ()});</li>
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

    private static final long DAY_MS = 86_400_000L;

    private final SatellitePayload payload;
    private final SunlightTimeline[] sunlight;
    /** scenario epoch for the Sun distance, or null for a constant {@link #constantFlux} */
    private final Instant epoch;
    private final double constantFlux;
    /** full-sun generation per simulated day, W (filled on demand) */
    private double[] fullSunByDay = new double[0];
    private final double chargeEff;
    private final double dischargeEff;
    private double batteryLossJ;
    private final double capacityJ;
    private final double floorJ;
    private final double resumeJ;
    private final double[] energyJ;
    private final long[] lastMs;
    private final int[] busyGpus;
    private final boolean[] powered;
    /** per satellite: fraction of TDP its busy accelerators draw (thermal throttling); null: all 1 */
    private double[] powerFactor;
    private double consumedJ;
    private double busUnsuppliedJ;

    /**
     * Power with a constant solar flux factor (array ageing still applies).
     *
     * @param payload  payload of every satellite
     * @param sunlight one timeline per satellite
     * @param initialStateOfCharge state of charge of every battery at time 0, [0, 1]
     * @param solarFluxFactor      solar flux relative to 1 AU, (1 AU / r)^2, > 0
     */
    public ConstellationPower(SatellitePayload payload, SunlightTimeline[] sunlight, double initialStateOfCharge,
                              double solarFluxFactor) {
        this(payload, sunlight, initialStateOfCharge, null, solarFluxFactor);
    }

    /**
     * Power with the Sun-Earth distance of each simulated day ({@link OrbitPhysics#sunDistanceAu}).
     *
     * @param payload  payload of every satellite
     * @param sunlight one timeline per satellite
     * @param initialStateOfCharge state of charge of every battery at time 0, [0, 1]
     * @param epoch    scenario epoch (time 0), UTC
     */
    public ConstellationPower(SatellitePayload payload, SunlightTimeline[] sunlight, double initialStateOfCharge,
                              Instant epoch) {
        this(payload, sunlight, initialStateOfCharge, java.util.Objects.requireNonNull(epoch, "epoch"), 1.0);
    }

    private ConstellationPower(SatellitePayload payload, SunlightTimeline[] sunlight, double initialStateOfCharge,
                               Instant epoch, double solarFluxFactor) {
        if (!(solarFluxFactor > 0)) {
            throw new IllegalArgumentException("solarFluxFactor must be > 0, got " + solarFluxFactor);
        }
        if (!(initialStateOfCharge >= 0 && initialStateOfCharge <= 1)) {
            throw new IllegalArgumentException("initialStateOfCharge must be in [0, 1], got " + initialStateOfCharge);
        }
        this.payload = payload;
        this.epoch = epoch;
        this.constantFlux = solarFluxFactor;
        this.chargeEff = payload.batteryOneWayEfficiency();
        this.dischargeEff = chargeEff;
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
            return fullSunW(tMs);
        }
        return st == SunlightTimeline.PENUMBRA ? PENUMBRA_GENERATION_FACTOR * fullSunW(tMs) : 0.0;
    }

    /**
     * @return generation of one satellite in full sunlight on the simulated day of {@code tMs}, W:
     * beginning-of-life output x solar flux factor x array life factor
     */
    public double fullSunW(long tMs) {
        int day = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1, tMs / DAY_MS));
        if (day >= fullSunByDay.length) {
            int from = fullSunByDay.length;
            fullSunByDay = Arrays.copyOf(fullSunByDay, Math.max(day + 1, 2 * from + 8));
            for (int d = from; d < fullSunByDay.length; d++) {
                long midMs = d * DAY_MS + DAY_MS / 2;
                double flux = constantFlux;
                if (epoch != null) {
                    double au = OrbitPhysics.sunDistanceAu(epoch.plusMillis(midMs));
                    flux = 1.0 / (au * au);
                }
                fullSunByDay[d] = payload.generationW() * flux * payload.arrayLifeFactor(midMs / 1000.0);
            }
        }
        return fullSunByDay[day];
    }

    /** @return electrical load of satellite {@code s} now, W */
    public double loadW(int s) {
        if (powerFactor != null) {
            return payload.busPowerW() + (powered[s] ? busyGpus[s] * payload.accelerator().tdpW() * powerFactor[s] : 0.0);
        }
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
        double stored = net >= 0 ? net * chargeEff : net / dischargeEff;
        double before = energyJ[s];
        double e = before + stored * seconds;
        if (e > capacityJ) {
            e = capacityJ;
        } else if (e < 0) {
            busUnsuppliedJ += -e * dischargeEff;
            e = 0;
        }
        // losses on the energy that actually entered or left the battery
        batteryLossJ += e >= before ? (e - before) * (1.0 / chargeEff - 1.0) : (before - e) * (1.0 - dischargeEff);
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
        double rate = net >= 0 ? net * chargeEff : net / dischargeEff;
        double seconds = (target - energyJ[s]) / rate;
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

    /**
     * Sets the fraction of TDP satellite {@code s}'s busy accelerators draw, e.g. a thermal throttle factor
     * ({@link ThermalThrottle}); 1 by default. Call {@link #advanceTo} first.
     *
     * @param factor in [0, 1]
     */
    public void setPowerFactor(int s, double factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("satellite " + s + ": power factor " + factor + " out of [0, 1]");
        }
        if (powerFactor == null) {
            if (factor == 1.0) {
                return;
            }
            powerFactor = new double[powered.length];
            java.util.Arrays.fill(powerFactor, 1.0);
        }
        powerFactor[s] = factor;
    }

    /** @return fraction of TDP satellite {@code s}'s busy accelerators draw (1 unless throttled) */
    public double powerFactor(int s) {
        return powerFactor == null ? 1.0 : powerFactor[s];
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

    /** @return energy lost in battery charge and discharge so far, J */
    public double batteryLossJ() {
        return batteryLossJ;
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
