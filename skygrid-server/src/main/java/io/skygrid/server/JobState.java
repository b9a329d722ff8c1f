package io.skygrid.server;

/** Life cycle of a job in the control plane. */
public enum JobState {
    /** Accepted and durable, waiting for capacity, quota or a reservation. */
    QUEUED,
    /** Holding GPUs; compute advances while every node it holds is powered. */
    RUNNING,
    /** All compute done. */
    SUCCEEDED,
    /** Cancelled by its tenant or an operator. */
    CANCELLED,
    /** Could not complete (e.g. its target pool disappeared from the scenario). */
    FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == CANCELLED || this == FAILED;
    }
}
