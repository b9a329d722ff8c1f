package io.skygrid.fleet;

import java.util.Objects;

/**
 * An AI accelerator model as listed in {@link AcceleratorCatalog}. Every figure is per GPU (per chip), also
 * for rack-scale systems such as GB200 NVL72 whose datasheets print rack totals.
 *
 * @param model                 catalogue key, e.g. {@code H100-SXM}
 * @param tdpW                  thermal design power (maximum board power), W
 * @param denseBf16Tflops       dense BF16 tensor throughput, TFLOP/s (without sparsity)
 * @param memoryBytes           on-package HBM capacity, bytes
 * @param hbmBandwidthBytesPerS HBM bandwidth, bytes/s, > 0
 * @param nvlinkDomainGpus      GPUs in the largest NVLink domain the model is sold in (all-to-all over NVLink
 *                              / NVSwitch: 8 for an HGX board, 72 for an NVL72 rack), >= 0; 0 when the chip has
 *                              no NVLink (a TPU)
 * @param source                datasheet or publication the figures come from
 */
public record Accelerator(String model, double tdpW, double denseBf16Tflops, long memoryBytes,
                          double hbmBandwidthBytesPerS, int nvlinkDomainGpus, String source) {
    public Accelerator {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        if (!(tdpW > 0)) throw new IllegalArgumentException("tdpW must be > 0, got " + tdpW);
        if (!(denseBf16Tflops > 0)) throw new IllegalArgumentException("denseBf16Tflops must be > 0");
        if (memoryBytes <= 0) throw new IllegalArgumentException("memoryBytes must be > 0");
        if (!(hbmBandwidthBytesPerS > 0)) throw new IllegalArgumentException("hbmBandwidthBytesPerS must be > 0");
        if (nvlinkDomainGpus < 0) throw new IllegalArgumentException("nvlinkDomainGpus must be >= 0");
    }
}
