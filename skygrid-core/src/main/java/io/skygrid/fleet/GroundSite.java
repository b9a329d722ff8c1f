package io.skygrid.fleet;

/**
 * A terrestrial GPU supercluster: identical nodes of {@code gpusPerNode} accelerators.
 *
 * <p>IT power of a node = {@code hostPowerPerNodeW} + busy GPUs x TDP; facility power = PUE x IT power.
 * The default host share, 4,600 W, is the NVIDIA DGX H100 maximum system power (10.2 kW, DGX H100
 * datasheet) less 8 x 700 W of GPU TDP.
 *
 * @param name                  unique site name
 * @param latitudeDeg           geodetic latitude, degrees [-90, 90]
 * @param longitudeDeg          longitude, degrees [-180, 180]
 * @param accelerator           accelerator model of every GPU
 * @param gpus                  number of GPUs, a multiple of {@code gpusPerNode}
 * @param gpusPerNode           GPUs per node (NVLink domain)
 * @param powerCapW             facility power cap, W (including PUE overhead)
 * @param pue                   power usage effectiveness, >= 1
 * @param electricityUsdPerKWh  electricity price, USD per kWh
 * @param hostPowerPerNodeW     non-GPU IT power of one node, W (CPUs, NICs, fans, storage)
 */
public record GroundSite(String name, double latitudeDeg, double longitudeDeg, Accelerator accelerator,
                         int gpus, int gpusPerNode, double powerCapW, double pue,
                         double electricityUsdPerKWh, double hostPowerPerNodeW) {

    /** DGX H100 maximum system power 10.2 kW less 8 x 700 W GPU TDP (NVIDIA DGX H100 datasheet). */
    public static final double DEFAULT_HOST_POWER_PER_NODE_W = 10_200 - 8 * 700;

    public GroundSite {
        if (gpus <= 0 || gpusPerNode <= 0 || gpus % gpusPerNode != 0) {
            throw new IllegalArgumentException("site " + name + ": gpus must be a positive multiple of gpusPerNode");
        }
        if (!(pue >= 1)) throw new IllegalArgumentException("site " + name + ": pue must be >= 1");
        if (!(powerCapW > 0)) throw new IllegalArgumentException("site " + name + ": powerCapW must be > 0");
    }

    /** @return number of nodes */
    public int nodes() {
        return gpus / gpusPerNode;
    }

    /**
     * Facility power (W) drawn with {@code busyGpus} GPUs at full TDP and every node's host powered.
     */
    public double facilityPowerW(long busyGpus) {
        return pue * (nodes() * hostPowerPerNodeW + busyGpus * accelerator.tdpW());
    }
}
