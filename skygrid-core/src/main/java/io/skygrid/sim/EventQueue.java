package io.skygrid.sim;

import java.util.Arrays;

/**
 * Binary min-heap of simulation events kept in primitive arrays (no object per event).
 * Events are ordered by time, then by insertion order, so runs are deterministic.
 * An event carries a type, a subject index and a version used to discard stale events.
 */
final class EventQueue {
    private long[] time = new long[1024];
    private long[] seq = new long[1024];
    private int[] type = new int[1024];
    private int[] subject = new int[1024];
    private int[] version = new int[1024];
    private int size;
    private long nextSeq;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** @return time of the earliest event, or {@link Long#MAX_VALUE} if empty */
    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : time[0];
    }

    int peekType() {
        return type[0];
    }

    int peekSubject() {
        return subject[0];
    }

    int peekVersion() {
        return version[0];
    }

    void push(long t, int ty, int subj, int ver) {
        if (size == time.length) {
            int cap = size * 2;
            time = Arrays.copyOf(time, cap);
            seq = Arrays.copyOf(seq, cap);
            type = Arrays.copyOf(type, cap);
            subject = Arrays.copyOf(subject, cap);
            version = Arrays.copyOf(version, cap);
        }
        int i = size++;
        long s = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(t, s, time[parent], seq[parent])) {
                copy(parent, i);
                i = parent;
            } else {
                break;
            }
        }
        set(i, t, s, ty, subj, ver);
    }

    /** Removes the earliest event (read it with the peek methods first). */
    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        long t = time[size];
        long s = seq[size];
        int ty = type[size];
        int subj = subject[size];
        int ver = version[size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int c = (r < size && less(time[r], seq[r], time[l], seq[l])) ? r : l;
            if (less(time[c], seq[c], t, s)) {
                copy(c, i);
                i = c;
            } else {
                break;
            }
        }
        set(i, t, s, ty, subj, ver);
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void copy(int from, int to) {
        time[to] = time[from];
        seq[to] = seq[from];
        type[to] = type[from];
        subject[to] = subject[from];
        version[to] = version[from];
    }

    private void set(int i, long t, long s, int ty, int subj, int ver) {
        time[i] = t;
        seq[i] = s;
        type[i] = ty;
        subject[i] = subj;
        version[i] = ver;
    }
}
