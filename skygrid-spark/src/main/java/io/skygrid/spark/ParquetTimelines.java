package io.skygrid.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.SatelliteOrbit;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.orbit.TimelineSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * Timelines written by {@link PhysicsJob}, read back for a simulation ({@link TimelineSource}). A
 * constellation is served only if the manifest matches the run exactly: same epoch, horizon, elevation
 * mask and ground stations (name, position), and for the constellation the same name, orbit specification
 * and number of satellites; otherwise {@link #find} returns null and the run computes the physics itself.
 */
public final class ParquetTimelines implements TimelineSource {
    private final SparkSession spark;
    private final Path dir;
    private final JsonNode manifest;

    /**
     * @param spark session used to read the Parquet files
     * @param dir   folder written by {@link PhysicsJob} (with {@code manifest.json})
     * @throws IOException if there is no readable manifest (the timelines are missing or incomplete)
     */
    public ParquetTimelines(SparkSession spark, Path dir) throws IOException {
        this.spark = spark;
        this.dir = dir;
        Path m = dir.resolve(PhysicsJob.MANIFEST);
        if (!Files.isRegularFile(m)) throw new IOException("no " + PhysicsJob.MANIFEST + " in " + dir + " (no complete timelines there)");
        this.manifest = new ObjectMapper().readTree(m.toFile());
    }

    /** @return how a station is recorded in the manifest: name and WGS-84 position */
    static String stationKey(GroundStation g) {
        return String.format(Locale.ROOT, "%s|%.9f|%.9f|%.3f", g.name(), g.latitudeDeg(), g.longitudeDeg(), g.altitudeM());
    }

    /** @return whether timelines for this constellation and these inputs are stored */
    public boolean has(OrbitalConstellation c, int satellites, Instant epoch, long horizonMs, List<GroundStation> stations,
                       double minElevationDeg) {
        if (!manifest.path("epoch").asText().equals(epoch.toString())) return false;
        if (manifest.path("horizonMs").asLong() != horizonMs) return false;
        if (Double.compare(manifest.path("minElevationDeg").asDouble(), minElevationDeg) != 0) return false;
        JsonNode st = manifest.path("stations");
        if (st.size() != stations.size()) return false;
        for (int i = 0; i < stations.size(); i++) {
            if (!st.get(i).asText().equals(stationKey(stations.get(i)))) return false;
        }
        for (JsonNode n : manifest.path("constellations")) {
            if (n.path("name").asText().equals(c.name())) {
                return n.path("orbit").asText().equals(c.orbit().toString()) && n.path("satellites").asInt() == satellites;
            }
        }
        return false;
    }

    @Override
    public ConstellationTimelines find(OrbitalConstellation c, List<SatelliteOrbit> satellites, Instant epoch,
                                       long horizonMs, List<GroundStation> stations, double minElevationDeg) {
        if (!has(c, satellites.size(), epoch, horizonMs, stations, minElevationDeg)) return null;
        int n = satellites.size();
        List<List<long[]>> shadow = new ArrayList<>(n);   // per satellite: {start, end, state}
        List<List<Object[]>> passes = new ArrayList<>(n); // per satellite: {aos, los, station, maxElev}
        for (int i = 0; i < n; i++) {
            shadow.add(new ArrayList<>());
            passes.add(new ArrayList<>());
        }
        Iterator<Row> it = spark.read().parquet(dir.resolve(PhysicsJob.INTERVALS).toAbsolutePath().toString())
                .where(col("constellation").equalTo(c.name()))
                .select("sat", "kind", "start_ms", "end_ms", "station", "max_elev_deg")
                .orderBy("sat", "start_ms", "station", "kind").toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            int sat = r.getInt(0);
            if (sat < 0 || sat >= n) throw new IllegalStateException(dir + ": satellite index " + sat + " out of range for " + c.name());
            String kind = r.getString(1);
            long start = r.getLong(2);
            long end = r.getLong(3);
            switch (kind) {
                case "umbra" -> shadow.get(sat).add(new long[] {start, end, SunlightTimeline.UMBRA});
                case "penumbra" -> shadow.get(sat).add(new long[] {start, end, SunlightTimeline.PENUMBRA});
                case "contact" -> passes.get(sat).add(new Object[] {start, end, r.getInt(4), r.getDouble(5)});
                default -> throw new IllegalStateException(dir + ": unknown interval kind '" + kind + "'");
            }
        }
        SunlightTimeline[] sunlight = new SunlightTimeline[n];
        ContactWindows[] contacts = new ContactWindows[n];
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(satellites.get(i).name());
            sunlight[i] = timeline(shadow.get(i), horizonMs);
            List<Object[]> p = passes.get(i);
            long[] aos = new long[p.size()];
            long[] los = new long[p.size()];
            int[] station = new int[p.size()];
            double[] elev = new double[p.size()];
            for (int k = 0; k < p.size(); k++) {
                aos[k] = (Long) p.get(k)[0];
                los[k] = (Long) p.get(k)[1];
                station[k] = (Integer) p.get(k)[2];
                elev[k] = (Double) p.get(k)[3];
            }
            contacts[i] = new ContactWindows(aos, los, station, elev);
        }
        return new ConstellationTimelines(c.name(), names, sunlight, contacts);
    }

    /** Rebuilds a step function from its shadow intervals (sorted by start); the gaps are sunlit. */
    static SunlightTimeline timeline(List<long[]> intervals, long horizonMs) {
        List<Long> changes = new ArrayList<>();
        List<Byte> states = new ArrayList<>();
        states.add(SunlightTimeline.SUNLIT);
        long cursor = 0;
        for (long[] iv : intervals) {
            byte state = (byte) iv[2];
            if (iv[0] > cursor) {
                add(changes, states, cursor, SunlightTimeline.SUNLIT);
            }
            add(changes, states, iv[0], state);
            cursor = iv[1];
        }
        if (cursor < horizonMs) add(changes, states, cursor, SunlightTimeline.SUNLIT);
        long[] c = new long[changes.size()];
        byte[] s = new byte[states.size()];
        for (int k = 0; k < c.length; k++) c[k] = changes.get(k);
        for (int k = 0; k < s.length; k++) s[k] = states.get(k);
        return new SunlightTimeline(c, s, horizonMs);
    }

    /** Appends "state from t" to the step function (the first segment's state is replaced at t = 0). */
    private static void add(List<Long> changes, List<Byte> states, long t, byte state) {
        if (t == 0) {
            states.set(0, state);
            return;
        }
        if (states.get(states.size() - 1) == state) return;
        changes.add(t);
        states.add(state);
    }
}
