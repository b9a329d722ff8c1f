package io.skygrid.fleet;

/**
 * An always-on relay network (a Starlink-like mesh of laser ISLs and gateways, or a GEO data relay such as
 * EDRS/TDRS) reaching every satellite at any time: the alternative to store-and-forward through ground-station
 * contacts. A volume of {@code b} bytes reaches its destination {@code latency + 8 b / bandwidthBps} after it
 * is handed over; the link is never interrupted.
 *
 * <p>There is no default: the figures depend on the network. For orientation, SpaceX describes Starlink's
 * inter-satellite lasers as carrying up to about 100 Gbit/s each and its network latency (user to gateway) as
 * 25-60 ms; ESA's EDRS advertises 1.8 Gbit/s per laser link through GEO (about 250 ms one way).
 *
 * @param bandwidthBps per-satellite bandwidth through the relay, bit/s (&gt; 0, finite)
 * @param latencyS     one-way latency ground to satellite, s (&gt;= 0, finite)
 */
public record RelayLink(double bandwidthBps, double latencyS) {
    public RelayLink {
        if (!(bandwidthBps > 0 && Double.isFinite(bandwidthBps))) {
            throw new IllegalArgumentException("relay bandwidthBps must be > 0, got " + bandwidthBps);
        }
        if (!(latencyS >= 0 && Double.isFinite(latencyS))) {
            throw new IllegalArgumentException("relay latency must be >= 0, got " + latencyS);
        }
    }

    /**
     * @param startMs    time the data is available, ms since the epoch
     * @param bytes      volume, bytes (&gt;= 0)
     * @param satellites number of satellites the volume may be split across (&gt;= 1): each brings its own
     *                   {@code bandwidthBps}; 1 for a single satellite
     * @return time the whole volume has arrived, ms since the epoch (rounded up to the ms)
     */
    public long deliveryMs(long startMs, double bytes, int satellites) {
        if (!(bytes >= 0) || satellites < 1) {
            throw new IllegalArgumentException("bytes must be >= 0 and satellites >= 1");
        }
        return startMs + (long) Math.ceil((latencyS + 8 * bytes / (bandwidthBps * satellites)) * 1000);
    }
}
