package io.skygrid.sched;

import java.util.List;
import java.util.Set;

/**
 * The Filter and Score steps of the scheduling cycle (which pool a job goes to) and the data a job moves
 * between ground and orbit. Set under {@code scheduler:} in a scenario.
 *
 * <h2>Filter (always)</h2>
 * A pool passes when the whole gang fits now and the tenant's quota admits it; for a <b>latency-sensitive</b>
 * job (its tenant is in {@code latencyTenants}) a constellation passes only if its worst one-way light time
 * from a station at the elevation mask ({@link LatencyBound#orbitOneWayMs}) is within {@code latencyBoundMs}
 * (constellations without a design altitude, TLE and OMM catalogues, never pass); ground sites always pass
 * (their users are taken to be near them: the fibre route is not modelled).
 *
 * <h2>Score ({@code mode})</h2>
 * <ul>
 *   <li>{@code first-fit} (default): the first passing pool in scenario order, ground sites first. In a
 *   fleet with room on the ground, constellations get work only when the ground is full.</li>
 *   <li>{@code sun-following}: checkpointable batch training (every job that is not latency-sensitive) goes
 *   where power is free and steady. Pools are taken in this order: constellations whose
 *   {@link SunFollowing} outlook over the coming {@code outlookWindowMs} has a sunlit fraction of at least
 *   {@code steadySunFraction} (dawn-dusk sun-synchronous clusters outside eclipse season), best outlook first;
 *   then ground sites, most free GPUs first (ties: scenario order); then the other constellations, best
 *   outlook first (they pause in every eclipse). The outlooks are recomputed every {@code outlookWindowMs} of
 *   simulated time. Latency-sensitive jobs keep first-fit among the pools that pass the filter.</li>
 * </ul>
 *
 * <h2>Data staging</h2>
 * A job placed on a constellation holds its GPUs from placement and computes only once its input
 * ({@code inputGB}) has been uplinked through the constellation's contact plan
 * ({@link io.skygrid.orbit.ContactPlan#earliestUplinkAnyMs}) or the relay network, whichever finishes first;
 * while it waits, its wait reason is {@link WaitReason#DATA}. The Filter passes a constellation only if the
 * input would be on board within {@code maxStagingMs} (counting the transfers already booked), so gangs do not
 * hold idle GPUs for long behind a saturated uplink; a job that fits only where its data cannot arrive in time
 * waits in the queue with wait reason {@link WaitReason#DATA}. After it completes, its output ({@code outputGB})
 * is downlinked the same way; the time the output is on the ground is reported per job. A negative size
 * (the default) means the checkpoint size of the job's class ({@link CheckpointSpec}): the model state goes up
 * and the trained weights come down. Link capacity is shared by booking transfers one after another per
 * constellation and direction (first come, first served, each using the whole constellation rate until it is
 * done): deterministic, O(log pieces) per transfer, and never faster than a fair share would be for the
 * transfer that finishes last.
 *
 * @param mode              {@code first-fit} or {@code sun-following}
 * @param latencyTenants    tenants (after {@code tenantOf} mapping) whose jobs are latency-sensitive
 * @param latencyBoundMs    one-way latency bound of latency-sensitive jobs, ms (&gt; 0)
 * @param steadySunFraction sunlit fraction from which a constellation counts as steady, [0, 1]
 * @param outlookWindowMs   window of the sun outlook and interval between recomputations, ms (&gt; 0)
 * @param inputGB           input volume of a training job, GB (10^9 bytes), or &lt; 0 for its checkpoint size
 * @param outputGB          output volume of a training job, GB, or &lt; 0 for its checkpoint size
 * @param maxStagingMs      longest a placed gang may wait for its input, ms (&gt;= 0)
 */
public record PlacementSpec(String mode, Set<String> latencyTenants, double latencyBoundMs, double steadySunFraction,
                            long outlookWindowMs, double inputGB, double outputGB, long maxStagingMs) {
    /** Score modes. */
    public static final List<String> MODES = List.of("first-fit", "sun-following");
    /**
     * Default latency bound, 20 ms one way: Skygrid's choice for interactive inference (a 550 km shell at a
     * 25 deg mask is about 4 ms away; a GEO relay, about 120 ms, is not).
     */
    public static final double DEFAULT_LATENCY_BOUND_MS = 20;
    /** Default steady-sun threshold, 0.9 (Skygrid's choice: a 53 deg LEO shell is near 0.65, a dawn-dusk SSO near 1). */
    public static final double DEFAULT_STEADY_SUN_FRACTION = 0.9;
    /** Default outlook window, 6 h (Skygrid's choice: several orbits, short against the beta-angle season). */
    public static final long DEFAULT_OUTLOOK_WINDOW_MS = 6 * 3_600_000L;

    /** Default longest staging wait, 1 h (Skygrid's choice: short against typical training jobs' runtimes). */
    public static final long DEFAULT_MAX_STAGING_MS = 3_600_000L;

    public static final PlacementSpec DEFAULT = new PlacementSpec("first-fit", Set.of(), DEFAULT_LATENCY_BOUND_MS,
            DEFAULT_STEADY_SUN_FRACTION, DEFAULT_OUTLOOK_WINDOW_MS, -1, -1, DEFAULT_MAX_STAGING_MS);

    public PlacementSpec {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown placement '" + mode + "' (known: " + String.join(", ", MODES) + ")");
        }
        latencyTenants = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(latencyTenants)); // sorted: the same order in every JVM
        if (!(latencyBoundMs > 0) || Double.isInfinite(latencyBoundMs)) {
            throw new IllegalArgumentException("latencyBoundMs must be > 0");
        }
        if (!(steadySunFraction >= 0 && steadySunFraction <= 1)) {
            throw new IllegalArgumentException("steadySunFraction must be in [0, 1]");
        }
        if (outlookWindowMs <= 0) throw new IllegalArgumentException("outlookWindowMs must be > 0");
        if (maxStagingMs < 0) throw new IllegalArgumentException("maxStagingMs must be >= 0");
        if (Double.isNaN(inputGB) || Double.isInfinite(inputGB) || Double.isNaN(outputGB) || Double.isInfinite(outputGB)) {
            throw new IllegalArgumentException("inputGB and outputGB must be finite");
        }
    }

    /** @return whether the score is sun-following */
    public boolean sunFollowing() {
        return "sun-following".equals(mode);
    }

    /** @return input bytes of a job of {@code gpus} GPUs */
    public double inputBytes(int gpus, CheckpointSpec ck) {
        return (inputGB < 0 ? ck.classOf(gpus).sizeGB() : inputGB) * 1e9;
    }

    /** @return output bytes of a job of {@code gpus} GPUs */
    public double outputBytes(int gpus, CheckpointSpec ck) {
        return (outputGB < 0 ? ck.classOf(gpus).sizeGB() : outputGB) * 1e9;
    }

    /** @return the same settings with another mode */
    public PlacementSpec withMode(String m) {
        return new PlacementSpec(m, latencyTenants, latencyBoundMs, steadySunFraction, outlookWindowMs, inputGB, outputGB, maxStagingMs);
    }
}
