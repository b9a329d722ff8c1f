package io.skygrid.sched;

import io.skygrid.workload.InferenceService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaSpreadTest {
    private static InferenceService service(int id, int gpus, int limit) {
        return new InferenceService(id, "s" + id, gpus, limit, new long[] {0}, new long[] {1}, new String[] {"t"});
    }

    @Test
    void atMostKReplicasOfAServicePerNode() {
        NodePool pool = new NodePool("site", 3, 8);
        ReplicaSpread spread = new ReplicaSpread(pool);
        InferenceService s = service(0, 1, 2);
        int[] perNode = new int[3];
        for (int i = 0; i < 6; i++) {
            Placement p = spread.place(s, i);
            assertThat(p).isNotNull();
            perNode[p.nodeIds()[0]]++;
        }
        assertThat(perNode).containsExactly(2, 2, 2);
        assertThat(spread.place(s, 7)).isNull();               // 18 GPUs free, but every node is at the limit
        assertThat(pool.freeAvailableGpus()).isEqualTo(18);
        InferenceService other = service(1, 1, InferenceService.NO_LIMIT);
        for (int i = 0; i < 6; i++) {
            assertThat(spread.place(other, 100 + i).nodeIds()[0]).isZero(); // best fit, no limit: packs node 0
        }
        pool.checkInvariants();
    }

    @Test
    void releasingAReplicaMakesRoomUnderTheLimitAgain() {
        NodePool pool = new NodePool("site", 1, 8);
        ReplicaSpread spread = new ReplicaSpread(pool);
        InferenceService s = service(3, 2, 1);
        Placement p = spread.place(s, 1);
        assertThat(spread.replicasOn(3, 0)).isEqualTo(1);
        assertThat(spread.place(s, 2)).isNull();
        spread.release(s, p);
        assertThat(spread.replicasOn(3, 0)).isZero();
        assertThat(spread.place(s, 2)).isNotNull();
        assertThatThrownBy(() -> spread.release(service(4, 2, 1), p)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> spread.place(service(5, 9, 1), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replicasAvoidFailedDevices() {
        NodePool pool = new NodePool("site", 2, 4, new Topology(2, 1));
        pool.failDevice(0, 0);
        pool.failDevice(0, 1);
        ReplicaSpread spread = new ReplicaSpread(pool);
        Placement p = spread.place(service(0, 3, InferenceService.NO_LIMIT), 1);
        assertThat(p.nodeIds()).containsExactly(1); // node 0 has only 2 healthy GPUs
        pool.checkInvariants();
    }
}
