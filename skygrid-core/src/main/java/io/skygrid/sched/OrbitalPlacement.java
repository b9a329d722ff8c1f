package io.skygrid.sched;

import io.skygrid.orbit.OrbitSpec;
import io.skygrid.workload.Job;

/**
 * The placement rule for orbital gangs: a tightly coupled gang (the default) stays inside one formation
 * cluster, because only satellites flying within about a kilometre of each other can carry the
 * terabit-class optical links that synchronous training needs (Suncatcher: an 81-satellite cluster of
 * 1 km radius; Google 2025, arXiv:2511.19468, section 2); a job marked {@link Job#looselyCoupled()} may
 * span clusters.
 *
 * <p>A constellation is one {@link NodePool} whose racks are its formation clusters
 * ({@link Topology#formationClusters(int)}), so the rule is a constraint on one placement rather than a
 * choice among pools, and a loosely coupled gang still gets a single {@link Placement}.
 */
public final class OrbitalPlacement {
    private OrbitalPlacement() {
    }

    /**
     * Satellites per formation cluster for a constellation: all of them for a sun-synchronous cluster with
     * a formation radius (they fly together), otherwise 1: satellites of a Walker shell, an evenly spaced
     * plane or a TLE catalogue are hundreds of km apart and do not fly in formation.
     *
     * @param orbit      where the satellites fly
     * @param satellites number of satellites, >= 1
     */
    public static int satellitesPerCluster(OrbitSpec orbit, int satellites) {
        if (orbit instanceof OrbitSpec.SunSynchronous s && s.formationRadiusM() > 0) {
            return satellites;
        }
        return 1;
    }

    /** @return the topology of a constellation's pool: one rack per formation cluster */
    public static Topology topology(OrbitSpec orbit, int satellites) {
        return Topology.formationClusters(satellitesPerCluster(orbit, satellites));
    }

    /** @return whether the job must stay inside one formation cluster */
    public static boolean oneClusterOnly(Job job) {
        return !job.looselyCoupled();
    }

    /** @return whether the job's gang fits the orbital pool now under the rule */
    public static boolean canPlace(NodePool pool, Job job) {
        return pool.canPlace(job.gpus(), oneClusterOnly(job));
    }

    /**
     * Places the job's gang on an orbital pool under the rule, recording the job id as owner of its devices.
     *
     * @return the placement, or null if it does not fit now
     */
    public static Placement place(NodePool pool, Job job) {
        return pool.place(job.gpus(), job.id(), oneClusterOnly(job));
    }
}
