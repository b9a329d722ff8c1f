package io.skygrid.orbit;

import java.util.Arrays;

/**
 * Shortest-path latency over an ISL {@link IslGraph.Snapshot}: Dijkstra's algorithm (1959) with an
 * indexed binary heap on primitive arrays, edge weights the one-way light time of each link
 * (length / {@link IslGraph#SPEED_OF_LIGHT_M_S}). O((V + E) log V) per search. Reusable for graphs of
 * up to the size given at construction; not thread-safe.
 */
public final class ShortestPaths {
    private final int[] heap;
    private final int[] where;   // position in heap, -1 if not in heap
    private int size;

    /** @param maxNodes largest graph searched */
    public ShortestPaths(int maxNodes) {
        heap = new int[maxNodes];
        where = new int[maxNodes];
    }

    /**
     * Latency from {@code source} to every satellite.
     *
     * @param g      the graph
     * @param source source satellite
     * @param out    receives one latency per satellite, s; +infinity if unreachable
     */
    public void from(IslGraph.Snapshot g, int source, double[] out) {
        Arrays.fill(out, 0, g.n, Double.POSITIVE_INFINITY);
        out[source] = 0;
        run(g, out);
    }

    /**
     * Multi-source search: latency from the nearest seed, each seed starting at its own delay (e.g. the
     * up-link light time from a ground station), so out[i] = min over seeds s of (seed[s] + path(s, i)).
     *
     * @param g     the graph
     * @param seeds initial delay per satellite, s (+infinity for non-seeds); overwritten with the result
     */
    public void fromSeeds(IslGraph.Snapshot g, double[] seeds) {
        run(g, seeds);
    }

    private void run(IslGraph.Snapshot g, double[] dist) {
        int n = g.n;
        size = 0;
        Arrays.fill(where, 0, n, -1);
        for (int i = 0; i < n; i++) {
            if (dist[i] < Double.POSITIVE_INFINITY) {
                push(i, dist);
            }
        }
        int[] start = g.start, nbr = g.nbr;
        double[] len = g.distM;
        double c = IslGraph.SPEED_OF_LIGHT_M_S;
        while (size > 0) {
            int u = pop(dist);
            double du = dist[u];
            for (int k = start[u]; k < start[u + 1]; k++) {
                int v = nbr[k];
                double alt = du + len[k] / c;
                if (alt < dist[v]) {
                    dist[v] = alt;
                    if (where[v] >= 0) {
                        up(where[v], dist);
                    } else {
                        push(v, dist);
                    }
                }
            }
        }
    }

    private void push(int v, double[] key) {
        heap[size] = v;
        where[v] = size;
        up(size++, key);
    }

    private int pop(double[] key) {
        int top = heap[0];
        where[top] = -2;   // settled
        int last = heap[--size];
        if (size > 0) {
            heap[0] = last;
            where[last] = 0;
            down(0, key);
        }
        return top;
    }

    private void up(int i, double[] key) {
        int v = heap[i];
        double kv = key[v];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int pv = heap[parent];
            if (key[pv] < kv || (key[pv] == kv && pv < v)) break;
            heap[i] = pv;
            where[pv] = i;
            i = parent;
        }
        heap[i] = v;
        where[v] = i;
    }

    private void down(int i, double[] key) {
        int v = heap[i];
        double kv = key[v];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int r = l + 1;
            int m = l;
            if (r < size && (key[heap[r]] < key[heap[l]] || (key[heap[r]] == key[heap[l]] && heap[r] < heap[l]))) m = r;
            int mv = heap[m];
            if (key[v] < key[mv] || (key[v] == key[mv] && v < mv)) break;
            heap[i] = mv;
            where[mv] = i;
            i = m;
        }
        heap[i] = v;
        where[v] = i;
    }
}
