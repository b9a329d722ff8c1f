package io.skygrid.sim;

/**
 * Rates and repair times of the failure model ({@link FailureModel}); the scenario's {@code failures}
 * section. Every rate is a constant-rate (exponential, memoryless) process per device or per satellite.
 *
 * <h2>Sources of the defaults</h2>
 * <ul>
 *   <li><b>Accelerator failures</b>, everywhere: Dubey et al. 2024, "The Llama 3 Herd of Models"
 *       (arXiv:2407.21783), section 3.3.4: 419 unexpected interruptions in a 54-day snapshot of pre-training
 *       on 16,384 H100 GPUs, so one interruption per 16,384 x 54 x 24 / 419 = {@value #LLAMA3_GPU_HOURS_PER_INTERRUPTION}
 *       GPU-hours (a per-GPU MTBF of about 5.8 years, one interruption every 3.1 hours on that cluster).
 *       GPU issues (faulty GPUs, HBM3, SRAM, GPU system processor, ...) were 58.7 % of them
 *       ({@value #LLAMA3_GPU_SHARE}); the default counts all 419, since each stopped the job at one node.
 *       Set {@code gpuMtbfHours} to 50,677 / 0.587 = 86,332 h to count GPU-attributed interruptions only.</li>
 *   <li><b>Radiation-induced faults</b>, in orbit only, on top of the above: Suncatcher (Google 2025,
 *       "Towards a future space-based, highly scalable AI infrastructure system design", arXiv:2511.19468):
 *       a five-year mission at 650 km behind shielding expects 750 rad(Si), i.e.
 *       {@value #SUNCATCHER_DOSE_RAD_PER_YEAR} rad(Si) per year; in 67 MeV proton-beam tests of TPU v6e
 *       (Trillium) the HBM was the most sensitive part, with uncorrectable ECC errors at about one per
 *       50 rad(Si) per chip ({@value #SUNCATCHER_FAULTS_PER_RAD} per rad), and no hard failure from total
 *       dose up to 15 krad(Si). An uncorrectable error stops the job on that chip; the chip is reset.</li>
 *   <li><b>Satellite loss</b>: {@value #DEFAULT_SATELLITE_LOSS_PER_YEAR} per satellite-year, rounded from
 *       J. McDowell's count of failed Starlink satellites (about 2.5 % of roughly 900 launched, mostly
 *       within their first year, reported October 2020). A lost satellite is never repaired.</li>
 *   <li><b>Repair times</b> are assumptions, not measurements (no cited source publishes them):
 *       {@value #DEFAULT_GPU_REPAIR_HOURS} h to drain a node and swap a GPU tray on the ground or in orbit
 *       (in orbit: to fence the device off), {@value #DEFAULT_RADIATION_REPAIR_MINUTES} min to reset a chip
 *       after a radiation fault. Set them for your operation.</li>
 * </ul>
 *
 * @param enabled                 whether failures are drawn at all
 * @param gpuMtbfHours            mean time between failures of one accelerator, hours, > 0 (infinite: none)
 * @param gpuRepairMs             time from an accelerator failure to its return to service, ms, >= 0
 * @param doseRadPerYear          ionising dose in orbit, rad(Si) per year, >= 0
 * @param faultsPerRad            radiation faults per chip per rad(Si), >= 0
 * @param radiationRepairMs       time from a radiation fault to the chip's return to service, ms, >= 0
 * @param satelliteLossPerYear    satellite losses per satellite-year, >= 0
 */
public record FailureSpec(boolean enabled, double gpuMtbfHours, long gpuRepairMs, double doseRadPerYear,
                          double faultsPerRad, long radiationRepairMs, double satelliteLossPerYear) {
    /** Llama 3: unexpected interruptions in the 54-day snapshot. */
    public static final int LLAMA3_INTERRUPTIONS = 419;
    /** Llama 3: H100 GPUs of the pre-training cluster. */
    public static final int LLAMA3_GPUS = 16_384;
    /** Llama 3: length of the snapshot, days. */
    public static final int LLAMA3_DAYS = 54;
    /** Llama 3: GPU-hours per unexpected interruption, 16,384 x 54 x 24 / 419. */
    public static final double LLAMA3_GPU_HOURS_PER_INTERRUPTION = 16_384.0 * 54 * 24 / 419; // 50,677.0
    /** Llama 3: share of the unexpected interruptions attributed to GPU issues. */
    public static final double LLAMA3_GPU_SHARE = 0.587;
    /** Suncatcher: 750 rad(Si) over a five-year mission at 650 km, shielded. */
    public static final double SUNCATCHER_DOSE_RAD_PER_YEAR = 150.0;
    /** Suncatcher: TPU v6e HBM uncorrectable ECC errors, about one per 50 rad(Si) per chip. */
    public static final double SUNCATCHER_FAULTS_PER_RAD = 0.02;
    /** Rounded from McDowell's 2020 count of failed Starlink satellites (about 2.5 %). */
    public static final double DEFAULT_SATELLITE_LOSS_PER_YEAR = 0.025;
    /** Assumption: hours to take a failed accelerator out and return the node to service. */
    public static final double DEFAULT_GPU_REPAIR_HOURS = 24;
    /** Assumption: minutes to reset a chip after a radiation fault. */
    public static final double DEFAULT_RADIATION_REPAIR_MINUTES = 10;

    /** No failures (the behaviour without a {@code failures} section). */
    public static final FailureSpec NONE = new FailureSpec(false, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0);
    /** Every default above, enabled. */
    public static final FailureSpec DEFAULTS = new FailureSpec(true, LLAMA3_GPU_HOURS_PER_INTERRUPTION,
            Math.round(DEFAULT_GPU_REPAIR_HOURS * 3_600_000), SUNCATCHER_DOSE_RAD_PER_YEAR, SUNCATCHER_FAULTS_PER_RAD,
            Math.round(DEFAULT_RADIATION_REPAIR_MINUTES * 60_000), DEFAULT_SATELLITE_LOSS_PER_YEAR);

    public FailureSpec {
        if (!(gpuMtbfHours > 0)) throw new IllegalArgumentException("gpuMtbfHours must be > 0, got " + gpuMtbfHours);
        if (gpuRepairMs < 0 || radiationRepairMs < 0) throw new IllegalArgumentException("repair times must be >= 0");
        if (!(doseRadPerYear >= 0) || Double.isInfinite(doseRadPerYear)) throw new IllegalArgumentException("doseRadPerYear must be >= 0");
        if (!(faultsPerRad >= 0) || Double.isInfinite(faultsPerRad)) throw new IllegalArgumentException("faultsPerRad must be >= 0");
        if (!(satelliteLossPerYear >= 0) || Double.isInfinite(satelliteLossPerYear)) {
            throw new IllegalArgumentException("satelliteLossPerYear must be >= 0");
        }
    }

    /** @return accelerator failures per device-hour (all causes of the Llama 3 count) */
    public double gpuFailuresPerHour() {
        return enabled ? 1.0 / gpuMtbfHours : 0.0;
    }

    /** @return radiation faults per chip-hour in orbit */
    public double radiationFaultsPerHour() {
        return enabled ? doseRadPerYear * faultsPerRad / FailureModel.HOURS_PER_YEAR : 0.0;
    }

    /** @return satellite losses per satellite-hour */
    public double satelliteLossesPerHour() {
        return enabled ? satelliteLossPerYear / FailureModel.HOURS_PER_YEAR : 0.0;
    }

    /** @return expected failures per day (all kinds) of a ground site of {@code gpus} accelerators */
    public double expectedGroundFailuresPerDay(long gpus) {
        return gpus * gpuFailuresPerHour() * 24;
    }
}
