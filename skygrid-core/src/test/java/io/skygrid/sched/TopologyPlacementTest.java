package io.skygrid.sched;

import io.skygrid.orbit.OrbitSpec;
import io.skygrid.workload.Job;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyPlacementTest {

    /** 4 leaves x 2 racks x 4 nodes x 8 GPUs = 256 GPUs. */
    private static NodePool smallSite() {
        return new NodePool("site", 32, 8, new Topology(4, 2));
    }

    @Test
    void aGangThatFitsOneRackTakesOneRackEvenWhenFreeNodesComeFirstElsewhere() {
        NodePool pool = smallSite();
        // fill racks 0..3, then free one node in each (nodes 3, 7, 11, 15): first fit by index would span 3 racks
        Placement[] one = new Placement[16];
        for (int i = 0; i < 16; i++) {
            one[i] = pool.place(8);
            assertThat(one[i].nodeIds()).containsExactly(i); // best-fit rack fills racks in order
        }
        for (int n : new int[] {3, 7, 11, 15}) {
            pool.release(one[n]);
        }
        Placement p = pool.place(24, 7, false);
        assertThat(p.racksSpanned()).isEqualTo(1);
        assertThat(p.leavesSpanned()).isEqualTo(1);
        assertThat(Arrays.stream(p.nodeIds()).map(pool::rackOf).distinct().count()).isEqualTo(1);
        assertThat(pool.rackOf(p.nodeIds()[0])).isEqualTo(4); // the first empty rack
        pool.checkInvariants();
    }

    @Test
    void bestFitRackKeepsEmptyRacksForLargerGangs() {
        NodePool pool = smallSite();
        Placement first = pool.place(8);             // rack 0 now has 3 whole nodes
        assertThat(pool.rackOf(first.nodeIds()[0])).isEqualTo(0);
        Placement second = pool.place(16);           // best fit: rack 0 (3 whole) rather than an empty rack
        assertThat(Arrays.stream(second.nodeIds()).map(pool::rackOf).distinct()).containsExactly(0);
        Placement big = pool.place(32);              // a whole rack: rack 1, untouched
        assertThat(Arrays.stream(big.nodeIds()).map(pool::rackOf).distinct()).containsExactly(1);
        pool.checkInvariants();
    }

    @Test
    void aGangLargerThanARackSpansTheFewestRacksInOneLeaf() {
        NodePool pool = smallSite();
        pool.place(8);                               // rack 0: 3 whole nodes; leaf 0: 7
        Placement p = pool.place(48);                // 6 nodes: leaf 0 holds 7 whole nodes -> racks 1 (4) + 0 (2)
        assertThat(p.racksSpanned()).isEqualTo(2);
        assertThat(p.leavesSpanned()).isEqualTo(1);
        assertThat(Arrays.stream(p.nodeIds()).map(pool::leafOf).distinct()).containsExactly(0);
        Placement huge = pool.place(100);            // 12 whole nodes + 4: more than a leaf (8 nodes)
        assertThat(huge.leavesSpanned()).isEqualTo(2);
        assertThat(huge.racksSpanned()).isEqualTo(4);
        pool.checkInvariants();
    }

    @Test
    void remainderPrefersAPartialNodeInsideTheChosenRack() {
        NodePool pool = smallSite();
        pool.place(3);                               // node 0: 5 free
        Placement p = pool.place(20);                // 2 whole + 4: rack 0 has 3 whole and node 0 with 5 free
        assertThat(p.counts()).containsExactly(8, 8, 4);
        assertThat(p.nodeIds()[2]).isEqualTo(0);
        assertThat(p.racksSpanned()).isEqualTo(1);
    }

    @Test
    void neverPlacesAFourGpuGangOnANodeWithThreeHealthyGpus() {
        NodePool pool = new NodePool("site", 1, 4, new Topology(1, 1));
        assertThat(pool.failDevice(0, 2)).isEqualTo(NodePool.NO_OWNER);
        assertThat(pool.healthyGpus(0)).isEqualTo(3);
        assertThat(pool.canPlace(4)).isFalse();
        assertThat(pool.place(4)).isNull();
        Placement three = pool.place(3);
        assertThat(three.deviceMasks()[0]).isEqualTo(0b1011L);  // devices 0, 1, 3: never the failed one
        pool.checkInvariants();
        assertThat(pool.repairDevice(0, 2)).isTrue();
        assertThat(pool.free(0)).isEqualTo(1);
        pool.checkInvariants();
    }

    @Test
    void aNodeWithAFailedDeviceNeverCountsAsWhole() {
        NodePool pool = new NodePool("site", 2, 8, new Topology(2, 1));
        pool.failDevice(0, 0);
        assertThat(pool.canPlace(16)).isFalse();
        assertThat(pool.canPlace(15)).isTrue();
        Placement p = pool.place(15);
        assertThat(p.counts()).containsExactly(8, 7);
        assertThat(p.nodeIds()).containsExactly(1, 0);
        pool.checkInvariants();
    }

    @Test
    void aFailedDeviceUnderAGangReportsItsOwnerAndIsNotFreedOnRelease() {
        NodePool pool = new NodePool("site", 2, 8, new Topology(2, 1));
        Placement p = pool.place(12, 42, false);
        int node = p.nodeIds()[0];
        int device = Long.numberOfTrailingZeros(p.deviceMasks()[0]);
        assertThat(pool.ownerOf(node, device)).isEqualTo(42);
        assertThat(pool.failDevice(node, device)).isEqualTo(42);
        assertThat(pool.failDevice(node, device)).isEqualTo(NodePool.NO_OWNER); // already failed
        pool.checkInvariants();
        pool.release(p);
        assertThat(pool.freeAvailableGpus()).isEqualTo(15);
        assertThat(pool.failedGpus()).isEqualTo(1);
        pool.checkInvariants();
        assertThat(pool.failNode(1)).isEmpty();
        assertThat(pool.repairNode(1)).isEqualTo(8);
        assertThat(pool.repairNode(0)).isEqualTo(1);
        assertThat(pool.freeAvailableGpus()).isEqualTo(16);
        pool.checkInvariants();
    }

    @Test
    void failNodeNamesEveryGangOnTheNodeOnce() {
        NodePool pool = new NodePool("sat", 1, 8, new Topology(1, 1));
        pool.place(3, 5, false);
        pool.place(2, 9, false);
        assertThat(pool.failNode(0)).containsExactly(5, 9);
        assertThat(pool.failedGpus()).isEqualTo(8);
        assertThat(pool.freeAvailableGpus()).isZero();
        pool.checkInvariants();
    }

    @Test
    void tightlyCoupledOrbitalGangStaysInOneFormationCluster() {
        // 3 clusters of 4 satellites x 4 accelerators; clusters 0 and 1 half busy
        NodePool pool = new NodePool("clusters", 12, 4, Topology.formationClusters(4));
        Placement[] one = new Placement[12];
        for (int i = 0; i < 12; i++) {
            one[i] = pool.place(4);
        }
        for (int n : new int[] {2, 3, 6, 7}) {   // clusters 0 and 1 keep 2 free satellites each, cluster 2 is full
            pool.release(one[n]);
        }
        Job tight = new Job(1, "t", 12, 0, 1000, "test");
        Job loose = new Job(2, "t", 12, 0, 1000, "test", true);
        assertThat(pool.canPlace(12)).isTrue();      // 16 free GPUs in total
        assertThat(OrbitalPlacement.canPlace(pool, tight)).isFalse();
        assertThat(OrbitalPlacement.place(pool, tight)).isNull();
        Placement p = OrbitalPlacement.place(pool, loose);
        assertThat(p.racksSpanned()).isEqualTo(2);
        assertThat(pool.ownerOf(p.nodeIds()[0], 0)).isEqualTo(2);
        pool.checkInvariants();
    }

    @Test
    void formationClustersFollowTheOrbit() {
        assertThat(OrbitalPlacement.satellitesPerCluster(new OrbitSpec.SunSynchronous(650, 6, 81, 1000), 81)).isEqualTo(81);
        assertThat(OrbitalPlacement.satellitesPerCluster(new OrbitSpec.SunSynchronous(650, 6, 81, 0), 81)).isEqualTo(1);
        assertThat(OrbitalPlacement.satellitesPerCluster(new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1), 1584)).isEqualTo(1);
        NodePool walker = new NodePool("shell", 10, 8, OrbitalPlacement.topology(new OrbitSpec.WalkerDelta(53, 550, 10, 2, 1), 10));
        assertThat(walker.canPlace(16, true)).isFalse();  // no two satellites in formation
        assertThat(walker.canPlace(8, true)).isTrue();
        assertThat(walker.canPlace(16, false)).isTrue();
    }

    @Test
    void largeClustersAreScannedLinearly() {
        NodePool pool = new NodePool("big", 300, 4, Topology.formationClusters(100)); // > 64 nodes per rack
        pool.place(4 * 60);                            // cluster 0: 40 whole left
        Placement p = pool.place(4 * 30, 1, true);     // best fit: cluster 0
        assertThat(pool.rackOf(p.nodeIds()[0])).isZero();
        assertThat(pool.canPlace(4 * 101, true)).isFalse();
        assertThat(pool.canPlace(4 * 101, false)).isTrue();
        pool.checkInvariants();
    }

    @Test
    void rejectsDevicesOutOfRangeAndForeignPlacements() {
        NodePool a = new NodePool("a", 1, 8);
        NodePool b = new NodePool("b", 1, 8);
        assertThatThrownBy(() -> a.failDevice(0, 8)).isInstanceOf(IllegalArgumentException.class);
        Placement p = b.place(1);
        assertThatThrownBy(() -> a.release(p)).hasMessageContaining("belongs to b");
        assertThatThrownBy(() -> new NodePool("x", 1, NodePool.MAX_GPUS_PER_NODE + 1))
                .hasMessageContaining("at most 1024 GPUs per node");
    }

    @Property(tries = 200)
    void invariantsHoldUnderPlacementReleaseFailureAndRepair(@ForAll long seed,
                                                             @ForAll @IntRange(min = 1, max = 8) int perNode,
                                                             @ForAll @IntRange(min = 1, max = 6) int nodesPerRack,
                                                             @ForAll @IntRange(min = 1, max = 3) int racksPerLeaf) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NodePool pool = new NodePool("p", 1 + rnd.nextInt(40), perNode, new Topology(nodesPerRack, racksPerLeaf));
        List<Placement> live = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            int action = rnd.nextInt(6);
            if (action <= 1 || live.isEmpty()) {
                int g = 1 + rnd.nextInt(4 * perNode);
                boolean oneRack = rnd.nextInt(4) == 0;
                boolean could = pool.canPlace(g, oneRack);
                Placement p = pool.place(g, step, oneRack);
                assertThat(p != null).isEqualTo(could);
                if (p != null) {
                    assertThat(Arrays.stream(p.counts()).sum()).isEqualTo(g);
                    assertThat(Arrays.stream(p.nodeIds()).distinct().count()).isEqualTo(p.nodeIds().length);
                    for (int i = 0; i < p.nodeIds().length; i++) {
                        assertThat(Long.bitCount(p.deviceMasks()[i])).isEqualTo(p.counts()[i]);
                        for (long m = p.deviceMasks()[i]; m != 0; m &= m - 1) {
                            int d = Long.numberOfTrailingZeros(m);
                            assertThat(pool.isHealthy(p.nodeIds()[i], d)).isTrue();
                            assertThat(pool.ownerOf(p.nodeIds()[i], d)).isEqualTo(step);
                        }
                    }
                    long racks = Arrays.stream(p.nodeIds()).map(pool::rackOf).distinct().count();
                    assertThat(p.racksSpanned()).isEqualTo((int) racks);
                    assertThat(p.leavesSpanned()).isEqualTo((int) Arrays.stream(p.nodeIds()).map(pool::leafOf).distinct().count());
                    if (oneRack) {
                        assertThat(racks).isEqualTo(1);
                    }
                    live.add(p);
                }
            } else if (action == 2) {
                pool.release(live.remove(rnd.nextInt(live.size())));
            } else if (action == 3) {
                pool.setAvailable(rnd.nextInt(pool.nodes()), rnd.nextBoolean());
            } else if (action == 4) {
                pool.failDevice(rnd.nextInt(pool.nodes()), rnd.nextInt(perNode));
            } else {
                pool.repairDevice(rnd.nextInt(pool.nodes()), rnd.nextInt(perNode));
            }
            pool.checkInvariants();
        }
    }
}
