package io.skygrid.scenario;

import io.skygrid.econ.Economics;
import io.skygrid.econ.FleetParam;
import io.skygrid.econ.GroundParam;
import io.skygrid.econ.LaunchParam;
import io.skygrid.econ.OrbitParam;
import io.skygrid.econ.Param;
import io.skygrid.econ.ParamSet;
import io.skygrid.econ.SatelliteMass;
import io.skygrid.fleet.Accelerator;
import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.RelayLink;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.Radiator;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.NodePool;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sim.FailureSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.TenantSpec;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;
import io.skygrid.workload.WorkloadSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a scenario file (YAML) into a {@link Scenario}.
 *
 * <h2>Format</h2>
 * A scenario file may be at most {@link #MAX_SCENARIO_BYTES} bytes (1 MiB), checked before it is read.
 * The commented reference is the built-in default, {@code examples/default.yaml} (also the classpath
 * resource {@code io/skygrid/scenario/default.yaml}). Top-level keys:
 * <ul>
 *   <li>{@code name} (required): letters, digits, {@code . _ -}; it names the default output folder.</li>
 *   <li>{@code epoch} (required): ISO-8601 instant, e.g. {@code 2026-06-01T00:00:00Z} (an offset such as
 *       {@code +02:00} is accepted and converted to UTC); year in [{@value #MIN_EPOCH_YEAR},
 *       {@value #MAX_EPOCH_YEAR}]; not a leap second ({@code 23:59:60}, which java.time cannot hold).</li>
 *   <li>{@code horizon} (required): {@code until-done} (ground-only trace replays: the run ends when every job
 *       has arrived and ended, at most {@link Scenario#UNTIL_DONE_CAP} of simulated time), or
 *       {@code <number><unit>} with unit {@code s}, {@code m} (minutes),
 *       {@code h} or {@code d} (e.g. {@code 90m}, {@code 36h}, {@code 7d}, {@code 1.5d}), or an ISO-8601
 *       duration ({@code PT36H}); at least 1 s and at most 366 days.</li>
 *   <li>{@code seed} (optional, default 1): whole number.</li>
 *   <li>{@code ground} (optional list): {@code name}, {@code location: {lat, lon}} (degrees, lat in
 *       [-90, 90], lon in [-180, 180]), {@code accelerator} (an {@link AcceleratorCatalog} key),
 *       {@code gpus} (> 0, at most 10,000,000, a multiple of {@code gpusPerNode}), {@code gpusPerNode}
 *       (GPUs of one node, i.e. one NVLink domain: 8 for HGX, 72 for GB200/GB300 NVL72; at most
 *       {@value io.skygrid.sched.NodePool#MAX_GPUS_PER_NODE}; default 8), {@code powerCapW} (W; enough for the idle draw plus one GPU,
 *       {@code pue x (nodes x hostPowerPerNodeW + TDP)}), {@code pue} (in [1, 3], default {@value #DEFAULT_PUE}),
 *       {@code electricityUsdPerKWh} (>= 0, required), {@code hostPowerPerNodeW} (W, >= 0, default
 *       {@link GroundSite#DEFAULT_HOST_POWER_PER_NODE_W}).</li>
 *   <li>{@code orbit} (optional list): {@code name}, {@code payload} and exactly one of
 *     <ul>
 *       <li>{@code walker: {inclinationDeg, altitudeKm, total, planes, phasing}} (phasing default 0) or
 *           {@code walker: {notation: "i:t/p/f", altitudeKm}}; inclination in [0, 180] deg, total a multiple
 *           of planes and at most 1,000,000, 0 <= phasing < planes; {@code pattern} {@code delta} (default,
 *           planes over 360 deg of RAAN) or {@code star} (over 180 deg); a pattern whose satellites come within
 *           1 km of each other (same slot, or a plane crossing at the same time) is refused;</li>
 *       <li>{@code sunSynchronous: {altitudeKm, ltan, satellites, formationRadiusM}}: ltan {@code "HH:MM"}
 *           (quote it) or hours in [0, 24); satellites at most 1,000,000; formationRadiusM in m, in
 *           [0, 100,000], default 0 (evenly spaced); with formationRadiusM > 0 the satellites fly a
 *           Hill-Clohessy-Wiltshire formation (see {@link io.skygrid.orbit.Formations}) at least
 *           {@code minSeparationM} apart (m, default 100, at least 10: about one satellite's span, see
 *           {@link io.skygrid.orbit.Formations#MIN_SEPARATION_M}), and a radius too small for that is refused;</li>
 *       <li>{@code tle: {file, nameFilter, max}}: nameFilter and max optional.</li>
 *       <li>{@code omm: {file, nameFilter, max}}: a CCSDS OMM file (CelesTrak JSON, or XML/KVN), same keys.</li>
 *     </ul>
 *     Designed orbits need {@code altitudeKm} in [{@value #MIN_ALTITUDE_KM}, {@value #MAX_ALTITUDE_KM}]
 *     (sun-synchronous: low enough for the J2 nodal rate to reach one turn a year, about 5,970 km).
 *     {@code payload}: {@code accelerator}, {@code count} (> 0, at most {@value io.skygrid.sched.NodePool#MAX_GPUS_PER_NODE}), {@code solarArrayM2} (> 0),
 *     {@code cellEfficiency} (0, 1], {@code batteryWh} (>= 0), {@code busPowerW} (>= 0), and optionally
 *     {@code pointingFactor} (0, 1] (default {@link SatellitePayload#DEFAULT_POINTING_FACTOR}) and
 *     {@code minStateOfCharge} [0, 1) (default {@link SatellitePayload#DEFAULT_MIN_STATE_OF_CHARGE}) or,
 *     instead, {@code maxDepthOfDischarge} (0, 1] (= 1 - minStateOfCharge), {@code arrayDegradationPerYear}
 *     [0, 1) (default {@link SatellitePayload#DEFAULT_ARRAY_DEGRADATION_PER_YEAR}), {@code ageYears} [0, 100]
 *     (default 0: new satellites) and {@code batteryRoundTripEfficiency} (0, 1] (default
 *     {@link SatellitePayload#DEFAULT_BATTERY_ROUND_TRIP_EFFICIENCY}); the aged array must carry at least
 *     {@code busPowerW} in full sunlight at 1 AU ({@link SatellitePayload#generationW()} x
 *     {@link SatellitePayload#arrayLifeFactor}).</li>
 *   <li>{@code orbit[].radiator} (optional; without it heat rejection does not limit the payload):
 *       {@code areaM2} (one face, > 0), {@code maxTemperatureK} (150, 1000), {@code emissivity} (default
 *       {@link Radiator#OSR_EMISSIVITY}), {@code solarAbsorptivity} (default {@link Radiator#OSR_SOLAR_ABSORPTIVITY}),
 *       {@code twoSided} (default true); the payload is throttled to what the radiator rejects at that
 *       temperature ({@link io.skygrid.power.ThermalThrottle}).</li>
 *   <li>{@code groundStations} (optional): {@code builtIn} (default true, also when the block is absent:
 *       {@link GroundStations#builtIn()}), {@code file} (GeoJSON, see {@link GroundStations#readGeoJson}),
 *       {@code stations} (an inline list of {@code {name, provider, lat, lon, altitudeM, downlinkBps, uplinkBps}},
 *       name, lat and lon required), {@code minElevationDeg} in [0, 90) (default {@value #DEFAULT_MIN_ELEVATION_DEG}),
 *       {@code downlinkBps} and {@code uplinkBps} (&gt; 0 bit/s; defaults for every station that does not set its
 *       own: {@link GroundStation#DEFAULT_DOWNLINK_BPS}, {@link GroundStation#DEFAULT_UPLINK_BPS}, sourced there),
 *       {@code relay: {bandwidthBps, latencyMs}} (optional always-on relay network, see {@link RelayLink}:
 *       bandwidth &gt; 0 bit/s per satellite, latency in [0, 60000] ms, default 0). All station sources may be
 *       combined; the result must hold at least one station.</li>
 *   <li>{@code workload} (required to simulate; {@link #loadWithoutWorkload} reads an orbit-only scenario
 *       without it), exactly one of
 *       {@code trace: {file, format, scale, arrivalSpeedup, startOffset}} (format {@code philly} or
 *       {@code alibaba-gpu-2023}; scale in [1, 10,000], default 1: each row issued that many times;
 *       arrivalSpeedup in [0.001, 100,000], default 1: submission times divided by it; startOffset a
 *       duration written like {@code horizon}, >= 0, default 0: replay starts this far after the trace's
 *       first submission, earlier jobs are skipped and counted, applied before the speedup) or
 *       {@code generator: {offeredLoad, tenants}} (offeredLoad in (0, 10]; tenants default {@code [default]}).
 *       Beside either, optionally {@code inference: {file, format}} (format {@code alibaba-dlrm-2025},
 *       {@link io.skygrid.workload.AlibabaDlrm2025Reader}): long-running inference replicas served before
 *       training in every cycle, at most the trace's {@code max_instance_per_node} per node, on ground sites or
 *       constellations within the scheduler's {@code latencyBoundMs} ({@link io.skygrid.sim.Simulation#inference});
 *       reported apart from training.</li>
 *   <li>{@code scheduler} (optional): {@code queue} ({@code fifo}, {@code priority}, {@code fairshare},
 *       {@code drf}, {@code tiresias} or {@code srtf}; see {@link io.skygrid.sched.QueuePolicies}),
 *       {@code backfill} ({@code easy} or {@code none}), {@code preemption} (default false),
 *       {@code lasThresholdsGpuHours} (tiresias queue limits, ascending, default [1, 10]),
 *       {@code starvationFactor} (tiresias, default 10; {@code off} or {@code false} switches starvation promotion off),
 *       {@code preemptExemptTime} (a job that ran less than
 *       this since it (re)started is never a victim, default 10m); defaults {@link SchedulerSpec#DEFAULT}.
 *       Placement ({@link io.skygrid.sched.PlacementSpec}): {@code placement} ({@code first-fit}, the default:
 *       first pool in scenario order, ground first; or {@code sun-following}: training goes first to
 *       constellations whose coming {@code outlookWindow} (default 6h) is sunlit at least
 *       {@code steadySunFraction} (default 0.9) of the time, then to the ground site with most free GPUs, then
 *       to the other constellations), {@code latencyTenants} (tenants whose jobs are latency-sensitive: ground,
 *       or constellations whose worst one-way light time is within {@code latencyBoundMs}, default 20),
 *       {@code data: {inputGB, outputGB}} (what a training job uplinks before it computes in orbit and
 *       downlinks after; default: its checkpoint class's sizeGB), {@code maxStagingWait} (a constellation is
 *       chosen only if the input would be on board within it, default 1h).</li>
 *   <li>{@code tenants} (optional list): {@code name}, {@code reserved: {<site or constellation>: GPUs}}
 *       (guaranteed, lent while idle; reservations at a ground site add up to at most its GPUs),
 *       {@code borrowLimitGpus} (GPUs beyond the reservations, default unlimited), {@code weight} (fair
 *       share, default 1), {@code priority} (integer, default 0). {@code tenantOf: {<workload tenant>:
 *       <tenant>}} maps trace tenants (Philly {@code vc}, Alibaba user, generator tenants) onto them; a
 *       workload tenant with the name of a tenant maps to it; {@code defaultTenant} takes the rest. Without
 *       {@code defaultTenant}, a job whose tenant maps nowhere stops the run with an error naming it.
 *       Without {@code tenants}, the workload's own tenants are used with weight 1 and no quota.</li>
 *   <li>{@code checkpoint} (optional): {@code storageGBps} (default 100) and {@code classes: [{minGpus,
 *       interval, sizeGB}]} ({@link CheckpointSpec}; first class minGpus 1, ascending).</li>
 *   <li>{@code output} (optional, default {@code out/<name>}).</li>
 *   <li>{@code economics} (optional): cost inputs of {@link io.skygrid.econ.CostModel}, every one with a
 *       sourced default: {@link FleetParam} keys directly under it, {@code launch:} ({@link LaunchParam} keys
 *       and {@code vehicle}), {@code ground:} ({@link GroundParam}) and {@code orbit:} ({@link OrbitParam})
 *       defaults, and {@code sites: {<ground site>: {...}}} / {@code constellations: {<constellation>: {...}}}
 *       overrides of them. Prices must be >= 0, lives > 0; a given {@code launch.baseYear} or
 *       {@code launch.year} must keep the base year at or before the launch year; every constellation's satellite
 *       ({@link SatelliteMass}) must fit the launch vehicle's capacity to its orbit.</li>
 *   <li>{@code failures} (optional; absent: no failures): {@code enabled} (default true), {@code gpuMtbfHours}
 *       (> 0), {@code gpuRepair} and {@code radiationRepair} (durations >= 0), {@code doseRadPerYear} (>= 0),
 *       {@code faultsPerRad} (>= 0), {@code satelliteLossPerYear} in [0, 10]; defaults and their sources in
 *       {@link FailureSpec}.</li>
 * </ul>
 * At least one ground site or constellation is required; names are unique across both lists.
 *
 * <h2>Switching a knob off</h2>
 * Where "off" means something, it is written so: {@code scheduler.starvationFactor: off} (or {@code false}; no
 * Tiresias starvation promotion, pure least-attained-service queues), {@code scheduler.preemption: false},
 * {@code scheduler.backfill: none}, {@code scheduler.preemptExemptTime: 0s} (every running job may be a
 * victim), {@code scheduler.maxStagingWait: 0s} (a constellation only if the input is already there),
 * {@code failures.enabled: false} (or no {@code failures} section), {@code failures.satelliteLossPerYear: 0},
 * {@code groundStations.builtIn: false}. Knobs without an "off" are
 * physical quantities or bounds whose zero would be meaningless or divide by zero (PUE, lives, latency bound,
 * outlook window); their ranges are stated above.
 *
 * <h2>Run folders</h2>
 * {@code skygrid run} writes the effective scenario of a run into its output folder as {@code scenario.yaml}
 * ({@link RunScenarioFile}); reading such a file keeps the {@link Scenario#source()} its header records, so
 * a re-run from it writes the same outputs.
 *
 * <h2>Paths</h2>
 * Relative input files (TLE file, trace file, station file) resolve against the folder of the scenario
 * file, so a scenario and its inputs can move together; every referenced file must exist. The
 * {@code output} folder resolves against the working directory of the run (it is kept relative here).
 *
 * <h2>Errors</h2>
 * Every problem is an {@link InputException} whose message reads {@code <file>:<line>: <field> <problem>},
 * e.g. {@code scenario.yaml:14: ground[0].gpus must be > 0, got -8}. Unknown keys are errors (typos are
 * never ignored); a missing required key is reported on the line of the mapping that should hold it.
 * YAML anchors and aliases, keys that are lists or mappings, and numbers written with a leading zero
 * ({@code 0100}, which YAML 1.1 reads as octal) are rejected.
 */
public final class ScenarioLoader {

    /** Display name (and {@link Scenario#source()}) of the built-in default scenario. */
    public static final String BUILT_IN_NAME = "<built-in default>";
    /** Default power usage effectiveness of a ground site: a modern liquid-cooled AI hall (hyperscalers report 1.1-1.2). */
    public static final double DEFAULT_PUE = 1.2;
    /** Default GPUs per node (an HGX/DGX H100 board). */
    public static final int DEFAULT_GPUS_PER_NODE = 8;
    /** Default ground-station elevation mask, degrees. */
    public static final double DEFAULT_MIN_ELEVATION_DEG = 10;
    /** Lowest altitude accepted for a designed orbit, km: below it drag decays a satellite within days. */
    public static final double MIN_ALTITUDE_KM = 150;
    /** Highest altitude accepted for a designed orbit, km (above GEO, where the J2 model is no longer the point). */
    public static final double MAX_ALTITUDE_KM = 50_000;
    /** Longest accepted horizon. */
    public static final Duration MAX_HORIZON = Duration.ofDays(366);
    /** Shortest accepted horizon: the simulation counts whole milliseconds and reports per second. */
    public static final Duration MIN_HORIZON = Duration.ofSeconds(1);
    /** Longest accepted trace {@code startOffset} (ten years). */
    public static final Duration MAX_START_OFFSET = Duration.ofDays(3650);
    /**
     * Earliest and latest accepted epoch years. The embedded UTC-TAI table ({@code io/skygrid/orbit/tai-utc.dat},
     * see {@code OrekitSetup}) starts on 1961-01-01: UTC is undefined for Orekit before it. Leap seconds after
     * the table's last entry (2017-01-01) are not known; no Earth orientation data is used (UT1 = UTC), so
     * there is no EOP range to leave.
     */
    public static final int MIN_EPOCH_YEAR = 1961;
    public static final int MAX_EPOCH_YEAR = 2200;
    /**
     * Largest accepted scenario file, bytes (1 MiB; the built-in default is about 3 KB). Checked before the
     * file is read: YAML parsing time and memory grow faster than the file, and a scenario this large is a
     * mistake (a trace or TLE file named as the scenario); traces and element sets go in their own files.
     */
    public static final long MAX_SCENARIO_BYTES = 1L << 20;
    /** Largest accepted ground-station file (GeoJSON), bytes (16 MiB, about 100,000 stations). */
    public static final long MAX_STATION_FILE_BYTES = 16L << 20;
    /** Largest accepted ground site, GPUs. */
    public static final int MAX_GROUND_GPUS = 10_000_000;
    /** Largest accepted constellation (Walker total, sun-synchronous satellites). */
    public static final int MAX_SATELLITES = 1_000_000;
    /** Highest accepted PUE. */
    public static final double MAX_PUE = 3;
    /** Largest accepted sun-synchronous formation radius, m. */
    public static final double MAX_FORMATION_RADIUS_M = 100_000;
    /** Largest accepted trace {@code scale}. */
    public static final int MAX_TRACE_SCALE = 10_000;
    /** Accepted range of trace {@code arrivalSpeedup}. */
    public static final double MIN_ARRIVAL_SPEEDUP = 0.001;
    public static final double MAX_ARRIVAL_SPEEDUP = 100_000;

    private static final List<String> TOP = List.of("name", "epoch", "horizon", "seed", "ground", "orbit",
            "groundStations", "workload", "scheduler", "output", "economics", "failures", "tenants", "tenantOf",
            "defaultTenant", "checkpoint");
    private static final List<String> GROUND = List.of("name", "location", "accelerator", "gpus", "gpusPerNode",
            "powerCapW", "pue", "electricityUsdPerKWh", "hostPowerPerNodeW");
    private static final List<String> LOCATION = List.of("lat", "lon");
    private static final List<String> ORBIT = List.of("name", "walker", "sunSynchronous", "tle", "omm", "payload",
            "radiator");
    private static final List<String> RADIATOR = List.of("areaM2", "emissivity", "solarAbsorptivity", "twoSided",
            "maxTemperatureK");
    private static final List<String> ORBIT_KINDS = List.of("walker", "sunSynchronous", "tle", "omm");
    private static final List<String> WALKER = List.of("notation", "inclinationDeg", "altitudeKm", "total", "planes",
            "phasing", "pattern");
    private static final List<String> SSO = List.of("altitudeKm", "ltan", "satellites", "formationRadiusM", "minSeparationM");
    private static final List<String> TLE = List.of("file", "nameFilter", "max");
    private static final List<String> PAYLOAD = List.of("accelerator", "count", "solarArrayM2", "cellEfficiency",
            "pointingFactor", "batteryWh", "busPowerW", "minStateOfCharge", "maxDepthOfDischarge",
            "arrayDegradationPerYear", "ageYears", "batteryRoundTripEfficiency");
    private static final List<String> STATIONS = List.of("builtIn", "file", "stations", "minElevationDeg",
            "downlinkBps", "uplinkBps", "relay");
    private static final List<String> STATION = List.of("name", "provider", "lat", "lon", "altitudeM", "downlinkBps",
            "uplinkBps");
    private static final List<String> RELAY = List.of("bandwidthBps", "latencyMs");
    private static final List<String> WORKLOAD = List.of("trace", "generator");
    private static final List<String> WORKLOAD_KEYS = List.of("trace", "generator", "inference");
    private static final List<String> INFERENCE = List.of("file", "format");
    private static final List<String> TRACE = List.of("file", "format", "scale", "arrivalSpeedup", "startOffset");
    private static final List<String> GENERATOR = List.of("offeredLoad", "tenants");
    private static final List<String> SCHEDULER = List.of("queue", "backfill", "preemption", "lasThresholdsGpuHours",
            "starvationFactor", "preemptExemptTime", "placement", "latencyTenants", "latencyBoundMs",
            "steadySunFraction", "outlookWindow", "data", "maxStagingWait");
    private static final List<String> DATA = List.of("inputGB", "outputGB");
    private static final List<String> TENANT = List.of("name", "reserved", "borrowLimitGpus", "weight", "priority");
    private static final List<String> CHECKPOINT = List.of("storageGBps", "classes");
    private static final List<String> CHECKPOINT_CLASS = List.of("minGpus", "interval", "sizeGB");
    private static final List<String> ECONOMICS = keys(FleetParam.class, "launch", "ground", "orbit", "sites",
            "constellations");
    private static final List<String> FAILURES = List.of("enabled", "gpuMtbfHours", "gpuRepair", "doseRadPerYear",
            "faultsPerRad", "radiationRepair", "satelliteLossPerYear");
    /** Largest accepted {@code failures.satelliteLossPerYear}. */
    public static final double MAX_SATELLITE_LOSS_PER_YEAR = 10;
    private static final List<String> TRACE_FORMATS = List.of("philly", "alibaba-gpu-2023");
    private static final List<String> QUEUES = SchedulerSpec.QUEUES;
    private static final List<String> BACKFILLS = List.of("easy", "none");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern HORIZON = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([smhd])");
    private static final Pattern LTAN = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    private static final Pattern WALKER_NOTATION =
            Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*:\\s*([0-9]+)\\s*/\\s*([0-9]+)\\s*/\\s*([0-9]+)\\s*");

    // Sun-synchronous condition (J2 secular nodal rate = mean motion of the Sun), WGS-84 / EGM constants.
    private static final double MU_M3_S2 = 3.986004418e14;
    private static final double EARTH_RADIUS_M = 6_378_137.0;
    private static final double J2 = 1.08262668e-3;
    private static final double SUN_NODAL_RATE_RAD_S = 2 * Math.PI / (365.2421897 * 86_400.0);

    private ScenarioLoader() {
    }

    /** @return the scenario keys of a parameter enum, then {@code extra} */
    private static <P extends Enum<P> & Param> List<String> keys(Class<P> type, String... extra) {
        List<String> k = new ArrayList<>();
        for (P p : type.getEnumConstants()) {
            k.add(p.key());
        }
        k.addAll(List.of(extra));
        return List.copyOf(k);
    }

    /**
     * Reads a scenario file. Relative input files in it resolve against the file's folder.
     *
     * @param file scenario file (UTF-8 YAML); error messages name it as given
     * @return the validated scenario; {@link Scenario#source()} is {@code file.toString()}
     * @throws InputException if the file is missing or unreadable, or the scenario is invalid
     */
    public static Scenario load(Path file) {
        return load(file, true);
    }

    /**
     * Reads a scenario file for orbit physics only ({@code skygrid orbit ...}): like {@link #load(Path)},
     * but the {@code workload} section may be left out (an orbit-only scenario); if present it is
     * validated as usual.
     *
     * @return the validated scenario; {@link Scenario#workload()} is null if the file has no workload
     * @throws InputException if the file is missing or unreadable, or the scenario is invalid
     */
    public static Scenario loadWithoutWorkload(Path file) {
        return load(file, false);
    }

    private static Scenario load(Path file, boolean workloadNeeded) {
        String display = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new InputException(display, 0, null, "is a directory, not a scenario file (" + absolute + ")");
        }
        if (!Files.exists(file)) {
            throw new InputException(display, 0, null, "scenario file not found (" + absolute + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(display, 0, null, "is not a regular file (" + absolute + ")");
        }
        String text = readUtf8(file, display);
        Path base = file.toAbsolutePath().normalize().getParent();
        return new Reader(display, sourceOf(text, display), base, List.of(), workloadNeeded).scenario(text);
    }

    /**
     * @return the source recorded in a run folder's {@link RunScenarioFile} header, else {@code display}:
     *         a re-run from {@code DIR/scenario.yaml} reports the scenario the run was made from
     */
    private static String sourceOf(String text, String display) {
        String recorded = RunScenarioFile.recordedSource(text);
        return recorded != null ? recorded : display;
    }

    /**
     * The built-in default scenario (classpath resource {@code io/skygrid/scenario/default.yaml}, identical
     * to {@code examples/default.yaml}): a Colossus-1-like ground site, a Starlink-shell-like Walker
     * constellation and a dawn-dusk cluster serving a generated workload. It references no outside file.
     *
     * @return the scenario, with {@link Scenario#source()} {@value #BUILT_IN_NAME}
     */
    public static Scenario builtInDefault() {
        return parse(defaultYaml(), BUILT_IN_NAME, null);
    }

    /** @return the text of the built-in default scenario */
    static String defaultYaml() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("default.yaml")) {
            if (in == null) throw new IllegalStateException("resource io/skygrid/scenario/default.yaml missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses and validates scenario text.
     *
     * @param yaml        the YAML text
     * @param displayName file name used in error messages and as {@link Scenario#source()}
     * @param baseDir     folder that relative input files resolve against; null for the working directory
     * @return the validated scenario
     * @throws InputException with {@code displayName:line: field problem} for any invalid input
     */
    public static Scenario parse(String yaml, String displayName, Path baseDir) {
        return parse(yaml, displayName, baseDir, List.of());
    }

    /**
     * Parses scenario text with some fields set to other values first (see {@link ScenarioOverride}); the
     * result is validated as if the file said so, and errors name the file and the replaced field's line.
     *
     * @param yaml        the YAML text
     * @param displayName file name used in error messages and as {@link Scenario#source()}
     * @param baseDir     folder that relative input files resolve against; null for the working directory
     * @param overrides   overrides applied in order (a later one of the same path wins)
     * @return the validated scenario
     * @throws InputException with {@code displayName:line: field problem} for any invalid input, including an
     *                        override whose path does not exist in the scenario
     */
    public static Scenario parse(String yaml, String displayName, Path baseDir, List<ScenarioOverride> overrides) {
        Path base = baseDir != null ? baseDir : Path.of("").toAbsolutePath();
        return new Reader(displayName, displayName, base, overrides, true).scenario(yaml);
    }

    /**
     * Reads a scenario file with overrides, like {@link #load(Path)} then
     * {@link #parse(String, String, Path, List)}.
     */
    public static Scenario load(Path file, List<ScenarioOverride> overrides) {
        if (overrides.isEmpty()) return load(file);
        load(file); // the file itself must be readable and valid before it is changed
        String text = readUtf8(file, file.toString());
        return new Reader(file.toString(), sourceOf(text, file.toString()), file.toAbsolutePath().normalize().getParent(),
                overrides, true).scenario(text);
    }

    /** The built-in default scenario with overrides (see {@link #builtInDefault()}). */
    public static Scenario builtInDefault(List<ScenarioOverride> overrides) {
        return parse(defaultYaml(), BUILT_IN_NAME, null, overrides);
    }

    /**
     * What a scenario holds at an override path, for checking a sweep's axes before running it:
     * {@code number}, {@code boolean}, {@code text}, {@code nothing} (explicit null), {@code absent} (the
     * last key is missing from an existing mapping), {@code a mapping} or {@code a list}.
     *
     * @throws InputException naming {@code displayName} if a mapping or list item on the path is missing
     * @throws IllegalArgumentException if the path is malformed
     */
    public static String fieldKind(String yaml, String displayName, String path) {
        Node root = YamlTree.parseYaml(yaml, displayName);
        if (root == null) throw new InputException(displayName, 0, null, "is empty");
        return ScenarioOverride.kindAt(root, path, displayName);
    }

    /** @return the text of the built-in default scenario ({@code examples/default.yaml}) */
    public static String builtInDefaultYaml() {
        return defaultYaml();
    }

    /** One parse: file name, base folder and the names seen so far. */
    private static final class Reader {
        private final String file;
        /** {@link Scenario#source()} of the result (the file name, or the source a run folder's file records). */
        private final String source;
        private final Path base;
        private final Map<String, String> names = new HashMap<>();
        private final List<ScenarioOverride> overrides;
        /** Whether a missing {@code workload} section is an error (false for orbit physics only). */
        private final boolean workloadNeeded;
        /** UTC year of the scenario epoch, once read. */
        private int epochYear;

        Reader(String file, String source, Path base, List<ScenarioOverride> overrides, boolean workloadNeeded) {
            this.file = file;
            this.source = source;
            this.base = base;
            this.overrides = overrides;
            this.workloadNeeded = workloadNeeded;
        }

        Scenario scenario(String yaml) {
            Node root = YamlTree.parseYaml(yaml, file);
            if (root != null && !overrides.isEmpty()) root = ScenarioOverride.apply(root, overrides, file);
            if (root == null) {
                throw new InputException(file, 0, null, "is empty; a scenario needs at least name, epoch, horizon, "
                        + "workload and one ground site or orbit constellation");
            }
            Fields top = Fields.of(file, root, "", TOP);
            String name = top.string("name");
            top.check("name", NAME.matcher(name).matches(),
                    "must be letters, digits, '.', '_' or '-' (it names the output folder)");
            Instant epoch = epoch(top);
            Duration horizon = horizon(top);
            long seed = top.integer("seed", 1);

            List<GroundSite> ground = new ArrayList<>();
            List<Node> groundNodes = top.list("ground");
            for (int i = 0; i < groundNodes.size(); i++) {
                ground.add(groundSite(Fields.of(file, groundNodes.get(i), "ground[" + i + "]", GROUND)));
            }
            List<OrbitalConstellation> orbital = new ArrayList<>();
            List<Fields> orbitFields = new ArrayList<>();
            List<Node> orbitNodes = top.list("orbit");
            for (int i = 0; i < orbitNodes.size(); i++) {
                orbitFields.add(Fields.of(file, orbitNodes.get(i), "orbit[" + i + "]", ORBIT));
                orbital.add(constellation(orbitFields.get(i)));
            }
            if (ground.isEmpty() && orbital.isEmpty()) {
                throw new InputException(file, top.line(), null,
                        "has no ground site and no orbit constellation; add at least one under 'ground' or 'orbit'");
            }
            Fleet fleet = stations(top, ground, orbital);
            if (!top.has("workload") && workloadNeeded) {
                throw new InputException(file, top.line(), "workload", "is required to simulate the fleet: add a "
                        + "section such as 'workload: {generator: {offeredLoad: 0.7}}' (generated jobs at 70 % of the "
                        + "fleet's GPUs) or 'workload: {trace: {file: jobs.csv, format: philly}}'; the 'skygrid orbit' "
                        + "commands read a scenario without one");
            }
            Fields workloadFields = top.has("workload") ? top.object("workload", WORKLOAD_KEYS) : null;
            WorkloadSpec workload = workloadFields == null ? null : workload(workloadFields);
            io.skygrid.workload.InferenceSpec inference = null;
            if (workloadFields != null && workloadFields.has("inference")) {
                Fields inf = workloadFields.object("inference", INFERENCE);
                Path f = existingFile(inf, "file");
                String format = oneOf(inf, "format", null, io.skygrid.workload.InferenceSpec.FORMATS);
                inference = new io.skygrid.workload.InferenceSpec(f, format);
            }
            SchedulerSpec scheduler = top.has("scheduler") ? scheduler(top.object("scheduler", SCHEDULER))
                    : SchedulerSpec.DEFAULT;
            Path output = path(top, "output", top.string("output", "out/" + name)).normalize();
            Economics economics = top.has("economics")
                    ? economics(top.object("economics", ECONOMICS), ground, orbital, orbitFields)
                    : economics(null, ground, orbital, orbitFields);
            FailureSpec failures = top.has("failures") ? failures(top.object("failures", FAILURES)) : FailureSpec.NONE;
            if (failures.enabled() && failures.satelliteLossPerYear() <= 1) {
                // one satellite-loss rate for the simulation and the cost model (unless economics sets its own)
                economics = economics.withSatelliteLossDefault(failures.satelliteLossPerYear());
            }
            Tenancy tenancy = tenancy(top, ground);
            CheckpointSpec checkpoint = top.has("checkpoint") ? checkpoint(top.object("checkpoint", CHECKPOINT))
                    : CheckpointSpec.DEFAULT;
            if (horizon.equals(Scenario.UNTIL_DONE_CAP)) {
                untilDoneFits(top, orbital, workload, inference);
            }
            return new Scenario(name, epoch, horizon, seed, fleet, workload, scheduler, output, source, economics, failures,
                    tenancy, checkpoint, inference);
        }

        /**
         * {@code horizon: until-done} is for replaying a trace on ground sites: constellation physics is
         * precomputed over the horizon (ten simulated years would take hours and gigabytes), generated
         * arrivals span the horizon (they would never stop) and inference services without an end never drain.
         */
        private void untilDoneFits(Fields top, List<OrbitalConstellation> orbital, WorkloadSpec workload,
                                   io.skygrid.workload.InferenceSpec inference) {
            if (!orbital.isEmpty()) {
                throw top.error("horizon", "until-done runs ground-only scenarios; this one has " + orbital.size()
                        + " orbit constellation(s), whose physics is precomputed over the horizon: give a fixed horizon"
                        + " such as 30d");
            }
            if (workload instanceof WorkloadSpec.Generated) {
                throw top.error("horizon", "until-done needs a trace workload: generated arrivals continue to the end"
                        + " of the horizon, so the work is never done; give a fixed horizon such as 30d");
            }
            if (inference != null) {
                throw top.error("horizon", "until-done cannot end while inference services (workload.inference) are"
                        + " served; give a fixed horizon such as 30d");
            }
        }

        /**
         * The {@code economics} section (null: absent): defaults, launch, per-site and per-constellation
         * overrides; then every constellation's satellite must fit the launch vehicle.
         */
        private Economics economics(Fields e, List<GroundSite> ground, List<OrbitalConstellation> orbital,
                                    List<Fields> orbitFields) {
            Economics econ = Economics.DEFAULTS;
            Map<String, Fields> overrideFields = new HashMap<>();
            if (e != null) {
                ParamSet<FleetParam> fleetParams = params(e, FleetParam.class, econ.fleet());
                ParamSet<LaunchParam> launch = econ.launch();
                String vehicle = econ.vehicle();
                if (e.has("launch")) {
                    Fields l = e.object("launch", keys(LaunchParam.class, "vehicle"));
                    launch = params(l, LaunchParam.class, launch);
                    vehicle = l.string("vehicle", vehicle);
                    checkLaunchYears(l, launch);
                }
                ParamSet<GroundParam> groundDefaults = e.has("ground")
                        ? params(e.object("ground", keys(GroundParam.class)), GroundParam.class, econ.ground()) : econ.ground();
                ParamSet<OrbitParam> orbitDefaults = e.has("orbit")
                        ? params(e.object("orbit", keys(OrbitParam.class)), OrbitParam.class, econ.orbit()) : econ.orbit();
                Map<String, ParamSet<GroundParam>> sites = new java.util.LinkedHashMap<>();
                if (e.has("sites")) {
                    Fields s = Fields.lenient(file, e.node("sites"), e.field("sites"));
                    List<String> known = ground.stream().map(GroundSite::name).toList();
                    for (String key : s.keys()) {
                        if (!known.contains(key)) {
                            throw s.error(key, "is not a ground site of this scenario (sites: "
                                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
                        }
                        Fields one = s.object(key, keys(GroundParam.class));
                        sites.put(key, params(one, GroundParam.class, groundDefaults));
                    }
                }
                Map<String, ParamSet<OrbitParam>> constellations = new java.util.LinkedHashMap<>();
                if (e.has("constellations")) {
                    Fields c = Fields.lenient(file, e.node("constellations"), e.field("constellations"));
                    List<String> known = orbital.stream().map(OrbitalConstellation::name).toList();
                    for (String key : c.keys()) {
                        if (!known.contains(key)) {
                            throw c.error(key, "is not an orbit constellation of this scenario (constellations: "
                                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
                        }
                        Fields one = c.object(key, keys(OrbitParam.class));
                        overrideFields.put(key, one);
                        constellations.put(key, params(one, OrbitParam.class, orbitDefaults));
                    }
                }
                econ = new Economics(groundDefaults, orbitDefaults, launch, fleetParams, vehicle, sites, constellations);
            }
            for (int i = 0; i < orbital.size(); i++) {
                OrbitalConstellation c = orbital.get(i);
                ParamSet<OrbitParam> in = econ.constellation(c.name());
                Fields where = overrideFields.get(c.name());
                SatelliteMass mass;
                try {
                    mass = SatelliteMass.of(c, in);
                } catch (IllegalArgumentException ex) {
                    String field = in.isGiven(OrbitParam.RADIATOR_TEMP_K) && where != null && where.has("radiatorTempK")
                            ? where.field("radiatorTempK") : "economics.orbit.radiatorTempK";
                    int line = where != null && where.has("radiatorTempK") ? where.lineOf("radiatorTempK")
                            : e != null ? e.line() : orbitFields.get(i).keyLine("payload");
                    throw new InputException(file, line, field, "sizes no radiator for " + c.name() + ": " + ex.getMessage());
                }
                double capacity = econ.launchCapacityKg(c.name());
                if (mass.totalKg() > capacity) {
                    String capField = where != null && where.has("launchCapacityKg") ? where.field("launchCapacityKg")
                            : "economics.launch.capacityKg";
                    String what = Double.isNaN(mass.computeKg())
                            ? "satelliteMassKg " + grouped(mass.totalKg()) + " kg"
                            : "a satellite of " + grouped(mass.totalKg()) + " kg (compute " + grouped(mass.computeKg())
                              + ", array " + grouped(mass.arrayKg()) + ", radiator " + grouped(mass.radiatorKg())
                              + ", battery " + grouped(mass.batteryKg()) + ", bus " + grouped(mass.busKg()) + " kg)";
                    String message = "gives " + what + ", heavier than the launch vehicle's capacity to this orbit: "
                            + econ.vehicle() + " " + grouped(capacity) + " kg (" + capField + ")";
                    if (where != null && where.has("satelliteMassKg")) {
                        throw where.error("satelliteMassKg", message);
                    }
                    throw new InputException(file, orbitFields.get(i).keyLine("payload"), orbitFields.get(i).field("payload"),
                            message);
                }
            }
            return econ;
        }

        /**
         * The learning curve runs forward from {@code baseYear}: a launch year before it would extrapolate the
         * price backwards without bound (trillions of dollars per kg for a base year 70 years on).
         */
        private void checkLaunchYears(Fields l, ParamSet<LaunchParam> launch) {
            double base = launch.get(LaunchParam.BASE_YEAR);
            boolean yearGiven = launch.isGiven(LaunchParam.YEAR);
            double year = yearGiven ? launch.get(LaunchParam.YEAR) : epochYear;
            if (base > year && (l.has("baseYear") || l.has("year"))) {
                String launchYear = yearGiven ? "launch year " + plain(year) + " (economics.launch.year)"
                        : "launch year " + epochYear + " (the scenario epoch's year)";
                if (l.has("baseYear")) {
                    throw l.error("baseYear", "must be <= the " + launchYear + ": the learning curve runs forward from it, got "
                            + l.shown("baseYear"));
                }
                throw l.error("year", "must be >= the price's base year " + plain(base) + " (economics.launch.baseYear): "
                        + "the learning curve runs forward from it, got " + l.shown("year"));
            }
        }

        /** @return the values of {@code type}'s keys present in {@code f}, over {@code base}, each checked */
        private <P extends Enum<P> & Param> ParamSet<P> params(Fields f, Class<P> type, ParamSet<P> base) {
            ParamSet<P> s = base;
            for (P p : type.getEnumConstants()) {
                if (!f.has(p.key())) continue;
                double v = f.number(p.key());
                f.check(p.key(), p.rule().allows(v), "must be " + p.rule().text());
                s = s.with(p, v);
            }
            return s;
        }

        /** {@code tenants}, {@code tenantOf} and {@code defaultTenant}. */
        private Tenancy tenancy(Fields top, List<GroundSite> ground) {
            List<Node> items = top.list("tenants");
            if (items.isEmpty()) {
                for (String k : List.of("tenantOf", "defaultTenant")) {
                    if (top.has(k)) throw top.error(k, "needs a 'tenants' list");
                }
                if (top.has("tenants")) throw top.error("tenants", "must not be empty (leave it out for the workload's own tenants)");
                return Tenancy.implicit();
            }
            List<TenantSpec> tenants = new ArrayList<>();
            Set<String> tenantNames = new LinkedHashSet<>();
            Map<String, Long> reservedPerSite = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Fields t = Fields.of(file, items.get(i), "tenants[" + i + "]", TENANT);
                String tn = t.string("name");
                t.check("name", NAME.matcher(tn).matches(), "must be letters, digits, '.', '_' or '-'");
                if (!tenantNames.add(tn)) throw t.error("name", "'" + tn + "' is listed twice");
                Map<String, Long> reserved = new java.util.LinkedHashMap<>();
                if (t.has("reserved")) {
                    Node rn = t.node("reserved");
                    Fields r = Fields.lenient(file, rn, t.field("reserved"));
                    for (String pool : r.keys()) {
                        if (!names.containsKey(pool)) {
                            throw r.error(pool, "is not a ground site or constellation (known: "
                                    + String.join(", ", new java.util.TreeSet<>(names.keySet())) + ")");
                        }
                        long g = r.integer(pool);
                        r.check(pool, g >= 0, "must be >= 0 GPUs");
                        reserved.put(pool, g);
                        for (GroundSite site : ground) {
                            if (site.name().equals(pool)) {
                                long sum = reservedPerSite.merge(pool, g, Long::sum);
                                r.check(pool, sum <= site.gpus(), "brings the GPUs reserved at " + pool + " to "
                                        + grouped(sum) + ", more than its " + grouped(site.gpus()));
                            }
                        }
                    }
                }
                long borrow = Long.MAX_VALUE;
                if (t.has("borrowLimitGpus")) {
                    borrow = t.integer("borrowLimitGpus");
                    t.check("borrowLimitGpus", borrow >= 0, "must be >= 0");
                }
                double weight = t.number("weight", 1.0);
                t.check("weight", weight > 0 && weight <= 1e6, "must be in (0, 1000000]");
                long priority = t.integer("priority", 0);
                t.check("priority", Math.abs(priority) <= 1_000_000, "must be in [-1000000, 1000000]");
                tenants.add(new TenantSpec(tn, reserved, borrow, weight, (int) priority));
            }
            Map<String, String> tenantOf = new java.util.LinkedHashMap<>();
            if (top.has("tenantOf")) {
                Fields m = Fields.lenient(file, top.node("tenantOf"), "tenantOf");
                for (String k : m.keys()) {
                    String v = m.string(k);
                    if (!tenantNames.contains(v)) {
                        throw m.error(k, "maps to '" + v + "', which is not in tenants (" + String.join(", ", tenantNames) + ")");
                    }
                    tenantOf.put(k, v);
                }
            }
            String def = null;
            if (top.has("defaultTenant")) {
                def = top.string("defaultTenant");
                if (!tenantNames.contains(def)) {
                    throw top.error("defaultTenant", "'" + def + "' is not in tenants (" + String.join(", ", tenantNames) + ")");
                }
            }
            return new Tenancy(tenants, tenantOf, def);
        }

        private CheckpointSpec checkpoint(Fields c) {
            double bw = c.number("storageGBps", CheckpointSpec.DEFAULT.storageGBps());
            c.check("storageGBps", bw > 0 && bw <= 1e6, "must be in (0, 1000000] GB/s");
            if (!c.has("classes")) {
                return new CheckpointSpec(bw, CheckpointSpec.DEFAULT.classes());
            }
            List<Node> items = c.list("classes");
            if (items.isEmpty()) throw c.error("classes", "must not be empty");
            List<CheckpointSpec.JobClass> classes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Fields k = Fields.of(file, items.get(i), c.field("classes") + "[" + i + "]", CHECKPOINT_CLASS);
                int min = k.positiveInt("minGpus");
                if (i == 0) k.check("minGpus", min == 1, "of the first class must be 1 (every gang needs a class)");
                if (i > 0) k.check("minGpus", min > classes.get(i - 1).minGpus(), "must ascend");
                Duration interval = duration(k, "interval", MAX_HORIZON, "366d");
                k.check("interval", !interval.isNegative() && !interval.isZero(), "must be > 0");
                double size = k.number("sizeGB");
                k.check("sizeGB", size >= 0 && size <= 1e9, "must be in [0, 1e9] GB");
                classes.add(new CheckpointSpec.JobClass(min, interval.toMillis(), size));
            }
            return new CheckpointSpec(bw, classes);
        }

        private Instant epoch(Fields top) {
            String text = top.string("epoch");
            if (text.matches("(?s).*T\\d{2}:\\d{2}:60.*")) {
                // java.time has no leap seconds: Instant.parse would quietly read 23:59:60 as 23:59:59
                throw top.error("epoch", "is a leap second (:60), which the simulation clock cannot hold; start at the"
                        + " second before or the one after, got '" + text + "'");
            }
            Instant epoch;
            try {
                epoch = Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    epoch = OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e2) {
                    throw top.error("epoch", "must be an ISO-8601 instant such as 2026-06-01T00:00:00Z, got '" + text + "'");
                }
            }
            int year = epoch.atOffset(ZoneOffset.UTC).getYear();
            if (year < MIN_EPOCH_YEAR) {
                throw top.error("epoch", "must be on or after " + MIN_EPOCH_YEAR + "-01-01T00:00:00Z, where the embedded "
                        + "UTC-TAI (leap second) table starts, got '" + text + "'");
            }
            if (year > MAX_EPOCH_YEAR) {
                throw top.error("epoch", "year must be in [" + MIN_EPOCH_YEAR + ", " + MAX_EPOCH_YEAR + "], got '" + text + "'");
            }
            epochYear = year;
            return epoch;
        }

        private Duration horizon(Fields top) {
            if (top.has("horizon") && Scenario.UNTIL_DONE.equals(top.string("horizon").strip())) {
                return Scenario.UNTIL_DONE_CAP;
            }
            Duration d = duration(top, "horizon", MAX_HORIZON, "366d");
            if (d.compareTo(MIN_HORIZON) < 0) throw top.error("horizon", "must be at least 1 s, got " + top.shown("horizon").strip());
            return d;
        }

        /**
         * A duration written {@code <number><unit>} (unit s, m, h or d) or ISO-8601, at most {@code max}
         * ({@code maxText} in messages); may be zero or negative, callers check the lower bound.
         */
        private Duration duration(Fields f, String key, Duration max, String maxText) {
            String text = f.string(key).strip();
            Duration d;
            Matcher m = HORIZON.matcher(text);
            if (m.matches()) {
                long unitMs = switch (m.group(2)) {
                    case "s" -> 1_000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    default -> 86_400_000L;
                };
                double ms = Double.parseDouble(m.group(1)) * unitMs;
                if (ms > max.toMillis()) {
                    throw f.error(key, "must be at most " + maxText + ", got " + text);
                }
                d = Duration.ofMillis(Math.round(ms));
            } else {
                try {
                    d = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw f.error(key, "must be <number><unit> with unit s, m, h or d (e.g. 90m, 36h, 7d) "
                            + "or an ISO-8601 duration (e.g. PT36H), got '" + text + "'");
                }
            }
            if (d.compareTo(max) > 0) throw f.error(key, "must be at most " + maxText + ", got " + text);
            return d;
        }

        private void uniqueName(Fields f, String name) {
            String previous = names.putIfAbsent(name, f.path() + " (line " + f.lineOf("name") + ")");
            if (previous != null) {
                throw f.error("name", "'" + name + "' is already used by " + previous
                        + "; names must be unique across ground sites and constellations");
            }
        }

        private Accelerator accelerator(Fields f) {
            String model = f.string("accelerator");
            return AcceleratorCatalog.find(model).orElseThrow(() -> f.error("accelerator", "'" + model
                    + "' is not in the accelerator catalogue (known: "
                    + String.join(", ", AcceleratorCatalog.all().keySet()) + ")"));
        }

        private GroundSite groundSite(Fields g) {
            String name = g.string("name");
            uniqueName(g, name);
            Fields loc = g.object("location", LOCATION);
            double lat = loc.number("lat");
            loc.check("lat", lat >= -90 && lat <= 90, "must be in [-90, 90]");
            double lon = loc.number("lon");
            loc.check("lon", lon >= -180 && lon <= 180, "must be in [-180, 180]");
            Accelerator acc = accelerator(g);
            int gpus = g.positiveInt("gpus");
            g.check("gpus", gpus <= MAX_GROUND_GPUS, "must be <= " + grouped(MAX_GROUND_GPUS));
            int perNode = g.has("gpusPerNode") ? g.positiveInt("gpusPerNode") : DEFAULT_GPUS_PER_NODE;
            g.check("gpusPerNode", perNode <= NodePool.MAX_GPUS_PER_NODE, "must be <= "
                    + grouped(NodePool.MAX_GPUS_PER_NODE) + " (one NVLink domain per node; GB200/GB300 NVL72: 72)");
            g.check("gpus", gpus % perNode == 0, "must be a multiple of gpusPerNode (" + perNode + ")");
            double cap = g.number("powerCapW");
            g.check("powerCapW", cap > 0, "must be > 0");
            double pue = g.number("pue", DEFAULT_PUE);
            g.check("pue", pue >= 1, "must be >= 1");
            g.check("pue", pue <= MAX_PUE, "must be <= " + plain(MAX_PUE));
            double price = g.number("electricityUsdPerKWh");
            g.check("electricityUsdPerKWh", price >= 0, "must be >= 0");
            double host = g.number("hostPowerPerNodeW", GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
            g.check("hostPowerPerNodeW", host >= 0, "must be >= 0");
            int nodes = gpus / perNode;
            double idleW = pue * nodes * host;
            double oneGpuW = pue * (nodes * host + acc.tdpW());
            if (cap < oneGpuW) {
                String idle = "idle draw of " + grouped(nodes) + " nodes x " + grouped(host) + " W x PUE " + plain(pue)
                        + " is " + grouped(idleW) + " W";
                String gpu = cap < idleW ? "" : ", one " + acc.model() + " at " + grouped(acc.tdpW()) + " W brings it to "
                        + grouped(oneGpuW) + " W";
                throw g.error("powerCapW", plain(cap) + " W cannot power a single GPU: " + idle + gpu);
            }
            try {
                return new GroundSite(name, lat, lon, acc, gpus, perNode, cap, pue, price, host);
            } catch (IllegalArgumentException e) {
                throw g.errorHere(e.getMessage());
            }
        }

        private OrbitalConstellation constellation(Fields o) {
            String name = o.string("name");
            uniqueName(o, name);
            List<String> kinds = present(o, ORBIT_KINDS);
            if (kinds.isEmpty()) {
                throw o.errorHere("needs one of walker, sunSynchronous, tle or omm");
            }
            if (kinds.size() > 1) {
                throw new InputException(file, o.keyLine(kinds.get(1)), o.path(),
                        "must have exactly one of walker, sunSynchronous, tle or omm, got " + String.join(" and ", kinds));
            }
            OrbitSpec spec = switch (kinds.get(0)) {
                case "walker" -> walker(o.object("walker", WALKER));
                case "sunSynchronous" -> sunSynchronous(o.object("sunSynchronous", SSO));
                case "omm" -> omm(o.object("omm", TLE));
                default -> tle(o.object("tle", TLE));
            };
            SatellitePayload payload = payload(o.object("payload", PAYLOAD));
            double agedW = payload.generationW() * payload.arrayLifeFactor(0);
            if (agedW < payload.busPowerW()) {
                throw new InputException(file, o.keyLine("payload"), o.path(), "payload solar array gives "
                        + grouped(agedW) + " W in full sunlight" + (payload.ageYears() > 0 ? " at age "
                        + java.math.BigDecimal.valueOf(payload.ageYears()).stripTrailingZeros().toPlainString()
                        + " years" : "") + ", less than busPowerW "
                        + grouped(payload.busPowerW()) + " W: the accelerators could never run");
            }
            if (o.has("radiator")) {
                Fields r = o.object("radiator", RADIATOR);
                double area = r.number("areaM2");
                r.check("areaM2", area > 0 && area < 1e6, "must be in (0, 1,000,000) m^2");
                double eps = r.number("emissivity", Radiator.OSR_EMISSIVITY);
                r.check("emissivity", eps > 0 && eps <= 1, "must be in (0, 1]");
                double alpha = r.number("solarAbsorptivity", Radiator.OSR_SOLAR_ABSORPTIVITY);
                r.check("solarAbsorptivity", alpha >= 0 && alpha <= 1, "must be in [0, 1]");
                boolean twoSided = r.bool("twoSided", true);
                double maxK = r.number("maxTemperatureK");
                r.check("maxTemperatureK", maxK > 150 && maxK < 1000, "must be in (150, 1000) K");
                return new OrbitalConstellation(name, spec, payload, new Radiator(area, eps, alpha, twoSided), maxK);
            }
            return new OrbitalConstellation(name, spec, payload);
        }

        /** @return the keys of {@code alternatives} present in {@code f}, in document order */
        private static List<String> present(Fields f, List<String> alternatives) {
            return alternatives.stream().filter(f::has)
                    .sorted(java.util.Comparator.comparingInt(f::keyLine)).toList();
        }

        private double altitude(Fields f) {
            double km = f.number("altitudeKm");
            f.check("altitudeKm", km >= MIN_ALTITUDE_KM, "must be >= " + (int) MIN_ALTITUDE_KM + " km");
            f.check("altitudeKm", km <= MAX_ALTITUDE_KM, "must be <= " + (int) MAX_ALTITUDE_KM + " km");
            return km;
        }

        private OrbitSpec walker(Fields w) {
            double inclination;
            long total;
            long planes;
            long phasing;
            if (w.has("notation")) {
                for (String k : List.of("inclinationDeg", "total", "planes", "phasing")) {
                    if (w.has(k)) throw w.error(k, "cannot be combined with notation");
                }
                String text = w.string("notation");
                Matcher m = WALKER_NOTATION.matcher(text);
                if (!m.matches()) {
                    throw w.error("notation", "must be Walker i:t/p/f (e.g. \"53:1584/72/1\"), got '" + text + "'");
                }
                try {
                    inclination = Double.parseDouble(m.group(1));
                    total = Long.parseLong(m.group(2));
                    planes = Long.parseLong(m.group(3));
                    phasing = Long.parseLong(m.group(4));
                } catch (NumberFormatException e) {
                    throw w.error("notation", "has a number out of range: '" + text + "'");
                }
                String where = "'" + text.strip() + "': ";
                if (inclination > 180) throw w.error("notation", where + "inclination must be in [0, 180] deg");
                if (total <= 0) throw w.error("notation", where + "total must be > 0");
                if (total > MAX_SATELLITES) throw w.error("notation", where + "total must be <= " + grouped(MAX_SATELLITES));
                if (planes <= 0 || planes > total) throw w.error("notation", where + "planes must be in [1, total]");
                if (total % planes != 0) {
                    throw w.error("notation", where + "total " + total + " is not a multiple of planes " + planes);
                }
                if (phasing >= planes) throw w.error("notation", where + "phasing must be in [0, planes)");
            } else {
                inclination = w.number("inclinationDeg");
                w.check("inclinationDeg", inclination >= 0 && inclination <= 180, "must be in [0, 180]");
                total = w.positiveInt("total");
                w.check("total", total <= MAX_SATELLITES, "must be <= " + grouped(MAX_SATELLITES));
                planes = w.positiveInt("planes");
                w.check("planes", total % planes == 0, "must divide total (" + total + ")");
                phasing = w.integer("phasing", 0);
                w.check("phasing", phasing >= 0 && phasing < planes, "must be in [0, planes) = [0, " + planes + ")");
            }
            double altitudeKm = altitude(w);
            String pattern = w.string("pattern", "delta");
            if (!pattern.equals("delta") && !pattern.equals("star")) {
                throw w.error("pattern", "must be delta or star, got '" + InputException.quote(pattern) + "'");
            }
            boolean star = pattern.equals("star");
            String collision = io.skygrid.orbit.Satellites.walkerCollision(inclination, altitudeKm, (int) total,
                    (int) planes, (int) phasing, star ? 180.0 : 360.0);
            if (collision != null) {
                throw w.error(w.has("notation") ? "notation" : "phasing", "gives colliding satellites: " + collision);
            }
            return star ? new OrbitSpec.WalkerStar(inclination, altitudeKm, (int) total, (int) planes, (int) phasing)
                    : new OrbitSpec.WalkerDelta(inclination, altitudeKm, (int) total, (int) planes, (int) phasing);
        }

        private OrbitSpec.SunSynchronous sunSynchronous(Fields s) {
            double altitudeKm = altitude(s);
            double a = EARTH_RADIUS_M + altitudeKm * 1000;
            double n = Math.sqrt(MU_M3_S2 / (a * a * a));
            double cosI = -SUN_NODAL_RATE_RAD_S / (1.5 * J2 * Math.pow(EARTH_RADIUS_M / a, 2) * n);
            s.check("altitudeKm", cosI >= -1, "is too high for a sun-synchronous orbit (J2 cannot turn the plane "
                    + "once a year above about 5970 km)");
            double ltan = ltan(s);
            int satellites = s.positiveInt("satellites");
            s.check("satellites", satellites <= MAX_SATELLITES, "must be <= " + grouped(MAX_SATELLITES));
            double radius = s.number("formationRadiusM", 0);
            s.check("formationRadiusM", radius >= 0, "must be >= 0");
            s.check("formationRadiusM", radius <= MAX_FORMATION_RADIUS_M, "must be <= " + grouped(MAX_FORMATION_RADIUS_M) + " m");
            double minSep = s.number("minSeparationM", OrbitSpec.SunSynchronous.DEFAULT_MIN_SEPARATION_M);
            s.check("minSeparationM", minSep >= io.skygrid.orbit.Formations.MIN_SEPARATION_M,
                    "must be >= " + plain(io.skygrid.orbit.Formations.MIN_SEPARATION_M) + " m (about one satellite's span)");
            if (!s.has("formationRadiusM") || radius == 0) {
                if (s.has("minSeparationM")) throw s.error("minSeparationM", "applies only to a formation (formationRadiusM > 0)");
            } else {
                String problem = io.skygrid.orbit.Formations.sizeProblem(satellites, radius, minSep);
                if (problem != null) throw s.error("formationRadiusM", problem);
            }
            return new OrbitSpec.SunSynchronous(altitudeKm, ltan, satellites, radius, minSep);
        }

        private double ltan(Fields s) {
            Node n = s.required("ltan");
            String requirement = "must be a local time \"HH:MM\" in [00:00, 24:00) (quote it) or hours in [0, 24)";
            if (n instanceof Scalar sc && sc.number() != null) {
                double h = s.number("ltan");
                s.check("ltan", h >= 0 && h < 24, requirement);
                return h;
            }
            String text = s.string("ltan").strip();
            Matcher m = LTAN.matcher(text);
            if (!m.matches()) throw s.error("ltan", requirement + ", got '" + text + "'");
            int hours = Integer.parseInt(m.group(1));
            int minutes = Integer.parseInt(m.group(2));
            if (hours >= 24 || minutes >= 60) throw s.error("ltan", requirement + ", got '" + text + "'");
            return hours + minutes / 60.0;
        }

        private OrbitSpec.TleFile tle(Fields t) {
            Path f = existingFile(t, "file");
            String filter = t.string("nameFilter", null);
            Integer max = t.has("max") ? t.positiveInt("max") : null;
            return new OrbitSpec.TleFile(f, filter, max);
        }

        private OrbitSpec.OmmFile omm(Fields t) {
            Path f = existingFile(t, "file");
            String filter = t.string("nameFilter", null);
            Integer max = t.has("max") ? t.positiveInt("max") : null;
            return new OrbitSpec.OmmFile(f, filter, max);
        }

        private SatellitePayload payload(Fields p) {
            Accelerator acc = accelerator(p);
            int count = p.positiveInt("count");
            p.check("count", count <= NodePool.MAX_GPUS_PER_NODE, "must be <= " + grouped(NodePool.MAX_GPUS_PER_NODE)
                    + " (accelerators of one satellite)");
            double area = p.number("solarArrayM2");
            p.check("solarArrayM2", area > 0, "must be > 0");
            double eff = p.number("cellEfficiency");
            p.check("cellEfficiency", eff > 0 && eff <= 1, "must be in (0, 1]");
            double pointing = p.number("pointingFactor", SatellitePayload.DEFAULT_POINTING_FACTOR);
            p.check("pointingFactor", pointing > 0 && pointing <= 1, "must be in (0, 1]");
            double battery = p.number("batteryWh");
            p.check("batteryWh", battery >= 0, "must be >= 0");
            double bus = p.number("busPowerW");
            p.check("busPowerW", bus >= 0, "must be >= 0");
            double soc;
            if (p.has("maxDepthOfDischarge")) {
                if (p.has("minStateOfCharge")) {
                    throw new InputException(file, p.lineOf("minStateOfCharge"), p.field("minStateOfCharge") + " and "
                            + "maxDepthOfDischarge:", "give one of them (maxDepthOfDischarge = 1 - minStateOfCharge), not both");
                }
                double dod = p.number("maxDepthOfDischarge");
                p.check("maxDepthOfDischarge", dod > 0 && dod <= 1, "must be in (0, 1]");
                soc = 1.0 - dod;
            } else {
                soc = p.number("minStateOfCharge", SatellitePayload.DEFAULT_MIN_STATE_OF_CHARGE);
                p.check("minStateOfCharge", soc >= 0 && soc < 1, "must be in [0, 1)");
            }
            double degradation = p.number("arrayDegradationPerYear", SatellitePayload.DEFAULT_ARRAY_DEGRADATION_PER_YEAR);
            p.check("arrayDegradationPerYear", degradation >= 0 && degradation < 1, "must be in [0, 1)");
            double age = p.number("ageYears", 0.0);
            p.check("ageYears", age >= 0 && age <= 100, "must be in [0, 100]");
            double roundTrip = p.number("batteryRoundTripEfficiency", SatellitePayload.DEFAULT_BATTERY_ROUND_TRIP_EFFICIENCY);
            p.check("batteryRoundTripEfficiency", roundTrip > 0 && roundTrip <= 1, "must be in (0, 1]");
            try {
                return new SatellitePayload(acc, count, area, eff, pointing, battery, bus, soc, degradation, age,
                        roundTrip);
            } catch (IllegalArgumentException e) {
                throw p.errorHere(e.getMessage());
            }
        }

        private Fleet stations(Fields top, List<GroundSite> ground, List<OrbitalConstellation> orbital) {
            boolean builtIn = true;
            double minElevation = DEFAULT_MIN_ELEVATION_DEG;
            List<GroundStation> stations = new ArrayList<>();
            Fields gs = top.has("groundStations") ? top.object("groundStations", STATIONS) : null;
            double down = GroundStation.DEFAULT_DOWNLINK_BPS;
            double up = GroundStation.DEFAULT_UPLINK_BPS;
            RelayLink relay = null;
            if (gs != null) {
                builtIn = gs.bool("builtIn", true);
                minElevation = gs.number("minElevationDeg", DEFAULT_MIN_ELEVATION_DEG);
                gs.check("minElevationDeg", minElevation >= 0 && minElevation < 90, "must be in [0, 90)");
                down = linkRate(gs, "downlinkBps", down);
                up = linkRate(gs, "uplinkBps", up);
                if (gs.has("relay")) {
                    Fields r = gs.object("relay", RELAY);
                    double bw = r.number("bandwidthBps");
                    r.check("bandwidthBps", bw > 0 && Double.isFinite(bw), "must be > 0 bit/s");
                    double latency = r.number("latencyMs", 0);
                    r.check("latencyMs", latency >= 0 && latency <= 60_000, "must be in [0, 60000] ms");
                    relay = new RelayLink(bw, latency / 1000.0);
                }
            }
            if (builtIn) {
                for (GroundStation b : GroundStations.builtIn()) {
                    stations.add(b.withLinks(down, up));
                }
            }
            if (gs != null && gs.has("file")) {
                List<GroundStation> fromFile = GroundStations.readGeoJson(existingFile(gs, "file"), down, up);
                if (fromFile.isEmpty() && !builtIn && gs.list("stations").isEmpty()) {
                    throw gs.error("file", gs.string("file") + " has no stations and builtIn is false: no ground stations");
                }
                stations.addAll(fromFile);
            }
            if (gs != null) {
                List<YamlTree.Node> inline = gs.list("stations");
                // names are unique within the list (as within a station file); the same name in two sources is
                // allowed: providers share site names (KSAT and AWS both run a "Singapore"), and a list may
                // restate a built-in station with other link rates
                Map<String, Integer> inlineLines = new HashMap<>();
                for (int i = 0; i < inline.size(); i++) {
                    Fields st = Fields.of(gs.file(), inline.get(i), gs.field("stations") + "[" + i + "]", STATION);
                    GroundStation s = inlineStation(st, down, up);
                    Integer first = inlineLines.putIfAbsent(s.name(), st.lineOf("name"));
                    if (first != null) {
                        throw st.error("name", "'" + InputException.quote(s.name()) + "' is already the name of the "
                                + "station at line " + first + " (names must be unique within the list)");
                    }
                    stations.add(s);
                }
            }
            if (stations.isEmpty()) {
                throw gs.errorHere("gives no ground station (builtIn is false and no file or list with stations is given)");
            }
            return new Fleet(ground, orbital, stations, minElevation, relay);
        }

        private static double linkRate(Fields f, String key, double def) {
            double v = f.number(key, def);
            f.check(key, v > 0 && Double.isFinite(v), "must be > 0 bit/s");
            return v;
        }

        private static GroundStation inlineStation(Fields f, double down, double up) {
            String name = f.string("name");
            String provider = f.string("provider", "");
            double lat = f.number("lat");
            f.check("lat", lat >= -90 && lat <= 90, "must be in [-90, 90]");
            double lon = f.number("lon");
            f.check("lon", lon >= -180 && lon <= 180, "must be in [-180, 180]");
            double alt = f.number("altitudeM", 0);
            f.check("altitudeM", alt >= GroundStations.MIN_ALTITUDE_M && alt <= GroundStations.MAX_ALTITUDE_M,
                    "must be in [-500, 9000] m");
            return new GroundStation(name, provider, lat, lon, alt, linkRate(f, "downlinkBps", down),
                    linkRate(f, "uplinkBps", up));
        }

        private WorkloadSpec workload(Fields w) {
            List<String> kinds = present(w, WORKLOAD);
            if (kinds.isEmpty()) throw w.errorHere("needs one of trace or generator");
            if (kinds.size() > 1) {
                throw new InputException(file, w.keyLine(kinds.get(1)), w.path(),
                        "must have exactly one of trace or generator, got both");
            }
            if (kinds.get(0).equals("trace")) {
                Fields t = w.object("trace", TRACE);
                Path f = existingFile(t, "file");
                String format = oneOf(t, "format", null, TRACE_FORMATS);
                long scale = t.integer("scale", 1);
                t.check("scale", scale >= 1 && scale <= MAX_TRACE_SCALE, "must be in [1, " + grouped(MAX_TRACE_SCALE) + "]");
                double speedup = t.number("arrivalSpeedup", 1.0);
                t.check("arrivalSpeedup", speedup >= MIN_ARRIVAL_SPEEDUP && speedup <= MAX_ARRIVAL_SPEEDUP,
                        "must be in [" + plain(MIN_ARRIVAL_SPEEDUP) + ", " + grouped(MAX_ARRIVAL_SPEEDUP) + "]");
                long offsetMs = 0;
                if (t.has("startOffset")) {
                    Duration offset = duration(t, "startOffset", MAX_START_OFFSET, "3650d");
                    if (offset.isNegative()) throw t.error("startOffset", "must be >= 0, got " + t.shown("startOffset").strip());
                    offsetMs = offset.toMillis();
                }
                return new WorkloadSpec.Trace(f, format, (int) scale, speedup, offsetMs);
            }
            Fields g = w.object("generator", GENERATOR);
            double load = g.number("offeredLoad");
            g.check("offeredLoad", load > 0 && load <= 10, "must be in (0, 10]");
            List<String> tenants = List.of("default");
            if (g.has("tenants")) {
                List<Node> items = g.list("tenants");
                if (items.isEmpty()) throw g.error("tenants", "must not be empty (leave it out for [default])");
                Set<String> seen = new LinkedHashSet<>();
                for (int i = 0; i < items.size(); i++) {
                    String field = g.field("tenants") + "[" + i + "]";
                    if (!(items.get(i) instanceof Scalar s) || s.isNull() || s.text().isBlank()) {
                        throw new InputException(file, items.get(i).line(), field,
                                "must be a tenant name, got " + items.get(i).describe());
                    }
                    if (!seen.add(s.text())) {
                        throw new InputException(file, s.line(), field, "'" + s.text() + "' is listed twice");
                    }
                }
                tenants = List.copyOf(seen);
            }
            return new WorkloadSpec.Generated(load, tenants);
        }

        private SchedulerSpec scheduler(Fields s) {
            String queue = oneOf(s, "queue", SchedulerSpec.DEFAULT.queue(), QUEUES);
            String backfill = oneOf(s, "backfill", SchedulerSpec.DEFAULT.backfill(), BACKFILLS);
            boolean preemption = s.bool("preemption", false);
            List<Double> thresholds = SchedulerSpec.DEFAULT_LAS_THRESHOLDS_GPU_HOURS;
            if (s.has("lasThresholdsGpuHours")) {
                List<Node> items = s.list("lasThresholdsGpuHours");
                if (items.isEmpty()) throw s.error("lasThresholdsGpuHours", "must not be empty");
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String field = s.field("lasThresholdsGpuHours") + "[" + i + "]";
                    if (!(items.get(i) instanceof Scalar sc) || sc.number() == null) {
                        throw new InputException(file, items.get(i).line(), field, "must be a number of GPU-hours, got "
                                + items.get(i).describe());
                    }
                    double h = sc.number().doubleValue();
                    if (!(h > 0) || Double.isInfinite(h) || (i > 0 && h <= v.get(i - 1))) {
                        throw new InputException(file, sc.line(), field, "must be > 0 and larger than the one before, got "
                                + sc.text());
                    }
                    v.add(h);
                }
                thresholds = v;
            }
            double starvation;
            // off (YAML 1.1 reads a plain off as the boolean false) or false: no promotion
            if (s.node("starvationFactor") instanceof Scalar off && (off.text().strip().equalsIgnoreCase("off")
                    || off.token() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE)) {
                starvation = SchedulerSpec.STARVATION_OFF;
            } else {
                starvation = s.number("starvationFactor", SchedulerSpec.DEFAULT_STARVATION_FACTOR);
                s.check("starvationFactor", starvation > 0 && starvation <= 1e6,
                        "must be in (0, 1000000], or off (no starvation promotion)");
            }
            long exemptMs = SchedulerSpec.DEFAULT_PREEMPT_EXEMPT_MS;
            if (s.has("preemptExemptTime")) {
                Duration d = duration(s, "preemptExemptTime", MAX_HORIZON, "366d");
                if (d.isNegative()) throw s.error("preemptExemptTime", "must be >= 0, got " + s.shown("preemptExemptTime").strip());
                exemptMs = d.toMillis();
            }
            return new SchedulerSpec(queue, backfill, preemption, thresholds, starvation, exemptMs, placement(s));
        }

        /** {@code scheduler} keys of {@link io.skygrid.sched.PlacementSpec} (Filter/Score and data staging). */
        private io.skygrid.sched.PlacementSpec placement(Fields s) {
            io.skygrid.sched.PlacementSpec d = io.skygrid.sched.PlacementSpec.DEFAULT;
            String mode = oneOf(s, "placement", d.mode(), io.skygrid.sched.PlacementSpec.MODES);
            Set<String> latency = new LinkedHashSet<>();
            List<Node> items = s.list("latencyTenants");
            for (int i = 0; i < items.size(); i++) {
                String field = s.field("latencyTenants") + "[" + i + "]";
                if (!(items.get(i) instanceof Scalar sc) || sc.isNull() || sc.text().isBlank()) {
                    throw new InputException(file, items.get(i).line(), field, "must be a tenant name, got "
                            + items.get(i).describe());
                }
                if (!latency.add(sc.text())) {
                    throw new InputException(file, sc.line(), field, "'" + sc.text() + "' is listed twice");
                }
            }
            double bound = s.number("latencyBoundMs", d.latencyBoundMs());
            s.check("latencyBoundMs", bound > 0 && bound <= 60_000, "must be in (0, 60000] ms");
            double steady = s.number("steadySunFraction", d.steadySunFraction());
            s.check("steadySunFraction", steady >= 0 && steady <= 1, "must be in [0, 1]");
            long windowMs = d.outlookWindowMs();
            if (s.has("outlookWindow")) {
                Duration w = duration(s, "outlookWindow", MAX_HORIZON, "366d");
                if (w.isNegative() || w.isZero()) {
                    throw s.error("outlookWindow", "must be > 0, got " + s.shown("outlookWindow").strip());
                }
                windowMs = w.toMillis();
            }
            double in = d.inputGB();
            double out = d.outputGB();
            if (s.has("data")) {
                Fields data = s.object("data", DATA);
                if (data.has("inputGB")) {
                    in = data.number("inputGB");
                    data.check("inputGB", in >= 0 && in <= 1e9, "must be in [0, 1e9] GB");
                }
                if (data.has("outputGB")) {
                    out = data.number("outputGB");
                    data.check("outputGB", out >= 0 && out <= 1e9, "must be in [0, 1e9] GB");
                }
            }
            long maxStagingMs = d.maxStagingMs();
            if (s.has("maxStagingWait")) {
                Duration w = duration(s, "maxStagingWait", MAX_HORIZON, "366d");
                if (w.isNegative()) {
                    throw s.error("maxStagingWait", "must be >= 0, got " + s.shown("maxStagingWait").strip());
                }
                maxStagingMs = w.toMillis();
            }
            return new io.skygrid.sched.PlacementSpec(mode, latency, bound, steady, windowMs, in, out, maxStagingMs);
        }

        // ---- failures (section added with the failure model; kept apart from the other sections) ----

        /**
         * {@code failures: {enabled, gpuMtbfHours, gpuRepair, doseRadPerYear, faultsPerRad, radiationRepair,
         * satelliteLossPerYear}}: every key optional, defaults {@link FailureSpec#DEFAULTS} (with their sources);
         * {@code enabled} defaults to true once the section is present. Repair times are durations written
         * like {@code horizon}.
         */
        private FailureSpec failures(Fields f) {
            FailureSpec d = FailureSpec.DEFAULTS;
            boolean enabled = f.bool("enabled", true);
            double mtbf = f.number("gpuMtbfHours", d.gpuMtbfHours());
            f.check("gpuMtbfHours", mtbf > 0, "must be > 0 (hours)");
            long gpuRepair = f.has("gpuRepair") ? nonNegative(f, "gpuRepair") : d.gpuRepairMs();
            double dose = f.number("doseRadPerYear", d.doseRadPerYear());
            f.check("doseRadPerYear", dose >= 0, "must be >= 0 (rad(Si) per year)");
            double perRad = f.number("faultsPerRad", d.faultsPerRad());
            f.check("faultsPerRad", perRad >= 0, "must be >= 0 (faults per chip per rad(Si))");
            long radRepair = f.has("radiationRepair") ? nonNegative(f, "radiationRepair") : d.radiationRepairMs();
            double loss = f.number("satelliteLossPerYear", d.satelliteLossPerYear());
            f.check("satelliteLossPerYear", loss >= 0 && loss <= MAX_SATELLITE_LOSS_PER_YEAR,
                    "must be in [0, " + plain(MAX_SATELLITE_LOSS_PER_YEAR) + "] (losses per satellite-year)");
            return new FailureSpec(enabled, mtbf, gpuRepair, dose, perRad, radRepair, loss);
        }

        private long nonNegative(Fields f, String key) {
            Duration r = duration(f, key, MAX_HORIZON, "366d");
            if (r.isNegative()) throw f.error(key, "must be >= 0, got " + f.shown(key).strip());
            return r.toMillis();
        }

        private String oneOf(Fields f, String key, String def, List<String> allowed) {
            String v = def == null ? f.string(key) : f.string(key, def);
            if (!allowed.contains(v)) {
                throw f.error(key, "must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
            }
            return v;
        }

        private Path path(Fields f, String key, String text) {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw f.error(key, "is not a valid path: '" + text + "'");
            }
        }

        /** Resolves a required file key against the scenario folder; the file must exist. */
        private Path existingFile(Fields f, String key) {
            Path given = path(f, key, f.string(key));
            Path resolved = base.resolve(given).normalize();
            if (Files.isDirectory(resolved)) throw f.error(key, "is a folder, not a file: " + resolved);
            if (!Files.exists(resolved)) throw f.error(key, "not found: " + resolved);
            if (!Files.isRegularFile(resolved)) throw f.error(key, "is not a regular file: " + resolved);
            if (!Files.isReadable(resolved)) throw f.error(key, "cannot be read: " + resolved);
            return resolved;
        }
    }

    /** @return {@code v} with thousands separators and at most one decimal, e.g. {@code 13,800,000} */
    static String grouped(double v) {
        return new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /** @return {@code v} without exponent, grouping or trailing zeros, e.g. {@code 1000000}, {@code 1.2} */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * @return the file's content, strictly decoded as UTF-8
     * @throws InputException naming {@code display} if the file cannot be read or is not UTF-8
     */
    static String readUtf8(Path file, String display) {
        return readUtf8(file, display, MAX_SCENARIO_BYTES, "a scenario");
    }

    /**
     * @param maxBytes largest accepted size; checked before reading
     * @param what     what the file is, for the message, e.g. {@code a scenario}
     * @return the file's content, strictly decoded as UTF-8
     * @throws InputException naming {@code display} if the file is larger than {@code maxBytes}, cannot be
     *                        read or is not UTF-8
     */
    static String readUtf8(Path file, String display, long maxBytes, String what) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new InputException(display, 0, null, "is " + megabytes(size) + ", larger than the "
                        + (maxBytes >> 20) + " MB limit for " + what);
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(display, 0, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(display, 0, null, "cannot be read: " + InputException.describe(e));
        }
    }

    /** @return a size in binary megabytes with one decimal for messages, e.g. {@code 50.0 MB} */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
