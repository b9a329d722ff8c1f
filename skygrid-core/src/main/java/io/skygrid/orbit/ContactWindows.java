package io.skygrid.orbit;

/**
 * Contact windows of one satellite with ground stations: sorted by AOS; times in ms since the epoch.
 * A window open at the start of the horizon has AOS 0; one still open at its end has LOS = horizon.
 *
 * @param aosMs      acquisition of signal (rise above the elevation mask), ms
 * @param losMs      loss of signal, ms ({@code losMs[k] > aosMs[k]})
 * @param station    index of the station in {@code Fleet.stations()}
 * @param maxElevDeg maximum elevation in the window, degrees
 */
public record ContactWindows(long[] aosMs, long[] losMs, int[] station, double[] maxElevDeg) {
    public ContactWindows {
        if (aosMs.length != losMs.length || aosMs.length != station.length || aosMs.length != maxElevDeg.length) {
            throw new IllegalArgumentException("arrays must have the same length");
        }
    }

    /** @return number of windows */
    public int size() {
        return aosMs.length;
    }

    /** @return total time in contact with any station, counting overlaps once, ms */
    public long totalContactMs() {
        long total = 0;
        long coveredTo = Long.MIN_VALUE;
        for (int k = 0; k < aosMs.length; k++) {
            long a = Math.max(aosMs[k], coveredTo);
            if (losMs[k] > a) {
                total += losMs[k] - a;
                coveredTo = losMs[k];
            }
        }
        return total;
    }
}
