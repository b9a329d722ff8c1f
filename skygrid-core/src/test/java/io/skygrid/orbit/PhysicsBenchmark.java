package io.skygrid.orbit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.skygrid.TestData;
import io.skygrid.fleet.GroundStation;
import io.skygrid.sim.ProgressListener;

/**
 * Manual benchmark (not a unit test): physics of all Starlink TLEs over 24 h with 50 ground stations
 * against raw SGP4 propagation at 60 s. Run:
 * {@code java -cp <test classpath> io.skygrid.orbit.PhysicsBenchmark [maxSats] [threads]}.
 */
public final class PhysicsBenchmark {
    private PhysicsBenchmark() {
    }

    /** @return the first {@code n} ground stations of the shared GeoJSON files, in file-name order */
    static List<GroundStation> stations(int n) throws IOException {
        List<GroundStation> out = new ArrayList<>();
        ObjectMapper om = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.path("groundstations"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            for (JsonNode feat : om.readTree(f.toFile()).get("features")) {
                JsonNode c = feat.get("geometry").get("coordinates");
                out.add(new GroundStation(feat.get("properties").get("name").asText(),
                        feat.get("properties").path("provider").asText(""), c.get(1).asDouble(), c.get(0).asDouble(), 0));
                if (out.size() == n) {
                    return out;
                }
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        Integer max = args.length > 0 ? Integer.valueOf(args[0]) : null;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Instant epoch = Instant.parse("2026-02-24T00:00:00Z");
        long horizon = 86_400_000L;
        SatelliteSet set = Satellites.load("starlink", new OrbitSpec.TleFile(TestData.path("tle/starlink-2026-02-23.tle"),
                null, max), epoch, true);
        List<SatelliteOrbit> sats = set.satellites();
        List<GroundStation> st = stations(50);
        System.out.printf("%d satellites (%d skipped), %d stations, %d threads%n", sats.size(), set.skipped().size(), st.size(), threads);
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            long chk = OrbitPhysics.rawPropagation(sats, epoch, horizon, 60_000, threads);
            long t1 = System.nanoTime();
            ConstellationTimelines tl = OrbitPhysics.compute("starlink", sats, epoch, horizon, st, 10, threads, ProgressListener.NONE);
            long t2 = System.nanoTime();
            long windows = 0;
            double ecl = 0;
            for (int i = 0; i < tl.size(); i++) {
                windows += tl.contacts()[i].size();
                ecl += tl.sunlight()[i].eclipseFraction();
            }
            System.out.printf("rep %d: raw(60 s) %.1f s [chk %d], compute %.1f s, ratio %.2f; %d windows, mean eclipse fraction %.4f%n",
                    rep, (t1 - t0) / 1e9, chk, (t2 - t1) / 1e9, (t2 - t1) / (double) (t1 - t0), windows, ecl / tl.size());
        }
    }
}
