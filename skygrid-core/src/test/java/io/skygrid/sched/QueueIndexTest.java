package io.skygrid.sched;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class QueueIndexTest {

    @Property(tries = 100)
    void firstMatchesABruteForceScan(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(300);
        int[] gpus = new int[n];
        for (int j = 0; j < n; j++) {
            gpus[j] = 1 << rnd.nextInt(4);
        }
        QueueIndex index = new QueueIndex(gpus);
        long[] runtime = new long[n];
        boolean[] queued = new boolean[n];
        for (int step = 0; step < 500; step++) {
            int j = rnd.nextInt(n);
            if (rnd.nextBoolean()) {
                runtime[j] = 1 + rnd.nextInt(1000);
                queued[j] = true;
                index.add(j, runtime[j]);
            } else {
                queued[j] = false;
                index.remove(j);
            }
            int c = rnd.nextInt(index.classes());
            int from = rnd.nextInt(n + 1);
            long limit = rnd.nextBoolean() ? Long.MAX_VALUE - 1 : rnd.nextInt(1000);
            int expected = -1;
            for (int k = from; k < n; k++) {
                if (queued[k] && gpus[k] == index.size(c) && runtime[k] <= limit) {
                    expected = k;
                    break;
                }
            }
            assertThat(index.first(c, from, limit)).isEqualTo(expected);
            boolean any = false;
            for (int k = 0; k < n; k++) {
                any |= queued[k] && gpus[k] == index.size(c);
            }
            assertThat(index.hasQueued(c)).isEqualTo(any);
        }
    }
}
