package io.skygrid.server;

import io.skygrid.sched.Placement;
import io.skygrid.sched.WaitReason;

/**
 * A job as the control plane tracks it. Immutable request fields are final; the rest is guarded by
 * the {@link ControlPlane}'s lock. Times are simulated ms since the scenario epoch.
 */
public final class LiveJob {
    public final long id;
    public final long tenantId;
    public final String name;
    public final String idempotencyKey;
    public final String jobClass;
    public final int gpus;
    public final long durationMs;
    public final int priority;
    public final long checkpointBytes;
    public final long checkpointIntervalMs;
    public final long inputBytes;
    public final long outputBytes;
    /** Pool (site or constellation) the job must run in, or null for any. */
    public final String target;
    public final long submitMs;
    public final long submitWallMs;

    JobState state = JobState.QUEUED;
    long startMs = -1;
    long endMs = -1;
    /** Compute done as of the last durable checkpoint, ms. */
    long checkpointDoneMs;
    /** Compute done so far in the current run (since the last start, from checkpointDoneMs), ms. */
    long progressMs;
    int restarts;
    String pool;
    int[] nodes;
    Placement placement;
    int poolIndex = -1;
    boolean paused;
    String reason;
    /**
     * Why the job waits, as core's scheduler names it ({@link WaitReason#NONE}: not yet considered), with its
     * numbers for {@link #waitText}: QUOTA: waitA = GPUs held, waitB = the limit reached (waitFlag: the
     * tenant's quotaGpus, else its borrowing limit beyond reservations); NO_GANG_FITS: waitA = most free GPUs
     * in one pool it may use, waitB = free GPUs in all of them (waitFlag: its target has no powered, in-service
     * node); RESERVATION and QUEUE_ORDER: waitA = id of the job at the head of the queue, waitB = the head's
     * reserved start, simulated ms (-1: unknown).
     */
    WaitReason wait = WaitReason.NONE;
    long waitA;
    long waitB;
    boolean waitFlag;
    /** Compute time run so far over all runs (progress lost to restarts included), ms: Tiresias' attained service / gpus. */
    long executedMs;
    /** Attained service (Tiresias): GPU-ms received, reset when the starvation guard promotes the job. */
    double attainedGpuMs;
    /** Bumped at every enqueue (a pending promotion of an earlier stay in the queue is void). */
    int queueVersion;
    /** Dense index of the job's tenant (the control plane's tenant order). */
    int tenantIndex;
    /** Sub-queue of the queue policy ({@code class * tenants + tenant}) and the order key within it. */
    int subQ = -1;
    long subKey;
    /** Scheduling cycle in which it was passed over for its tenant's quota. */
    int skippedCycle;
    /** System.nanoTime() when the job entered the queue (placement latency). */
    long enqueuedNs;
    boolean consideredOnce;

    LiveJob(long id, long tenantId, String name, String idempotencyKey, String jobClass, int gpus, long durationMs,
            int priority, long checkpointBytes, long checkpointIntervalMs, long inputBytes, long outputBytes,
            String target, long submitMs, long submitWallMs) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.idempotencyKey = idempotencyKey;
        this.jobClass = jobClass;
        this.gpus = gpus;
        this.durationMs = durationMs;
        this.priority = priority;
        this.checkpointBytes = checkpointBytes;
        this.checkpointIntervalMs = checkpointIntervalMs;
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
        this.target = target;
        this.submitMs = submitMs;
        this.submitWallMs = submitWallMs;
    }

    public JobState state() {
        return state;
    }

    /** @return compute done, ms (checkpointed plus the current run's progress) */
    public long doneMs() {
        return state == JobState.RUNNING ? progressMs : (state == JobState.SUCCEEDED ? durationMs : checkpointDoneMs);
    }

    String waitText(java.time.Instant epoch) {
        return switch (wait) {
            case NONE -> "just queued: the next scheduling pass (within milliseconds) considers it";
            case QUOTA -> waitFlag
                    ? "tenant quota: the tenant holds " + waitA + " of its " + waitB + " GPUs and this job needs " + gpus + " more"
                    : "tenant quota: the tenant has used its reservations and holds " + waitA + " GPUs beyond them, its borrowing limit is "
                    + waitB + ", and this job needs " + gpus + " more";
            case NO_GANG_FITS -> waitFlag ? "target " + target + " has no powered, in-service node"
                    : "no capacity: needs a gang of " + gpus + " GPUs; " + waitB
                    + " GPUs are free on powered, in-service nodes " + (target != null ? "of " + target : "across the fleet")
                    + (target != null ? "" : ", the largest pool has " + waitA + " free");
            case POWER -> "no power: enough GPUs are free but not powered (the site's power cap, or satellites switched off for lack of energy)";
            case RESERVATION -> "behind the reservation: it would fit now, but would delay job " + waitA
                    + ", first in the queue order, which holds an EASY-backfill reservation"
                    + (waitB >= 0 && waitB < Long.MAX_VALUE / 2 ? " to start by " + epoch.plusMillis(waitB) : "");
            case QUEUE_ORDER -> "queue order: job " + waitA + " goes first (backfill: none)";
            case PREEMPTED -> "preempted; waits to restart from its last checkpoint";
            // the live twin does not stage data through the contact plan (input and output sizes are recorded only)
            case DATA -> "input data not yet uploaded to its constellation";
            case FAILURE -> "a failure hit its gang; it waits to restart from its last checkpoint";
        };
    }
}
