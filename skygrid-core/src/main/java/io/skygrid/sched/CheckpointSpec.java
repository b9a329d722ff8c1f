package io.skygrid.sched;

import java.util.List;

/**
 * Checkpointing of training jobs, per job class, and the storage bandwidth that writes and reads them.
 *
 * <p>Model: a job checkpoints every {@code intervalMs} of computed progress; a write is asynchronous
 * (overlapped with compute, as CheckFreq, Mohan et al., FAST 2021, and Check-N-Run, Eisenman et al.,
 * NSDI 2022, do) and becomes durable {@code sizeGB / storageGBps} seconds after it starts. A preempted
 * job loses the progress since its last checkpoint; if a write is in flight when it is preempted the job
 * keeps its GPUs until the write is durable (never freeing resources early), and a restarted job first
 * reads its checkpoint back ({@code sizeGB / storageGBps} seconds on its GPUs) before computing again.
 *
 * <p>Default classes assume 16 bytes of training state per parameter (mixed-precision Adam: fp16
 * weights and gradients, fp32 master weights, momentum and variance; Rajbhandari et al., "ZeRO", SC 2020)
 * and models that grow with the gang: about 1 B parameters per GPU up to 8 GPUs (16 GB for 1 GPU,
 * 128 GB for a node), 70 B parameters from 64 GPUs (1.1 TB) and 405 B from 1,024 GPUs (6.5 TB, Llama 3
 * 405B); the default storage bandwidth, 100 GB/s, is a mid-size parallel file system (a Skygrid
 * assumption, set it per scenario).
 *
 * @param storageGBps bandwidth for checkpoint writes and reads, GB/s (> 0)
 * @param classes     classes by smallest gang size, ascending {@code minGpus}, the first with minGpus 1
 */
public record CheckpointSpec(double storageGBps, List<JobClass> classes) {
    /**
     * @param minGpus    smallest gang of the class
     * @param intervalMs progress between checkpoints, ms (> 0)
     * @param sizeGB     checkpoint size, GB (>= 0)
     */
    public record JobClass(int minGpus, long intervalMs, double sizeGB) {
        public JobClass {
            if (minGpus < 1) throw new IllegalArgumentException("minGpus must be >= 1");
            if (intervalMs <= 0) throw new IllegalArgumentException("intervalMs must be > 0");
            if (!(sizeGB >= 0) || Double.isInfinite(sizeGB)) throw new IllegalArgumentException("sizeGB must be >= 0");
        }
    }

    public static final CheckpointSpec DEFAULT = new CheckpointSpec(100, List.of(
            new JobClass(1, 3_600_000L, 16),
            new JobClass(8, 3_600_000L, 128),
            new JobClass(64, 3_600_000L, 1_120),
            new JobClass(1024, 3_600_000L, 6_480)));

    public CheckpointSpec {
        classes = List.copyOf(classes);
        if (!(storageGBps > 0) || Double.isInfinite(storageGBps)) throw new IllegalArgumentException("storageGBps must be > 0");
        if (classes.isEmpty() || classes.get(0).minGpus() != 1) {
            throw new IllegalArgumentException("the first checkpoint class must have minGpus 1");
        }
        for (int i = 1; i < classes.size(); i++) {
            if (classes.get(i).minGpus() <= classes.get(i - 1).minGpus()) {
                throw new IllegalArgumentException("checkpoint classes must ascend by minGpus");
            }
        }
    }

    /** @return the class of a gang of {@code gpus} (the last class whose minGpus <= gpus) */
    public JobClass classOf(int gpus) {
        JobClass c = classes.get(0);
        for (JobClass k : classes) {
            if (k.minGpus() <= gpus) c = k;
        }
        return c;
    }

    /** @return time to write or read a checkpoint of {@code gpus}'s class, ms */
    public long transferMs(int gpus) {
        return Math.round(classOf(gpus).sizeGB() / storageGBps * 1000.0);
    }
}
