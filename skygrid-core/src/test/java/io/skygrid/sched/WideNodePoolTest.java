package io.skygrid.sched;

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

/** Nodes wider than one 64-bit word: GB200/GB300 NVL72 racks (72 GPUs), NVL144 and NVL576 domains. */
class WideNodePoolTest {

    /** Devices of the i-th node of a placement, from its words. */
    private static List<Integer> devices(Placement p, int i) {
        int w = p.pool().deviceWords();
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            for (long m = p.deviceMasks()[i * w + k]; m != 0; m &= m - 1) {
                out.add(64 * k + Long.numberOfTrailingZeros(m));
            }
        }
        return out;
    }

    @Test
    void aGangOfMoreThan64GpusFitsOneNvl72Node() {
        NodePool pool = new NodePool("nvl72", 4, 72);
        assertThat(pool.deviceWords()).isEqualTo(2);
        assertThat(pool.capacity()).isEqualTo(288);
        Placement p = pool.place(70, 7, false);
        assertThat(p.nodeIds()).containsExactly(0);
        assertThat(p.counts()).containsExactly(70);
        assertThat(p.deviceMasks()).hasSize(2);
        assertThat(devices(p, 0)).hasSize(70).startsWith(0, 1, 2).endsWith(68, 69);
        assertThat(pool.free(0)).isEqualTo(2);
        assertThat(pool.ownerOf(0, 69)).isEqualTo(7);
        assertThat(pool.ownerOf(0, 70)).isEqualTo(NodePool.NO_OWNER);
        // best fit: 2 GPUs go to the node with 2 left, not a whole one
        Placement two = pool.place(2, 8, false);
        assertThat(two.nodeIds()).containsExactly(0);
        assertThat(devices(two, 0)).containsExactly(70, 71);
        // 100 GPUs: one whole node plus 28 on the next
        Placement hundred = pool.place(100, 9, false);
        assertThat(hundred.counts()).containsExactly(72, 28);
        assertThat(hundred.nodeIds()).containsExactly(1, 2);
        assertThat(pool.freeAvailableGpus()).isEqualTo(288 - 172);
        pool.checkInvariants();
        pool.release(p);
        pool.release(hundred);
        assertThat(pool.freeAvailableGpus()).isEqualTo(288 - 2);
        assertThat(pool.ownerOf(0, 69)).isEqualTo(NodePool.NO_OWNER);
        assertThat(pool.ownerOf(0, 71)).isEqualTo(8);
        pool.checkInvariants();
    }

    @Test
    void failuresInTheUpperWordHitTheOwnerAndKeepTheNodeOutOfWholeNodeShares() {
        NodePool pool = new NodePool("nvl72", 2, 72);
        Placement p = pool.place(72, 3, false);
        assertThat(p.nodeIds()).containsExactly(0);
        assertThat(pool.failDevice(0, 70)).isEqualTo(3);   // device 70 is bit 6 of word 1
        assertThat(pool.failDevice(1, 65)).isEqualTo(NodePool.NO_OWNER);
        assertThat(pool.failDevice(1, 65)).isEqualTo(NodePool.NO_OWNER); // already failed: no change
        assertThat(pool.failedGpus()).isEqualTo(2);
        assertThat(pool.isHealthy(0, 70)).isFalse();
        assertThat(pool.healthyGpus(1)).isEqualTo(71);
        assertThat(pool.free(1)).isEqualTo(71);
        assertThat(pool.canPlace(72)).isFalse();            // no node has 72 healthy idle devices
        pool.release(p);
        assertThat(pool.free(0)).isEqualTo(71);             // the failed device is not freed
        assertThat(pool.canPlace(72)).isFalse();
        Placement seventyOne = pool.place(71, 4, false);
        assertThat(seventyOne.nodeIds()).containsExactly(0);      // both have 71 free: lowest index
        assertThat(devices(seventyOne, 0)).hasSize(71).doesNotContain(70).contains(65, 71);
        pool.checkInvariants();
        assertThat(pool.failNode(seventyOne.nodeIds()[0])).containsExactly(4);
        assertThat(pool.failedGpus()).isEqualTo(73);
        assertThat(pool.repairDevice(0, 70)).isTrue();
        assertThat(pool.repairDevice(0, 70)).isFalse();
        assertThat(pool.repairNode(0)).isEqualTo(71);
        assertThat(pool.repairNode(1)).isEqualTo(1);
        pool.release(seventyOne);
        assertThat(pool.failedGpus()).isZero();
        assertThat(pool.freeAvailableGpus()).isEqualTo(144);
        assertThat(pool.place(144).counts()).containsExactly(72, 72);
        pool.checkInvariants();
        assertThatThrownBy(() -> pool.failDevice(0, 72)).hasMessageContaining("no device 72");
    }

    @Test
    void fragmentedNvl72NodesDoNotHoldAWholeNodeGang() {
        NodePool pool = new NodePool("nvl72", 2, 72);
        pool.place(40);
        pool.place(40);          // node 0 has 32 left: the second goes to node 1
        assertThat(pool.freeAvailableGpus()).isEqualTo(64);
        assertThat(pool.canPlace(64)).isFalse();
        assertThat(pool.place(33)).isNull();
        assertThat(pool.canPlace(32)).isTrue();
        assertThat(pool.place(32).nodeIds()).containsExactly(0);
        pool.checkInvariants();
    }

    @Test
    void nvl576NodesTakeNineWordsAndGangsAcrossThem() {
        NodePool pool = new NodePool("nvl576", 3, 576);
        assertThat(pool.deviceWords()).isEqualTo(9);
        Placement whole = pool.place(576, 1, false);
        assertThat(whole.deviceMasks()).hasSize(9).containsOnly(-1L);
        Placement big = pool.place(1000, 2, false);
        assertThat(big.counts()).containsExactly(576, 424);
        assertThat(devices(big, 1)).hasSize(424).endsWith(423);
        assertThat(pool.ownerOf(big.nodeIds()[1], 423)).isEqualTo(2);
        assertThat(pool.failDevice(big.nodeIds()[1], 575)).isEqualTo(NodePool.NO_OWNER);
        assertThat(pool.free(big.nodeIds()[1])).isEqualTo(151);
        pool.checkInvariants();
        pool.release(whole);
        pool.release(big);
        assertThat(pool.freeAvailableGpus()).isEqualTo(3 * 576 - 1);
        pool.checkInvariants();
    }

    @Test
    void widthLimits() {
        assertThat(new NodePool("x", 1, 63).deviceWords()).isEqualTo(1);
        assertThat(new NodePool("x", 1, 64).deviceWords()).isEqualTo(1);
        assertThat(new NodePool("x", 1, 64).place(64).counts()).containsExactly(64);
        NodePool max = new NodePool("x", 2, NodePool.MAX_GPUS_PER_NODE);
        assertThat(max.deviceWords()).isEqualTo(16);
        assertThat(max.place(1500).counts()).containsExactly(1024, 476);
        max.checkInvariants();
        assertThatThrownBy(() -> new NodePool("x", 1, NodePool.MAX_GPUS_PER_NODE + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x: at most 1024 GPUs per node (one NVLink domain), got 1025");
    }

    @Property(tries = 60)
    void invariantsHoldOnWideNodes(@ForAll long seed, @ForAll @IntRange(min = 64, max = 600) int perNode,
                                   @ForAll @IntRange(min = 1, max = 4) int nodesPerRack) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NodePool pool = new NodePool("p", 1 + rnd.nextInt(12), perNode, new Topology(nodesPerRack, 2));
        List<Placement> live = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int action = rnd.nextInt(6);
            if (action <= 1 || live.isEmpty()) {
                int g = 1 + rnd.nextInt(3 * perNode);
                boolean oneRack = rnd.nextInt(4) == 0;
                boolean could = pool.canPlace(g, oneRack);
                Placement p = pool.place(g, step, oneRack);
                assertThat(p != null).isEqualTo(could);
                if (p != null) {
                    assertThat(Arrays.stream(p.counts()).sum()).isEqualTo(g);
                    assertThat(p.deviceMasks()).hasSize(p.nodeIds().length * pool.deviceWords());
                    for (int i = 0; i < p.nodeIds().length; i++) {
                        List<Integer> ds = devices(p, i);
                        assertThat(ds).hasSize(p.counts()[i]);
                        for (int d : ds) {
                            assertThat(d).isLessThan(perNode);
                            assertThat(pool.isHealthy(p.nodeIds()[i], d)).isTrue();
                            assertThat(pool.ownerOf(p.nodeIds()[i], d)).isEqualTo(step);
                        }
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
