package io.skygrid.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skygrid.fleet.GroundStation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitPhysics;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sim.ProgressListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Orbit physics of large constellations on Spark: satellites are split into slices of consecutive
 * indices, each slice is one task that runs the core's {@link OrbitPhysics#compute} (the same propagation,
 * shadow and contact models as {@code skygrid run}, one thread per task), and the timelines are written
 * as Parquet. Results do not depend on the slicing: every satellite's timeline is computed on its own.
 *
 * <h2>Output</h2>
 * {@code <out>/intervals.parquet}, partitioned by {@code constellation} (folders
 * {@code constellation=<name>}), one row per interval:
 * <pre>
 *   sat          int     satellite index in its constellation (the scenario's satellite order)
 *   kind         string  penumbra | umbra | contact   (time not covered by penumbra or umbra is sunlit)
 *   start_ms     long    start, ms since the epoch
 *   end_ms       long    end (exclusive), ms since the epoch; the last interval of a timeline ends at the horizon
 *   station      int     contact: index of the ground station in manifest.json, else -1
 *   max_elev_deg double  contact: maximum elevation, degrees, else NaN
 * </pre>
 * {@code <out>/manifest.json} records what the timelines were computed from (epoch, horizon, elevation mask,
 * stations, each constellation's orbit and satellite count): {@link ParquetTimelines} serves them back only
 * for exactly those inputs.
 */
public final class PhysicsJob {
    public static final String INTERVALS = "intervals.parquet";
    public static final String MANIFEST = "manifest.json";
    /** Default satellites per task: large enough that a task's fixed cost (Sun and frame tables) is negligible. */
    public static final int DEFAULT_SLICE = 5_000;

    private PhysicsJob() {
    }

    /**
     * A constellation to compute.
     *
     * @param name       constellation name
     * @param orbit      its orbit specification (recorded in the manifest)
     * @param satellites its satellites, as {@link io.skygrid.orbit.Satellites#load} gives them
     */
    public record Constellation(String name, OrbitSpec orbit, List<SatelliteOrbit> satellites) {
    }

    /**
     * What a physics job did.
     *
     * @param satellites satellites computed
     * @param rows       interval rows written
     * @param tasks      Spark tasks (slices)
     * @param millis     wall time of the distributed phase (compute and write), ms
     */
    public record Outcome(long satellites, long rows, int tasks, long millis) {
    }

    /** One task's satellites: compact elements (designed) or TLE lines, not Orekit objects. */
    record Slice(int constellation, String name, int from, String[] names, double[] elements, String[] tle,
                 double elementsOffsetS, long epochMs, long horizonMs, Stations stations,
                 double minElevationDeg) implements Serializable {
        private static final long serialVersionUID = 1L;

        int size() {
            return names.length;
        }
    }

    /** Ground stations as plain arrays, for shipping to executors. */
    record Stations(String[] names, String[] providers, double[] lat, double[] lon, double[] alt) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Stations of(List<GroundStation> list) {
            int n = list.size();
            Stations s = new Stations(new String[n], new String[n], new double[n], new double[n], new double[n]);
            for (int i = 0; i < n; i++) {
                GroundStation g = list.get(i);
                s.names[i] = g.name();
                s.providers[i] = g.provider();
                s.lat[i] = g.latitudeDeg();
                s.lon[i] = g.longitudeDeg();
                s.alt[i] = g.altitudeM();
            }
            return s;
        }

        List<GroundStation> toList() {
            List<GroundStation> out = new ArrayList<>(names.length);
            for (int i = 0; i < names.length; i++) out.add(new GroundStation(names[i], providers[i], lat[i], lon[i], alt[i]));
            return out;
        }
    }

    /** @return the Parquet schema of {@code intervals.parquet} (with the partition column) */
    public static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("constellation", DataTypes.StringType, false),
                DataTypes.createStructField("sat", DataTypes.IntegerType, false),
                DataTypes.createStructField("kind", DataTypes.StringType, false),
                DataTypes.createStructField("start_ms", DataTypes.LongType, false),
                DataTypes.createStructField("end_ms", DataTypes.LongType, false),
                DataTypes.createStructField("station", DataTypes.IntegerType, false),
                DataTypes.createStructField("max_elev_deg", DataTypes.DoubleType, false)));
    }

    /**
     * Computes and writes the timelines of every constellation.
     *
     * @param spark           session
     * @param constellations  constellations (designed or TLE)
     * @param epoch           epoch (time 0)
     * @param horizonMs       horizon, ms
     * @param stations        ground stations; empty to compute sunlight only
     * @param minElevationDeg elevation mask, degrees
     * @param sliceSize       satellites per task (&gt; 0)
     * @param out             output folder (replaced if it holds timelines)
     * @return counts and wall time
     * @throws IOException if the manifest cannot be written
     */
    public static Outcome run(SparkSession spark, List<Constellation> constellations, Instant epoch, long horizonMs,
                              List<GroundStation> stations, double minElevationDeg, int sliceSize, Path out)
            throws IOException {
        if (sliceSize < 1) throw new IllegalArgumentException("slice size must be >= 1, got " + sliceSize);
        OrekitSetup.init();
        AbsoluteDate epochDate = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
        List<Slice> slices = new ArrayList<>();
        long total = 0;
        for (int c = 0; c < constellations.size(); c++) {
            Constellation con = constellations.get(c);
            List<SatelliteOrbit> sats = con.satellites();
            total += sats.size();
            for (int from = 0; from < sats.size(); from += sliceSize) {
                slices.add(slice(c, con.name(), sats, from, Math.min(sats.size(), from + sliceSize), epochDate, epoch,
                        horizonMs, stations, minElevationDeg));
            }
        }
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(MANIFEST)); // written again only once the timelines are complete
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator rows = jsc.sc().longAccumulator("interval rows");
        JavaRDD<Row> intervals = jsc.parallelize(slices, Math.max(1, slices.size()))
                .flatMap(s -> rows(s, rows));
        spark.createDataFrame(intervals, schema()).write().mode(SaveMode.Overwrite).partitionBy("constellation")
                .parquet(out.resolve(INTERVALS).toAbsolutePath().toString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        writeManifest(constellations, epoch, horizonMs, stations, minElevationDeg, out.resolve(MANIFEST));
        return new Outcome(total, rows.value(), slices.size(), millis);
    }

    private static Slice slice(int c, String name, List<SatelliteOrbit> sats, int from, int to, AbsoluteDate epochDate,
                               Instant epoch, long horizonMs, List<GroundStation> stations, double minElevationDeg) {
        int n = to - from;
        String[] names = new String[n];
        boolean tle = sats.get(from) instanceof SatelliteOrbit.Sgp4;
        double[] el = tle ? null : new double[4 * n];
        String[] lines = tle ? new String[2 * n] : null;
        double offset = 0;
        for (int i = 0; i < n; i++) {
            SatelliteOrbit s = sats.get(from + i);
            names[i] = s.name();
            if (s instanceof SatelliteOrbit.Sgp4 sgp) {
                if (!tle) throw new IllegalArgumentException(name + ": mixes TLE and designed satellites");
                lines[2 * i] = sgp.tle().getLine1();
                lines[2 * i + 1] = sgp.tle().getLine2();
            } else {
                SatelliteOrbit.CircularJ2 j2 = (SatelliteOrbit.CircularJ2) s;
                if (tle) throw new IllegalArgumentException(name + ": mixes TLE and designed satellites");
                double off = j2.elementsEpoch().durationFrom(epochDate);
                if (i == 0) offset = off;
                else if (off != offset) throw new IllegalArgumentException(name + ": designed satellites with different element epochs");
                el[4 * i] = j2.semiMajorAxisM();
                el[4 * i + 1] = j2.inclinationRad();
                el[4 * i + 2] = j2.raanRad();
                el[4 * i + 3] = j2.argLatRad();
            }
        }
        return new Slice(c, name, from, names, el, lines, offset, epoch.toEpochMilli(), horizonMs, Stations.of(stations),
                minElevationDeg);
    }

    /** Rebuilds a slice's satellites on the executor. */
    static List<SatelliteOrbit> satellites(Slice s) {
        OrekitSetup.init();
        Instant epoch = Instant.ofEpochMilli(s.epochMs());
        AbsoluteDate elementsEpoch = new AbsoluteDate(epoch, TimeScalesFactory.getUTC()).shiftedBy(s.elementsOffsetS());
        List<SatelliteOrbit> sats = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            if (s.tle() != null) {
                sats.add(new SatelliteOrbit.Sgp4(s.names()[i], new TLE(s.tle()[2 * i], s.tle()[2 * i + 1])));
            } else {
                double[] e = s.elements();
                sats.add(new SatelliteOrbit.CircularJ2(s.names()[i], e[4 * i], e[4 * i + 1], e[4 * i + 2], e[4 * i + 3],
                        elementsEpoch));
            }
        }
        return sats;
    }

    /** Computes a slice with the core physics and turns its timelines into rows. */
    static Iterator<Row> rows(Slice s, LongAccumulator counter) {
        ConstellationTimelines t = OrbitPhysics.compute(s.name(), satellites(s), Instant.ofEpochMilli(s.epochMs()),
                s.horizonMs(), s.stations().toList(), s.minElevationDeg(), 1, ProgressListener.NONE);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            int sat = s.from() + i;
            SunlightTimeline tl = t.sunlight()[i];
            for (int k = 0; k <= tl.changes(); k++) {
                byte state = tl.state(k);
                if (state == SunlightTimeline.SUNLIT) continue;
                long start = k == 0 ? 0 : tl.changeMs(k - 1);
                long end = k < tl.changes() ? tl.changeMs(k) : tl.horizonMs();
                out.add(RowFactory.create(s.name(), sat, state == SunlightTimeline.UMBRA ? "umbra" : "penumbra", start, end,
                        -1, Double.NaN));
            }
            ContactWindows cw = t.contacts()[i];
            for (int k = 0; k < cw.size(); k++) {
                out.add(RowFactory.create(s.name(), sat, "contact", cw.aosMs()[k], cw.losMs()[k], cw.station()[k],
                        cw.maxElevDeg()[k]));
            }
        }
        counter.add(out.size());
        return out.iterator();
    }

    private static void writeManifest(List<Constellation> constellations, Instant epoch, long horizonMs,
                                      List<GroundStation> stations, double minElevationDeg, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", "skygrid-timelines-1");
        root.put("epoch", epoch.toString());
        root.put("horizonMs", horizonMs);
        root.put("minElevationDeg", minElevationDeg);
        root.put("gridStepMs", OrbitPhysics.GRID_STEP_MS);
        ArrayNode st = root.putArray("stations");
        for (GroundStation g : stations) st.add(ParquetTimelines.stationKey(g));
        ArrayNode cs = root.putArray("constellations");
        for (Constellation c : constellations) {
            ObjectNode n = cs.addObject();
            n.put("name", c.name());
            n.put("orbit", c.orbit().toString());
            n.put("satellites", c.satellites().size());
        }
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
