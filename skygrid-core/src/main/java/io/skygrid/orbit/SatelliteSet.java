package io.skygrid.orbit;

import io.skygrid.scenario.InputException;

import java.util.List;

/**
 * Satellites of one constellation, as loaded by {@link Satellites#load}.
 *
 * @param satellites     satellites in file or generation order (index = satellite id)
 * @param skippedRecords records skipped because they were bad, in file order; empty unless bad TLEs were
 *                       allowed to be skipped
 */
public record SatelliteSet(List<SatelliteOrbit> satellites, List<Skipped> skippedRecords) {
    public SatelliteSet {
        satellites = List.copyOf(satellites);
        skippedRecords = List.copyOf(skippedRecords);
    }

    /**
     * One skipped TLE or OMM record.
     *
     * @param file      the element-set file as given
     * @param line      1-based physical line of the problem (0 if unknown)
     * @param catalogue the record's catalogue number as written (TLE columns 3-7, OMM NORAD_CAT_ID), or
     *                  null if the record has none that can be read
     * @param reason    what is wrong, e.g. {@code inclination (line 2, columns 9-16) must be NNN.NNNN
     *                  degrees, got ' 5x.0536'}
     */
    public record Skipped(String file, int line, String catalogue, String reason) {
        /** @return {@code file:line: reason}, as the error would have said without skipping */
        public String message() {
            return file + (line > 0 ? ":" + line : "") + ": " + reason;
        }

        /** @return the skipped record of a load error; {@code catalogue} may be null */
        static Skipped of(InputException e, String catalogue) {
            String prefix = e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": ";
            String m = e.getMessage();
            return new Skipped(e.file(), e.line(), catalogue, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
    }

    /** @return the skipped records as messages {@code file:line: reason}, in file order */
    public List<String> skipped() {
        return skippedRecords.stream().map(Skipped::message).toList();
    }
}
