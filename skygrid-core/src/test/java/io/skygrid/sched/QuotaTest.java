package io.skygrid.sched;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaTest {
    @Test
    void reservationFirstThenBorrowingUpToTheLimit() {
        // tenant 0: 8 reserved in pool 0, borrow limit 4; tenant 1: nothing reserved, no limit
        Quota q = new Quota(new long[][] {{8, 0}, {0, 0}}, new long[] {4, Long.MAX_VALUE});
        assertThat(q.admits(0, 0, 12)).isTrue();     // 8 reserved + 4 borrowed
        assertThat(q.admits(0, 0, 13)).isFalse();
        assertThat(q.admits(0, 1, 4)).isTrue();      // nothing reserved in pool 1: all borrowed
        assertThat(q.admits(0, 1, 5)).isFalse();
        assertThat(q.headroom(0)).isEqualTo(12);
        q.take(0, 0, 10);
        assertThat(q.borrowed(0)).isEqualTo(2);
        assertThat(q.borrowing(0, 0)).isTrue();
        assertThat(q.admits(0, 1, 2)).isTrue();
        assertThat(q.admits(0, 1, 3)).isFalse();
        q.give(0, 0, 10);                            // released at once
        assertThat(q.borrowed(0)).isZero();
        assertThat(q.held(0)).isZero();
        assertThat(q.admits(1, 0, 1_000_000)).isTrue();
        assertThat(q.headroom(1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> q.give(1, 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    /** borrowed(t) always equals the sum over pools of max(0, held - reserved), whatever the order of takes and gives. */
    @Property(tries = 200)
    void borrowedMatchesItsDefinition(@ForAll @Size(max = 60) List<@IntRange(min = -16, max = 16) Integer> moves,
                                      @ForAll @IntRange(min = 0, max = 20) int r0, @ForAll @IntRange(min = 0, max = 20) int r1) {
        Quota q = new Quota(new long[][] {{r0, r1}}, new long[] {Long.MAX_VALUE});
        long[] h = new long[2];
        for (int i = 0; i < moves.size(); i++) {
            int p = i % 2;
            int g = moves.get(i);
            if (g > 0) {
                q.take(0, p, g);
                h[p] += g;
            } else if (g < 0 && h[p] >= -g) {
                q.give(0, p, -g);
                h[p] += g;
            }
            long expected = Math.max(0, h[0] - r0) + Math.max(0, h[1] - r1);
            assertThat(q.borrowed(0)).isEqualTo(expected);
            assertThat(q.held(0)).isEqualTo(h[0] + h[1]);
        }
    }
}
