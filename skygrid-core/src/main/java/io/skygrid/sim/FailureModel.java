package io.skygrid.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic failure draws for the pools of a run ({@link FailureSpec} gives the rates and their sources).
 *
 * <p>Each kind of failure is a Poisson process: accelerator failures at {@link FailureSpec#gpuFailuresPerHour()}
 * per device on the ground and in orbit; radiation faults at {@link FailureSpec#radiationFaultsPerHour()} per
 * device in orbit only; satellite losses at {@link FailureSpec#satelliteLossesPerHour()} per satellite. The
 * superposed process of a pool (rate x devices) is drawn hour by hour: the draws of hour {@code h} for
 * (pool, kind) come from a {@link SplittableRandom} seeded from (seed, pool, kind, h) alone, with
 * exponential gaps and a uniformly chosen device for each event. So the events of a window are the same
 * however the horizon is cut into windows, and the same seed always gives the same events. A device may
 * be drawn again while it is still failed (the rate does not pause during repair); the event loop ignores
 * such events ({@link io.skygrid.sched.NodePool#failDevice} returns no owner and changes nothing).
 * Immutable and thread-safe.
 */
public final class FailureModel {
    /** Kind: accelerator failure (Llama 3 rate). */
    public static final byte GPU = 0;
    /** Kind: radiation-induced fault in orbit (Suncatcher rate). */
    public static final byte RADIATION = 1;
    /** Kind: satellite lost (the whole node, never repaired). */
    public static final byte SATELLITE_LOSS = 2;
    /** Hours per (Julian) year. */
    public static final double HOURS_PER_YEAR = 365.25 * 24;
    /** Length of one independently seeded block of draws, ms. */
    static final long BLOCK_MS = 3_600_000L;

    private final FailureSpec spec;
    private final long seed;

    /**
     * @param spec rates and repair times
     * @param seed the run's seed
     */
    public FailureModel(FailureSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    public FailureSpec spec() {
        return spec;
    }

    /** @return time from a failure of this kind to the return to service, ms; {@link Long#MAX_VALUE} for never */
    public long repairMs(byte kind) {
        return switch (kind) {
            case GPU -> spec.gpuRepairMs();
            case RADIATION -> spec.radiationRepairMs();
            case SATELLITE_LOSS -> Long.MAX_VALUE;
            default -> throw new IllegalArgumentException("unknown failure kind " + kind);
        };
    }

    /** @return a short name of the kind: {@code gpu}, {@code radiation}, {@code satellite-loss} */
    public static String kindName(byte kind) {
        return switch (kind) {
            case GPU -> "gpu";
            case RADIATION -> "radiation";
            case SATELLITE_LOSS -> "satellite-loss";
            default -> throw new IllegalArgumentException("unknown failure kind " + kind);
        };
    }

    /**
     * The failures of one pool within [t0Ms, t1Ms).
     *
     * @param pool        index of the pool in the run (ground sites first, then constellations: any fixed order)
     * @param nodes       nodes (satellites) of the pool, > 0
     * @param gpusPerNode devices per node, > 0
     * @param orbital     whether the pool is in orbit (radiation faults and satellite losses apply)
     * @param t0Ms        window start, ms since the epoch, >= 0
     * @param t1Ms        window end (exclusive), ms, >= t0Ms
     * @return the events sorted by (time, kind, node, device)
     */
    public FailureEvents events(int pool, int nodes, int gpusPerNode, boolean orbital, long t0Ms, long t1Ms) {
        if (nodes <= 0 || gpusPerNode <= 0) {
            throw new IllegalArgumentException("nodes and gpusPerNode must be > 0");
        }
        if (t0Ms < 0 || t1Ms < t0Ms) {
            throw new IllegalArgumentException("window must satisfy 0 <= t0 <= t1, got [" + t0Ms + ", " + t1Ms + ")");
        }
        Buffer out = new Buffer();
        long devices = (long) nodes * gpusPerNode;
        draw(out, pool, GPU, devices, spec.gpuFailuresPerHour(), gpusPerNode, t0Ms, t1Ms);
        if (orbital) {
            draw(out, pool, RADIATION, devices, spec.radiationFaultsPerHour(), gpusPerNode, t0Ms, t1Ms);
            draw(out, pool, SATELLITE_LOSS, nodes, spec.satelliteLossesPerHour(), 0, t0Ms, t1Ms);
        }
        return out.sorted(this);
    }

    /**
     * Draws one kind over the blocks overlapping [t0, t1).
     *
     * @param units       devices (or satellites) that fail independently
     * @param perUnitHour rate per unit-hour
     * @param gpusPerNode devices per node, or 0 when a unit is a whole node
     */
    private void draw(Buffer out, int pool, byte kind, long units, double perUnitHour, int gpusPerNode,
                      long t0, long t1) {
        double ratePerMs = units * perUnitHour / 3_600_000.0;
        if (!(ratePerMs > 0) || t1 <= t0) {
            return;
        }
        for (long b = t0 / BLOCK_MS; b * BLOCK_MS < t1; b++) {
            SplittableRandom rnd = new SplittableRandom(blockSeed(pool, kind, b));
            long start = b * BLOCK_MS;
            double t = start;
            while (true) {
                t += -Math.log(1.0 - rnd.nextDouble()) / ratePerMs;
                long u = rnd.nextLong(units); // drawn for every event so later events do not depend on the window
                long tMs = (long) t;
                if (t >= start + BLOCK_MS || tMs >= t1) {
                    break;
                }
                if (tMs >= t0) {
                    if (gpusPerNode > 0) {
                        out.add(tMs, (int) (u / gpusPerNode), (int) (u % gpusPerNode), kind);
                    } else {
                        out.add(tMs, (int) u, FailureEvents.WHOLE_NODE, kind);
                    }
                }
            }
        }
    }

    private long blockSeed(int pool, byte kind, long block) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h + pool * 0x9E3779B97F4A7C15L);
        h = mix(h + kind * 0xC2B2AE3D27D4EB4FL);
        return mix(h + block * 0x165667B19E3779F9L);
    }

    /** Stafford's variant 13 of the MurmurHash3 64-bit finaliser (as in SplittableRandom). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Growable event arrays. */
    private static final class Buffer {
        long[] time = new long[16];
        int[] node = new int[16];
        int[] device = new int[16];
        byte[] kind = new byte[16];
        int size;

        void add(long t, int n, int d, byte k) {
            if (size == time.length) {
                int cap = size * 2;
                time = Arrays.copyOf(time, cap);
                node = Arrays.copyOf(node, cap);
                device = Arrays.copyOf(device, cap);
                kind = Arrays.copyOf(kind, cap);
            }
            time[size] = t;
            node[size] = n;
            device[size] = d;
            kind[size] = k;
            size++;
        }

        FailureEvents sorted(FailureModel model) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Long.compare(time[a], time[b]);
                if (c == 0) c = Byte.compare(kind[a], kind[b]);
                if (c == 0) c = Integer.compare(node[a], node[b]);
                if (c == 0) c = Integer.compare(device[a], device[b]);
                return c;
            });
            long[] t = new long[size];
            int[] n = new int[size];
            int[] d = new int[size];
            byte[] k = new byte[size];
            long[] repair = new long[size];
            for (int i = 0; i < size; i++) {
                int j = order[i];
                t[i] = time[j];
                n[i] = node[j];
                d[i] = device[j];
                k[i] = kind[j];
                long r = model.repairMs(kind[j]);
                repair[i] = r == Long.MAX_VALUE || r > Long.MAX_VALUE - time[j] ? Long.MAX_VALUE : time[j] + r;
            }
            return new FailureEvents(t, n, d, k, repair);
        }
    }
}
