package io.skygrid.orbit;

import org.orekit.data.ClasspathCrawler;
import org.orekit.data.DataContext;
import org.orekit.data.DataProvidersManager;

/**
 * Configures Orekit's default {@link DataContext} so that it only reads data embedded in the Skygrid
 * jar: nothing is downloaded and no {@code orekit-data} folder is needed.
 *
 * <p>Embedded data: the resource {@code io/skygrid/orbit/tai-utc.dat}, the USNO {@code tai-utc.dat}
 * format, holding the pre-1972 drifting offsets and the 28 leap seconds 1972-01-01 .. 2017-01-01 of
 * IERS Bulletin C (TAI-UTC = 37 s since 2017-01-01). A leap second announced after this file was
 * written is not known: dates after it are off by one second per missing leap second.
 *
 * <p>Earth orientation parameters: none are embedded. Orekit then uses an empty EOP history, whose
 * corrections are all zero: UT1 = UTC, no polar motion and no celestial pole offsets. Consequence:
 * |UT1-UTC| stays below 0.9 s by definition of UTC, so the Earth rotation angle is off by at most
 * 0.9 s x 7.29e-5 rad/s = 6.6e-5 rad, i.e. up to ~400 m of east-west ground position (or of a
 * satellite's ITRF position); polar motion adds up to ~15 m. This is irrelevant for contact windows
 * sampled at 30 s (a LEO satellite moves ~7.6 km/s, so 400 m is ~0.05 s of AOS/LOS).
 *
 * <p>Call {@link #init()} before any other use of Orekit; every public entry point of this package
 * does it for you.
 */
public final class OrekitSetup {
    /** Classpath resource holding the UTC-TAI history. */
    static final String LEAP_SECONDS_RESOURCE = "io/skygrid/orbit/tai-utc.dat";

    private static volatile boolean done;

    private OrekitSetup() {
    }

    /**
     * Replaces the data providers of Orekit's default data context by a single classpath crawler on the
     * embedded leap-second file. Idempotent and thread-safe: the first call configures, later calls
     * return at once.
     *
     * @throws IllegalStateException if the embedded resource is missing from the classpath
     */
    public static void init() {
        if (done) {
            return;
        }
        synchronized (OrekitSetup.class) {
            if (done) {
                return;
            }
            if (OrekitSetup.class.getClassLoader().getResource(LEAP_SECONDS_RESOURCE) == null) {
                throw new IllegalStateException("missing classpath resource " + LEAP_SECONDS_RESOURCE);
            }
            DataProvidersManager manager = DataContext.getDefault().getDataProvidersManager();
            manager.clearProviders();
            manager.addProvider(new ClasspathCrawler(OrekitSetup.class.getClassLoader(), LEAP_SECONDS_RESOURCE));
            done = true;
        }
    }
}
