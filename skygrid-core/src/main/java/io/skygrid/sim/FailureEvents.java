package io.skygrid.sim;

/**
 * Failures of one pool over a window, sorted by (time, kind, node, device), as parallel primitive arrays.
 *
 * @param timeMs     failure instants, ms since the scenario epoch
 * @param node       node (satellite) index within the pool
 * @param device     device index within the node, or {@link #WHOLE_NODE} for a lost satellite
 * @param kind       {@link FailureModel#GPU}, {@link FailureModel#RADIATION} or {@link FailureModel#SATELLITE_LOSS}
 * @param repairAtMs instant the device (node) returns to service, ms; {@link Long#MAX_VALUE} for never
 */
public record FailureEvents(long[] timeMs, int[] node, int[] device, byte[] kind, long[] repairAtMs) {
    /** {@link #device} of an event that takes the whole node (a lost satellite). */
    public static final int WHOLE_NODE = -1;

    public FailureEvents {
        int n = timeMs.length;
        if (node.length != n || device.length != n || kind.length != n || repairAtMs.length != n) {
            throw new IllegalArgumentException("failure event arrays must have the same length");
        }
    }

    /** @return number of events */
    public int size() {
        return timeMs.length;
    }

    /** @return number of events of a kind */
    public int count(byte k) {
        int c = 0;
        for (byte b : kind) {
            if (b == k) {
                c++;
            }
        }
        return c;
    }
}
