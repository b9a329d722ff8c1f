package io.skygrid.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of accelerator models Skygrid knows. Every figure cites its datasheet.
 * Memory sizes are decimal gigabytes as printed on datasheets (80 GB = 80e9 bytes), bandwidths decimal
 * (TB/s = 1e12 bytes/s). Figures are per GPU: where a datasheet prints rack totals (GB200 / GB300 NVL72)
 * they are divided by the 72 GPUs of the rack, and an entry says so, as it says which figures are
 * assumptions rather than datasheet values.
 */
public final class AcceleratorCatalog {
    private static final long GB = 1_000_000_000L;
    /** Decimal terabyte (bandwidths: TB/s = 1e12 bytes/s). */
    private static final double TB = 1e12;
    private static final Map<String, Accelerator> MODELS = new LinkedHashMap<>();

    static {
        // NVIDIA H100 Tensor Core GPU datasheet (2023), SXM column: max TDP 700 W,
        // BF16 Tensor Core 1,979 TFLOPS with sparsity = 989 TFLOPS dense, 80 GB HBM3 at 3.35 TB/s;
        // HGX H100 boards of 8 GPUs on NVSwitch.
        add(new Accelerator("H100-SXM", 700, 989, 80 * GB, 3.35 * TB, 8,
                "NVIDIA H100 Tensor Core GPU datasheet, SXM form factor"));
        // Same datasheet, PCIe column: 350 W, 1,513 sparse -> 756 dense BF16 TFLOPS, 80 GB HBM2e at 2 TB/s;
        // NVLink only as a 2-way bridge.
        add(new Accelerator("H100-PCIe", 350, 756, 80 * GB, 2 * TB, 2,
                "NVIDIA H100 Tensor Core GPU datasheet, PCIe form factor"));
        // NVIDIA H200 datasheet: SXM up to 700 W, BF16 1,979 TFLOPS sparse (989 dense), 141 GB HBM3e at
        // 4.8 TB/s; HGX H200 boards of 8 GPUs.
        add(new Accelerator("H200-SXM", 700, 989, 141 * GB, 4.8 * TB, 8,
                "NVIDIA H200 Tensor Core GPU datasheet, SXM form factor"));
        // NVIDIA A100 datasheet: SXM 400 W, BF16 312 TFLOPS dense, 80 GB HBM2e at 2,039 GB/s; 8 GPUs per
        // HGX A100 board on NVSwitch (the datasheet also lists 16-GPU HGX systems of two boards).
        add(new Accelerator("A100-SXM-80GB", 400, 312, 80 * GB, 2039 * GB, 8,
                "NVIDIA A100 Tensor Core GPU datasheet, SXM 80GB"));
        // NVIDIA DGX B200 datasheet: 8 GPUs, 72 PFLOPS FP8 training -> 4.5 PFLOPS FP8 / 2.25 PFLOPS
        // dense BF16 per GPU; 1,440 GB total HBM3e -> 180 GB per GPU, 64 TB/s -> 8 TB/s per GPU;
        // HGX B200 GPU TDP 1,000 W.
        add(new Accelerator("B200", 1000, 2250, 180 * GB, 8 * TB, 8,
                "NVIDIA DGX B200 datasheet (per-GPU share); HGX B200 1,000 W TDP"));
        // NVIDIA GB200 NVL72 datasheet, rack column: 72 Blackwell GPUs in one NVLink domain, FP16/BF16
        // Tensor Core 360 PFLOPS with sparsity -> 180 PFLOPS dense -> 2,500 TFLOPS dense BF16 per GPU; up to
        // 13.4 TB HBM3e at 576 TB/s -> 186 GB and 8 TB/s per GPU. The datasheet prints no per-GPU power:
        // 1,200 W per GPU (the GB200 configuration of NVIDIA's Blackwell architecture technical brief, at
        // which it quotes the 2.5 PFLOPS) is a stated assumption; Grace CPUs and NVLink switches are not in it.
        add(new Accelerator("GB200", 1200, 2500, 186 * GB, 8 * TB, 72,
                "NVIDIA GB200 NVL72 datasheet (rack totals / 72 GPUs); 1,200 W per GPU assumed"));
        // NVIDIA GB300 NVL72 datasheet, rack column: 72 Blackwell Ultra GPUs in one NVLink domain,
        // FP16/BF16 Tensor Core 360 PFLOPS with sparsity -> 2,500 TFLOPS dense BF16 per GPU; up to 576 TB/s
        // HBM3e -> 8 TB/s per GPU; 288 GB HBM3e per Blackwell Ultra GPU (NVIDIA Blackwell Ultra
        // announcement; the rack column's "up to 20 TB" is the usable share, 278 GB per GPU). Per-GPU power
        // is not on the datasheet: 1,400 W per GPU is a stated assumption (the figure reported for
        // Blackwell Ultra in GB300).
        add(new Accelerator("GB300", 1400, 2500, 288 * GB, 8 * TB, 72,
                "NVIDIA GB300 NVL72 datasheet (rack totals / 72 GPUs); 288 GB per GPU; 1,400 W per GPU assumed"));
        // Google Cloud TPU v6e (Trillium) documentation: 918 TFLOPS BF16 peak, 32 GB HBM at 1,640 GB/s per
        // chip, no NVLink (ICI torus instead); power is not published: 300 W is an assumption used by
        // Project Suncatcher-style studies.
        add(new Accelerator("TPU-v6e", 300, 918, 32 * GB, 1640 * GB, 0,
                "Google Cloud TPU v6e documentation (power assumed, not published)"));
    }

    private AcceleratorCatalog() {
    }

    private static void add(Accelerator a) {
        MODELS.put(a.model(), a);
    }

    /** @return the model, if the catalogue has it (exact, case-sensitive key) */
    public static Optional<Accelerator> find(String model) {
        return Optional.ofNullable(MODELS.get(model));
    }

    /**
     * @throws IllegalArgumentException naming the known models if {@code model} is unknown
     */
    public static Accelerator get(String model) {
        Accelerator a = MODELS.get(model);
        if (a == null) {
            throw new IllegalArgumentException("unknown accelerator '" + model + "', known: " + MODELS.keySet());
        }
        return a;
    }

    /** @return all models, in catalogue order */
    public static Map<String, Accelerator> all() {
        return Collections.unmodifiableMap(MODELS);
    }
}
