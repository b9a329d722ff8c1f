package io.skygrid.sched;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class NodePoolTest {

    @Test
    void gangTakesWholeNodesPlusBestFitRemainder() {
        NodePool pool = new NodePool("site", 4, 8);
        Placement small = pool.place(3);          // node 0: 5 free
        assertThat(small.nodeIds()).containsExactly(0);
        Placement gang = pool.place(20);          // 2 whole nodes + 4 on the best fit (node 0, 5 free)
        assertThat(gang.nodesSpanned()).isEqualTo(3);
        assertThat(gang.counts()).containsExactly(8, 8, 4);
        assertThat(gang.nodeIds()[2]).isEqualTo(0);
        assertThat(pool.freeAvailableGpus()).isEqualTo(32 - 23);
        pool.checkInvariants();
    }

    @Test
    void allOrNothingWhenTheGangDoesNotFit() {
        NodePool pool = new NodePool("site", 2, 8);
        assertThat(pool.place(12)).isNotNull();
        // 4 GPUs left, a 5-GPU gang must not bind partly
        assertThat(pool.place(5)).isNull();
        assertThat(pool.allocatedGpus()).isEqualTo(12);
        pool.checkInvariants();
    }

    @Test
    void unavailableNodesAreNeverUsed() {
        NodePool pool = new NodePool("sats", 3, 4);
        pool.setAvailable(1, false);
        Placement p = pool.place(8);
        assertThat(p.nodeIds()).containsExactly(0, 2);
        assertThat(pool.place(1)).isNull();
        pool.setAvailable(1, true);
        assertThat(pool.place(4).nodeIds()).containsExactly(1);
        pool.checkInvariants();
    }

    @Test
    void fragmentedFreeGpusDoNotHoldAWholeNodeGang() {
        NodePool pool = new NodePool("site", 2, 8);
        pool.place(4);
        pool.place(4); // best fit puts it on node 0 as well -> node 1 stays whole
        assertThat(pool.canPlace(8)).isTrue();
        NodePool frag = new NodePool("site", 2, 8);
        frag.place(8);
        frag.place(1);
        frag.setAvailable(0, false);
        assertThat(frag.canPlace(8)).isFalse();
        assertThat(frag.canPlace(7)).isTrue();
    }

    @Property(tries = 200)
    void freePlusAllocatedEqualsCapacity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int perNode) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NodePool pool = new NodePool("p", 1 + rnd.nextInt(20), perNode);
        List<Placement> live = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            int action = rnd.nextInt(3);
            if (action == 0 || live.isEmpty()) {
                int g = 1 + rnd.nextInt(3 * perNode);
                boolean could = pool.canPlace(g);
                Placement p = pool.place(g);
                assertThat(p != null).isEqualTo(could);
                if (p != null) {
                    assertThat(java.util.Arrays.stream(p.counts()).sum()).isEqualTo(g);
                    assertThat(java.util.Arrays.stream(p.nodeIds()).distinct().count()).isEqualTo(p.nodeIds().length);
                    live.add(p);
                }
            } else if (action == 1) {
                pool.release(live.remove(rnd.nextInt(live.size())));
            } else {
                pool.setAvailable(rnd.nextInt(pool.nodes()), rnd.nextBoolean());
            }
            pool.checkInvariants();
        }
    }
}
