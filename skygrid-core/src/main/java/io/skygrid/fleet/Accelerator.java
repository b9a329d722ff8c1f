package io.skygrid.fleet;

import java.util.Objects;

/**
 * An AI accelerator model as listed in {@link AcceleratorCatalog}.
 *
 * @param model           catalogue key, e.g. {@code H100-SXM}
 * @param tdpW            thermal design power (maximum board power), W
 * @param denseBf16Tflops dense BF16 tensor throughput, TFLOP/s (without sparsity)
 * @param memoryBytes     on-package HBM capacity, bytes
 * @param source          datasheet or publication the figures come from
 */
public record Accelerator(String model, double tdpW, double denseBf16Tflops, long memoryBytes, String source) {
    public Accelerator {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        if (!(tdpW > 0)) throw new IllegalArgumentException("tdpW must be > 0, got " + tdpW);
        if (!(denseBf16Tflops > 0)) throw new IllegalArgumentException("denseBf16Tflops must be > 0");
        if (memoryBytes <= 0) throw new IllegalArgumentException("memoryBytes must be > 0");
    }
}
