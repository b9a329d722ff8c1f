package io.skygrid.scenario;

import io.skygrid.fleet.GroundStation;
import io.skygrid.scenario.YamlTree.ListNode;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ground stations: a built-in list of real sites, and a reader for GeoJSON station files.
 */
public final class GroundStations {

    /**
     * Real, publicly documented ground-station sites, written for Skygrid. Coordinates are the
     * facilities' published positions, rounded to 0.01 degree (about 1 km, ample for pass prediction at
     * a 10 degree mask); altitudes are approximate site elevations (m, 0 where near sea level). Sources:
     * the operators' public facility listings (KSAT ground network map; SSC "Infinity" ground network
     * list; NASA Near Space Network user's guide and station pages; NASA/JPL Deep Space Network complex
     * pages; ESA ESTRACK station pages; JAXA, ISRO, DLR, CNES, ASI, INPE and INTA station pages) and the
     * facilities' encyclopaedia entries. AWS publishes Ground Station <em>regions</em>, not antenna
     * sites: those entries use the public location of the region's host city/area.
     */
    private static final List<GroundStation> BUILT_IN = List.of(
            // KSAT (Kongsberg Satellite Services) ground network
            new GroundStation("SvalSat", "KSAT", 78.23, 15.41, 500),
            new GroundStation("TrollSat", "KSAT", -72.01, 2.54, 1270),
            new GroundStation("Tromso", "KSAT", 69.66, 18.94, 100),
            new GroundStation("Hartebeesthoek", "KSAT", -25.89, 27.69, 1400),
            new GroundStation("Singapore", "KSAT", 1.35, 103.70, 20),
            new GroundStation("Punta Arenas", "KSAT", -52.94, -70.86, 20),
            new GroundStation("Awarua", "KSAT", -46.53, 168.38, 10),
            new GroundStation("Inuvik", "KSAT", 68.32, -133.55, 100),
            // SSC (Swedish Space Corporation) ground network
            new GroundStation("Esrange", "SSC", 67.88, 21.07, 340),
            new GroundStation("Santiago", "SSC", -33.15, -70.67, 700),
            new GroundStation("South Point", "SSC", 19.01, -155.66, 370),
            new GroundStation("Clewiston", "SSC", 26.73, -81.05, 10),
            new GroundStation("North Pole", "SSC", 64.80, -147.50, 150),
            new GroundStation("Dongara", "SSC", -29.05, 115.35, 30),
            // AWS Ground Station (region host locations)
            new GroundStation("us-east-2 Ohio", "AWS Ground Station", 39.96, -83.00, 240),
            new GroundStation("us-west-2 Oregon", "AWS Ground Station", 45.84, -119.70, 100),
            new GroundStation("me-south-1 Bahrain", "AWS Ground Station", 26.07, 50.56, 10),
            new GroundStation("eu-north-1 Stockholm", "AWS Ground Station", 59.33, 18.07, 30),
            new GroundStation("ap-southeast-2 Sydney", "AWS Ground Station", -33.87, 151.21, 50),
            new GroundStation("af-south-1 Cape Town", "AWS Ground Station", -33.92, 18.42, 20),
            new GroundStation("eu-west-1 Ireland", "AWS Ground Station", 53.35, -6.26, 20),
            new GroundStation("ap-northeast-2 Seoul", "AWS Ground Station", 37.57, 126.98, 40),
            // NASA Near Space Network (formerly Near Earth Network) and partner sites
            new GroundStation("Wallops", "NASA NSN", 37.92, -75.48, 10),
            new GroundStation("White Sands", "NASA NSN", 32.54, -106.61, 1450),
            new GroundStation("McMurdo", "NASA NSN", -77.84, 166.67, 100),
            new GroundStation("Fairbanks ASF", "NASA NSN", 64.86, -147.85, 200),
            new GroundStation("Kennedy Uplink", "NASA NSN", 28.51, -80.69, 10),
            // NASA Deep Space Network complexes
            new GroundStation("Goldstone", "NASA DSN", 35.43, -116.89, 1000),
            new GroundStation("Madrid", "NASA DSN", 40.43, -4.25, 830),
            new GroundStation("Canberra", "NASA DSN", -35.40, 148.98, 690),
            // ESA ESTRACK
            new GroundStation("Kiruna", "ESA ESTRACK", 67.86, 20.96, 400),
            new GroundStation("Redu", "ESA ESTRACK", 50.00, 5.15, 380),
            new GroundStation("Kourou", "ESA ESTRACK", 5.25, -52.80, 10),
            new GroundStation("Malargue", "ESA ESTRACK", -35.78, -69.40, 1550),
            new GroundStation("New Norcia", "ESA ESTRACK", -31.05, 116.19, 250),
            new GroundStation("Cebreros", "ESA ESTRACK", 40.45, -4.37, 790),
            new GroundStation("Santa Maria", "ESA ESTRACK", 36.99, -25.14, 280),
            // National agencies and others
            new GroundStation("Usuda", "JAXA", 36.13, 138.36, 1450),
            new GroundStation("Okinawa", "JAXA", 26.50, 127.86, 50),
            new GroundStation("Bangalore ISTRAC", "ISRO", 13.03, 77.51, 900),
            new GroundStation("Weilheim", "DLR", 47.88, 11.08, 600),
            new GroundStation("Neustrelitz", "DLR", 53.33, 13.07, 80),
            new GroundStation("O'Higgins", "DLR", -63.32, -57.90, 10),
            new GroundStation("Aussaguel", "CNES", 43.43, 1.50, 250),
            new GroundStation("Matera", "ASI", 40.65, 16.70, 540),
            new GroundStation("Malindi", "ASI", -2.99, 40.19, 10),
            new GroundStation("Cuiaba", "INPE", -15.55, -56.07, 200),
            new GroundStation("Maspalomas", "INTA", 27.76, -15.63, 200),
            new GroundStation("Poker Flat", "University of Alaska", 65.12, -147.43, 500),
            new GroundStation("Goonhilly", "Goonhilly Earth Station", 50.05, -5.18, 110),
            new GroundStation("Traverse City", "ATLAS Space Operations", 44.76, -85.62, 190),
            new GroundStation("Carlsbad", "Viasat", 33.13, -117.26, 100));

    /** Lowest accepted station altitude, m (the Dead Sea shore is about -430 m). */
    static final double MIN_ALTITUDE_M = -500;
    /** Highest accepted station altitude, m (above Everest, 8,849 m). */
    static final double MAX_ALTITUDE_M = 9_000;

    private GroundStations() {
    }

    /**
     * The built-in station list: about fifty real commercial and agency sites (KSAT, SSC, AWS Ground
     * Station regions, NASA NSN and DSN, ESA ESTRACK, national agencies, ATLAS, Viasat) spread over all
     * latitudes, so polar and inclined orbits both see regular contacts. Coordinates in degrees rounded
     * to 0.01; altitudes approximate, m.
     *
     * @return an immutable list in a fixed order
     */
    public static List<GroundStation> builtIn() {
        return BUILT_IN;
    }

    /**
     * Reads a GeoJSON {@code FeatureCollection} of {@code Point} features, one per station:
     * {@code geometry.coordinates} is {@code [lonDeg, latDeg]} or {@code [lonDeg, latDeg, altitudeM]}
     * (altitude 0 when absent, else in [-500, 9000] m), {@code properties.name} is required and {@code properties.provider}
     * optional (empty when absent); link capacities are the defaults of {@link GroundStation} unless
     * {@code properties.downlinkBps}/{@code uplinkBps} set them (see {@link #readGeoJson(Path, double, double)}). Other members (e.g. {@code frequency_bands}) are ignored, as GeoJSON
     * allows foreign members.
     *
     * @param file station file (UTF-8 JSON); messages name it as given
     * @return the stations in file order (possibly empty if {@code features} is empty)
     * @throws InputException naming the file, line and field, e.g.
     *         {@code ksat.json:12: features[3].geometry.coordinates latitude must be in [-90, 90], got 91}
     */
    public static List<GroundStation> readGeoJson(Path file) {
        return readGeoJson(file, GroundStation.DEFAULT_DOWNLINK_BPS, GroundStation.DEFAULT_UPLINK_BPS);
    }

    /**
     * Like {@link #readGeoJson(Path)}, with link capacities: {@code properties.downlinkBps} and
     * {@code properties.uplinkBps} (bit/s, &gt; 0) when a feature gives them, else the defaults passed here.
     *
     * @param file        station file
     * @param downlinkBps downlink rate of stations that do not set their own, bit/s
     * @param uplinkBps   uplink rate of stations that do not set their own, bit/s
     * @return the stations in file order
     * @throws InputException naming the file, line and field, e.g.
     *         {@code ksat.json:9: features[0].properties.downlinkBps must be > 0 bit/s, got -1}
     */
    public static List<GroundStation> readGeoJson(Path file, double downlinkBps, double uplinkBps) {
        String display = file.toString();
        String text = ScenarioLoader.readUtf8(file, display, ScenarioLoader.MAX_STATION_FILE_BYTES, "a station file");
        Node root = YamlTree.parseJson(text, display);
        if (root == null) throw new InputException(display, 0, null, "is empty; expected a GeoJSON FeatureCollection");
        Fields top = Fields.lenient(display, root, "");
        String type = top.string("type");
        top.check("type", type.equals("FeatureCollection"), "must be FeatureCollection");
        List<Node> features = top.list("features");
        if (!top.has("features")) throw top.missing("features");
        List<GroundStation> out = new ArrayList<>(features.size());
        java.util.Map<String, Integer> nameLines = new java.util.HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            Fields feature = Fields.lenient(display, features.get(i), "features[" + i + "]");
            GroundStation s = station(feature, downlinkBps, uplinkBps);
            Fields properties = Fields.lenient(display, feature.required("properties"), feature.field("properties"));
            Integer first = nameLines.putIfAbsent(s.name(), properties.lineOf("name"));
            if (first != null) {
                throw properties.error("name", "'" + InputException.quote(s.name()) + "' is already the name of the station at line "
                        + first + " (names must be unique within a file)");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static GroundStation station(Fields f, double downlinkBps, double uplinkBps) {
        String type = f.string("type");
        f.check("type", type.equals("Feature"), "must be Feature");
        Fields geometry = Fields.lenient(f.file(), f.required("geometry"), f.field("geometry"));
        String gType = geometry.string("type");
        geometry.check("type", gType.equals("Point"), "must be Point (one station per feature)");
        Node coordinates = geometry.required("coordinates");
        String field = geometry.field("coordinates");
        if (!(coordinates instanceof ListNode list) || list.items().size() < 2 || list.items().size() > 3) {
            throw geometry.error("coordinates", "must be [lon, lat] or [lon, lat, altM], got "
                    + coordinates.describe() + (coordinates instanceof ListNode l ? " of " + l.items().size() : ""));
        }
        double lon = coordinate(f, list, 0, field, "longitude");
        double lat = coordinate(f, list, 1, field, "latitude");
        double alt = list.items().size() == 3 ? coordinate(f, list, 2, field, "altitude") : 0;
        if (!(lon >= -180 && lon <= 180)) {
            throw new InputException(f.file(), list.items().get(0).line(), field,
                    "longitude must be in [-180, 180], got " + text(list, 0));
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw new InputException(f.file(), list.items().get(1).line(), field,
                    "latitude must be in [-90, 90], got " + text(list, 1));
        }
        if (!(alt >= MIN_ALTITUDE_M && alt <= MAX_ALTITUDE_M)) {
            throw new InputException(f.file(), list.items().get(2).line(), field,
                    "altitude must be in [-500, 9000] m, got " + text(list, 2));
        }
        Fields properties = Fields.lenient(f.file(), f.required("properties"), f.field("properties"));
        String name = properties.string("name");
        String provider = properties.string("provider", "");
        double down = properties.number("downlinkBps", downlinkBps);
        properties.check("downlinkBps", down > 0 && Double.isFinite(down), "must be > 0 bit/s");
        double up = properties.number("uplinkBps", uplinkBps);
        properties.check("uplinkBps", up > 0 && Double.isFinite(up), "must be > 0 bit/s");
        try {
            return new GroundStation(name, provider, lat, lon, alt, down, up);
        } catch (IllegalArgumentException e) {
            throw f.errorHere(e.getMessage());
        }
    }

    private static String text(ListNode list, int index) {
        return ((Scalar) list.items().get(index)).text();
    }

    private static double coordinate(Fields f, ListNode list, int index, String field, String what) {
        Node n = list.items().get(index);
        if (n instanceof Scalar s && s.number() != null && Double.isFinite(s.number().doubleValue())) {
            return s.number().doubleValue();
        }
        throw new InputException(f.file(), n.line(), field, what + " must be a number, got " + n.describe());
    }
}
