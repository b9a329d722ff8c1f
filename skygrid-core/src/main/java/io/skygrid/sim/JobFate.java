package io.skygrid.sim;

/** What became of a job by the end of the horizon. */
public enum JobFate {
    /** Ran to completion within the horizon. */
    COMPLETED("completed"),
    /** Started and still holding its GPUs at the horizon (possibly paused for power). */
    RUNNING("running"),
    /** Submitted and still waiting at the horizon. */
    QUEUED("queued"),
    /** Can never run on this fleet (e.g. larger than every site and cluster); the reason is recorded. */
    REJECTED("rejected"),
    /** Its submission time lies at or after the horizon, so it was never submitted. */
    AFTER_HORIZON("after-horizon");

    private final String label;

    JobFate(String label) {
        this.label = label;
    }

    /** @return the lower-case label used in reports */
    public String label() {
        return label;
    }
}
