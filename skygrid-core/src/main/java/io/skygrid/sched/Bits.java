package io.skygrid.sched;

/**
 * A fixed-size bit set on a {@code long[]}, for the free-count indexes of {@link NodePool}: unlike
 * {@link java.util.BitSet} it keeps no count of words in use, so clearing a bit is one store (BitSet
 * rescans for its last non-zero word on every clear, which dominated the placement profile).
 */
final class Bits {
    private final long[] words;

    /** @param size number of bits, >= 0 */
    Bits(int size) {
        words = new long[(size + 63) >>> 6];
    }

    void set(int i) {
        words[i >>> 6] |= 1L << i;
    }

    void clear(int i) {
        words[i >>> 6] &= ~(1L << i);
    }

    boolean get(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** Sets bits [0, n). */
    void setFirst(int n) {
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            words[w] = -1L;
        }
        if ((n & 63) != 0) {
            words[full] |= (1L << n) - 1;
        }
    }

    /** @return the first set bit at or after {@code from}, or -1 */
    int nextSetBit(int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }
}
