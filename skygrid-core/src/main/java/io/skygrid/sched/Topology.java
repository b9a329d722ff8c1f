package io.skygrid.sched;

/**
 * How the nodes of a {@link NodePool} are grouped for gang locality: nodes (one NVLink domain each) in
 * racks, racks under leaf switches. Node {@code n} sits in rack {@code n / nodesPerRack}, rack {@code r}
 * under leaf {@code r / racksPerLeaf} (the last rack or leaf may be partly filled).
 *
 * <p>Defaults follow xAI's Colossus as shown publicly (ServeTheHome tour, Oct 2024; Supermicro): each
 * liquid-cooled rack holds eight 4U servers with eight H100 each (64 GPUs per rack), and racks are
 * grouped by eight into 512-GPU arrays: {@value #DEFAULT_NODES_PER_RACK} nodes per rack,
 * {@value #DEFAULT_RACKS_PER_LEAF} racks per leaf. An NVIDIA DGX SuperPOD (H100 reference architecture)
 * reads as {@code nodesPerRack: 4, racksPerLeaf: 8}: four DGX H100 per rack, a 32-node scalable unit
 * under one set of leaf switches.
 *
 * <p>For an orbital pool, a "rack" is a formation cluster: satellites flying close enough (km or less,
 * as in Suncatcher's 81-satellite, 1 km cluster) for the high-bandwidth optical links a tightly coupled
 * gang needs; see {@link #formationClusters(int)}.
 *
 * @param nodesPerRack nodes per rack (orbital: satellites per formation cluster), >= 1
 * @param racksPerLeaf racks per leaf switch, >= 1
 */
public record Topology(int nodesPerRack, int racksPerLeaf) {
    /** Colossus: eight 8-GPU servers per rack (64 H100 per rack). */
    public static final int DEFAULT_NODES_PER_RACK = 8;
    /** Colossus: racks grouped by eight into 512-GPU arrays. */
    public static final int DEFAULT_RACKS_PER_LEAF = 8;
    /** The ground default: {@value #DEFAULT_NODES_PER_RACK} nodes per rack, {@value #DEFAULT_RACKS_PER_LEAF} racks per leaf. */
    public static final Topology DEFAULT = new Topology(DEFAULT_NODES_PER_RACK, DEFAULT_RACKS_PER_LEAF);

    public Topology {
        if (nodesPerRack < 1 || racksPerLeaf < 1) {
            throw new IllegalArgumentException("nodesPerRack and racksPerLeaf must be >= 1, got "
                    + nodesPerRack + " and " + racksPerLeaf);
        }
    }

    /**
     * An orbital pool split into formation clusters of {@code satellitesPerCluster} consecutive satellites
     * (one cluster per "rack", one rack per leaf).
     *
     * @param satellitesPerCluster satellites per cluster, >= 1 (1: satellites do not fly in formation)
     */
    public static Topology formationClusters(int satellitesPerCluster) {
        return new Topology(satellitesPerCluster, 1);
    }

    /** @return number of racks for {@code nodes} nodes */
    public int racks(int nodes) {
        return (nodes + nodesPerRack - 1) / nodesPerRack;
    }

    /** @return number of leaves for {@code nodes} nodes */
    public int leaves(int nodes) {
        return (racks(nodes) + racksPerLeaf - 1) / racksPerLeaf;
    }
}
