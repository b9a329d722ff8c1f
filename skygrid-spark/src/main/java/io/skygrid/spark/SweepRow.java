package io.skygrid.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One row of a sweep's results table: a run, its axis values and either its figures or its error.
 *
 * @param index       0-based run number (rows sort by it)
 * @param id          run id, {@code run-0001} ...
 * @param axisValues  value of each axis as written in the grid, in axis order
 * @param status      {@link #OK} or {@link #ERROR}
 * @param error       what went wrong, or {@code ""}
 * @param figures     one value per {@link RunFigures#METRICS} entry (NaN throughout for a failed run)
 * @param fingerprint the run's {@link io.skygrid.scenario.SweepGrid.Run#fingerprint()}
 */
public record SweepRow(int index, String id, List<String> axisValues, String status, String error, double[] figures,
                       String fingerprint) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String OK = "ok";
    public static final String ERROR = "error";

    public boolean ok() {
        return OK.equals(status);
    }

    /** @return the value of a metric */
    public double metric(String name) {
        int i = RunFigures.METRICS.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("unknown metric " + name);
        return figures[i];
    }
}
