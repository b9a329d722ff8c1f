package io.skygrid.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of accelerator models Skygrid knows. Every figure cites its datasheet.
 * Memory sizes are decimal gigabytes as printed on datasheets (80 GB = 80e9 bytes).
 */
public final class AcceleratorCatalog {
    private static final long GB = 1_000_000_000L;
    private static final Map<String, Accelerator> MODELS = new LinkedHashMap<>();

    static {
        // NVIDIA H100 Tensor Core GPU datasheet (2023), SXM column: max TDP 700 W,
        // BF16 Tensor Core 1,979 TFLOPS with sparsity = 989 TFLOPS dense, 80 GB HBM3.
        add(new Accelerator("H100-SXM", 700, 989, 80 * GB,
                "NVIDIA H100 Tensor Core GPU datasheet, SXM form factor"));
        // Same datasheet, PCIe column: 350 W, 1,513 sparse -> 756 dense BF16 TFLOPS, 80 GB HBM2e.
        add(new Accelerator("H100-PCIe", 350, 756, 80 * GB,
                "NVIDIA H100 Tensor Core GPU datasheet, PCIe form factor"));
        // NVIDIA H200 datasheet: SXM up to 700 W, BF16 1,979 TFLOPS sparse (989 dense), 141 GB HBM3e.
        add(new Accelerator("H200-SXM", 700, 989, 141 * GB,
                "NVIDIA H200 Tensor Core GPU datasheet, SXM form factor"));
        // NVIDIA A100 datasheet: SXM 400 W, BF16 312 TFLOPS dense, 80 GB HBM2e.
        add(new Accelerator("A100-SXM-80GB", 400, 312, 80 * GB,
                "NVIDIA A100 Tensor Core GPU datasheet, SXM 80GB"));
        // NVIDIA DGX B200 datasheet: 8 GPUs, 72 PFLOPS FP8 training -> 4.5 PFLOPS FP8 / 2.25 PFLOPS
        // dense BF16 per GPU; 1,440 GB total HBM3e -> 180 GB per GPU; HGX B200 GPU TDP 1,000 W.
        add(new Accelerator("B200", 1000, 2250, 180 * GB,
                "NVIDIA DGX B200 datasheet (per-GPU share); HGX B200 1,000 W TDP"));
        // Google Cloud TPU v6e (Trillium) documentation: 918 TFLOPS BF16 peak, 32 GB HBM per chip;
        // power is not published: 300 W is an assumption used by Project Suncatcher-style studies.
        add(new Accelerator("TPU-v6e", 300, 918, 32 * GB,
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
