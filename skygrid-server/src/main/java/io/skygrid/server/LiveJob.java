package io.skygrid.server;

import io.skygrid.sched.Placement;

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
    /** Why the job waits: a code of {@link WaitReason} and its numbers, set by every scheduling pass. */
    WaitReason wait = WaitReason.NOT_YET_CONSIDERED;
    long waitA;
    long waitB;
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

    /** Why a queued job has not started. */
    public enum WaitReason {
        NOT_YET_CONSIDERED,
        /** waitA = GPUs the tenant holds, waitB = its quota. */
        TENANT_QUOTA,
        /** waitA = largest gang that fits now anywhere it may run, waitB = free GPUs there. */
        NO_CAPACITY,
        /** waitA = GPUs reserved for other tenants in the pools it may use. */
        RESERVED_FOR_OTHERS,
        /** Target pool is powered down or every node is out of service. */
        TARGET_UNAVAILABLE
    }

    String waitText() {
        return switch (wait) {
            case NOT_YET_CONSIDERED -> "just queued: the next scheduling pass (within milliseconds) considers it";
            case TENANT_QUOTA -> "tenant quota: the tenant holds " + waitA + " of its " + waitB
                    + " GPUs and this job needs " + gpus + " more";
            case NO_CAPACITY -> "no capacity: needs a gang of " + gpus + " GPUs; " + waitB
                    + " GPUs are free on powered, in-service nodes " + (target != null ? "of " + target : "across the fleet")
                    + (target != null ? "" : ", the largest pool has " + waitA + " free");
            case RESERVED_FOR_OTHERS -> "capacity is reserved: " + waitA + " free GPUs are held for other tenants' reservations";
            case TARGET_UNAVAILABLE -> "target " + target + " has no powered, in-service node";
        };
    }
}
