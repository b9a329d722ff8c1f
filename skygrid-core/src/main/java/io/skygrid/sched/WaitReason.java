package io.skygrid.sched;

/**
 * Why a job waits, as the scheduler last saw it (the {@code wait_reason} column of {@code jobs.csv}).
 */
public enum WaitReason {
    /** Did not wait. */
    NONE("", "did not wait"),
    /** Jobs ahead of it in the policy's queue order went first. */
    QUEUE_ORDER("queue-order", "jobs ahead of it in the queue order went first"),
    /** No site or cluster had enough free GPUs (whole gang, all-or-nothing) for it. */
    NO_GANG_FITS("no-gang-fits", "no site or cluster had room for the whole gang"),
    /** GPUs were free but not powered: a ground site's power cap or satellites switched off for power. */
    POWER("power", "GPUs were free but not powered (site power cap or satellites off for lack of power)"),
    /** Its tenant's reservation was used up and its borrowing limit reached. */
    QUOTA("quota", "its tenant had used its reservation and reached its borrowing limit"),
    /** It would fit, but starting it would have delayed the reservation of the job at the head of the queue. */
    RESERVATION("behind-reservation", "it fit, but would have delayed the reservation held by the queue's head"),
    /** It was preempted and waits to restart from its last checkpoint. */
    PREEMPTED("preempted", "it was preempted and waits to restart from its last checkpoint"),
    /** It was placed on a constellation and waited on its GPUs for its input to be uplinked. */
    DATA("data-not-uploaded", "its input data was not yet on board: uploading to the constellation it was placed on, or unable to reach one within maxStagingWait"),
    /** A failure (accelerator, radiation fault, satellite loss) hit its gang; it waits to restart from its last checkpoint. */
    FAILURE("failure", "a failure hit its gang and it waits to restart from its last checkpoint");

    private final String label;
    private final String text;

    WaitReason(String label, String text) {
        this.label = label;
        this.text = text;
    }

    /** @return the label used in jobs.csv (empty for {@link #NONE}) */
    public String label() {
        return label;
    }

    /** @return a sentence fragment for explanations */
    public String text() {
        return text;
    }
}
