package io.skygrid.orbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import io.skygrid.scenario.InputException;

/**
 * Builds the satellites of a constellation from its {@link OrbitSpec}: reads TLE/3LE files, or
 * generates Walker-delta and sun-synchronous designs.
 */
public final class Satellites {
    /** Lowest altitude accepted for designed orbits, m (below it a satellite decays within days). */
    public static final double MIN_ALTITUDE_M = 150e3;
    /** Largest distance between a TLE's epoch and the scenario epoch, days (SGP4 errors grow by km/day). */
    public static final double MAX_TLE_AGE_DAYS = 60;
    /** Length of a TLE line, characters. */
    private static final int TLE_LINE_LENGTH = 69;
    /** Tropical year, days (Vallado 4th ed.; the period of the mean Sun's right ascension). */
    public static final double TROPICAL_YEAR_DAYS = 365.2422;

    private Satellites() {
    }

    /**
     * Loads or generates the satellites of one constellation.
     *
     * <p><b>TLE files</b> ({@link OrbitSpec.TleFile}): 2-line and 3-line records (an optional name line
     * before each pair, a leading {@code "0 "} on it is dropped); blank lines are ignored; ISO-8859-1.
     * Each record is checked for line length (69 characters after trailing blanks are removed), line
     * numbers, checksums of both lines, equal catalogue numbers on both lines and
     * {@link TLE#isFormatOK(String, String)}. A record without a name line is named after its
     * catalogue number. {@code nameFilter} is a case-insensitive substring of the name; {@code max}
     * keeps the first {@code max} records passing the filter, and reading stops there (records
     * after that point are not validated). Each record passing the filter must also be usable by
     * SGP4/SDP4 in the scenario: its epoch within {@value #MAX_TLE_AGE_DAYS} days of the scenario
     * epoch, mean motion &gt; 0, inclination in [0, 180] deg, and a propagator built from it must
     * give a finite position at least the Earth's equatorial radius from the centre and at most 1.5
     * times the apogee of the mean elements (beyond it SGP4's drag terms have diverged) at the scenario
     * epoch and one orbit later (this rejects e.g. eccentricity 0.9999999, which Orekit refuses, and
     * objects that have already decayed); otherwise the record is bad:
     * {@code file:line: satellite NAME (catalogue N): reason}. This check costs about one SGP4
     * initialisation and two propagations per satellite. Text from the file is quoted in messages
     * shortened to 80 characters, with bytes outside printable ASCII written as {@code \xNN}. Duplicate catalogue numbers (e.g. two element sets of one
     * object) are kept as separate satellites, in file order.
     *
     * <p><b>Walker delta</b> ({@link OrbitSpec.WalkerDelta}) {@code i: t/p/f} (Walker 1984): plane
     * {@code k} in [0, p) has RAAN {@code k x 360/p} deg (EME2000, at the epoch); satellite {@code j}
     * in [0, t/p) of plane {@code k} has argument of latitude {@code j x 360 p/t + k x f x 360/t} deg.
     * Names {@code <constellation>-pPP-sSS} (plane and satellite-in-plane, from 00).
     *
     * <p><b>Sun-synchronous</b> ({@link OrbitSpec.SunSynchronous}): circular, inclination from
     * {@link #sunSynchronousInclination(double)}; RAAN = RA of the Sun at the epoch + (LTAN - 12 h) x
     * 15 deg/h (EME2000, Sun from Orekit's {@link AnalyticalSolarPositionProvider}). With
     * {@code formationRadiusM > 0} the satellites are spread evenly in argument of latitude over
     * [-r/a, +r/a] rad around 0 (the ascending node at the epoch); otherwise evenly over 360 deg.
     * Names {@code <constellation>-p00-sSS}.
     *
     * @param constellationName constellation name (used in generated names and messages)
     * @param spec              where the satellites fly
     * @param epoch             scenario epoch: epoch of the designed elements; for TLEs (which carry
     *                          their own epochs) the instant at which each record is checked
     * @param skipBadTles       if true a bad TLE record is skipped and listed in
     *                          {@link SatelliteSet#skipped()} instead of failing the load
     * @return the satellites, never empty
     * @throws InputException           on an unreadable TLE file, a bad TLE record (unless skipped),
     *                                  or when no satellite remains ({@code file: no satellite name
     *                                  contains 'X' (nameFilter)} when the filter matched no record);
     *                                  message {@code file:line: reason}
     * @throws IllegalArgumentException on invalid design parameters, naming the field
     */
    public static SatelliteSet load(String constellationName, OrbitSpec spec, Instant epoch, boolean skipBadTles) {
        OrekitSetup.init();
        if (spec instanceof OrbitSpec.TleFile tle) {
            return readTles(tle, skipBadTles, epoch);
        }
        if (spec instanceof OrbitSpec.OmmFile omm) {
            return readOmm(omm, skipBadTles, epoch);
        }
        AbsoluteDate date = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
        if (spec instanceof OrbitSpec.WalkerDelta w) {
            return new SatelliteSet(walker(constellationName, w, date), List.of());
        }
        return new SatelliteSet(sunSynchronous(constellationName, (OrbitSpec.SunSynchronous) spec, date), List.of());
    }

    /**
     * Inclination of a circular sun-synchronous orbit: the J2 secular nodal rate
     * {@code dO/dt = -3/2 n J2 (Re/a)^2 cos i} (Vallado, 4th ed., ch. 9, nodal regression; n the
     * Keplerian mean motion) equals the mean motion of the Sun in right ascension, 360 deg per
     * tropical year of {@value #TROPICAL_YEAR_DAYS} days. Constants from {@link SatelliteOrbit.CircularJ2}.
     *
     * @param semiMajorAxisM semi-major axis, m
     * @return inclination, rad (retrograde, ~1.71 rad = 98 deg at 650 km altitude)
     * @throws IllegalArgumentException if no sun-synchronous circular orbit exists at this radius
     *                                  (above ~5,970 km altitude)
     */
    public static double sunSynchronousInclination(double semiMajorAxisM) {
        double n = Math.sqrt(SatelliteOrbit.CircularJ2.MU / Math.pow(semiMajorAxisM, 3));
        double ratio = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS / semiMajorAxisM;
        double required = 2 * Math.PI / (TROPICAL_YEAR_DAYS * 86400.0);
        double cosI = -required / (1.5 * n * SatelliteOrbit.CircularJ2.J2 * ratio * ratio);
        if (cosI < -1) {
            throw new IllegalArgumentException("no sun-synchronous circular orbit at semi-major axis " + semiMajorAxisM + " m");
        }
        return Math.acos(cosI);
    }

    private static List<SatelliteOrbit> walker(String name, OrbitSpec.WalkerDelta w, AbsoluteDate epoch) {
        String where = "orbit " + name + ": walker.";
        if (w.total() <= 0) {
            throw new IllegalArgumentException(where + "total must be > 0, got " + w.total());
        }
        if (w.planes() <= 0 || w.total() % w.planes() != 0) {
            throw new IllegalArgumentException(where + "planes must be > 0 and divide total " + w.total() + ", got " + w.planes());
        }
        if (w.phasing() < 0 || w.phasing() >= w.planes()) {
            throw new IllegalArgumentException(where + "phasing must be in [0, planes=" + w.planes() + "), got " + w.phasing());
        }
        checkAltitude(where, w.altitudeKm());
        if (!(w.inclinationDeg() >= 0 && w.inclinationDeg() <= 180)) {
            throw new IllegalArgumentException(where + "inclinationDeg must be in [0, 180], got " + w.inclinationDeg());
        }
        double a = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS + w.altitudeKm() * 1e3;
        double inc = Math.toRadians(w.inclinationDeg());
        int perPlane = w.total() / w.planes();
        List<SatelliteOrbit> sats = new ArrayList<>(w.total());
        for (int k = 0; k < w.planes(); k++) {
            double raan = Math.toRadians(k * 360.0 / w.planes());
            for (int j = 0; j < perPlane; j++) {
                double u = Math.toRadians(j * 360.0 / perPlane + k * w.phasing() * 360.0 / w.total());
                sats.add(new SatelliteOrbit.CircularJ2(String.format(Locale.ROOT, "%s-p%02d-s%02d", name, k, j), a, inc,
                        raan, normalize(u), epoch));
            }
        }
        return sats;
    }

    private static List<SatelliteOrbit> sunSynchronous(String name, OrbitSpec.SunSynchronous s, AbsoluteDate epoch) {
        String where = "orbit " + name + ": sunSynchronous.";
        if (s.satellites() <= 0) {
            throw new IllegalArgumentException(where + "satellites must be > 0, got " + s.satellites());
        }
        checkAltitude(where, s.altitudeKm());
        if (!(s.ltanHours() >= 0 && s.ltanHours() < 24)) {
            throw new IllegalArgumentException(where + "ltan must be in [0, 24) hours, got " + s.ltanHours());
        }
        if (!(s.formationRadiusM() >= 0)) {
            throw new IllegalArgumentException(where + "formationRadiusM must be >= 0, got " + s.formationRadiusM());
        }
        double a = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS + s.altitudeKm() * 1e3;
        double inc;
        try {
            inc = sunSynchronousInclination(a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "altitudeKm " + e.getMessage(), e);
        }
        Vector3D sun = new AnalyticalSolarPositionProvider().getPosition(epoch, FramesFactory.getEME2000());
        double raan = normalize(Math.atan2(sun.getY(), sun.getX()) + Math.toRadians((s.ltanHours() - 12.0) * 15.0));
        int n = s.satellites();
        List<SatelliteOrbit> sats = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            double u;
            if (s.formationRadiusM() > 0) {
                double half = s.formationRadiusM() / a;
                u = n == 1 ? 0 : -half + 2 * half * j / (n - 1);
            } else {
                u = 2 * Math.PI * j / n;
            }
            sats.add(new SatelliteOrbit.CircularJ2(String.format(Locale.ROOT, "%s-p00-s%02d", name, j), a, inc, raan,
                    normalize(u), epoch));
        }
        return sats;
    }

    private static void checkAltitude(String where, double altitudeKm) {
        if (!(altitudeKm * 1e3 >= MIN_ALTITUDE_M)) {
            throw new IllegalArgumentException(where + "altitudeKm must be >= " + MIN_ALTITUDE_M / 1e3 + ", got " + altitudeKm);
        }
    }

    private static double normalize(double angle) {
        double r = angle % (2 * Math.PI);
        return r < 0 ? r + 2 * Math.PI : r;
    }

    // ---------------------------------------------------------------- TLE reading

    private static SatelliteSet readTles(OrbitSpec.TleFile spec, boolean skipBad, Instant epoch) {
        String file = spec.file().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(spec.file(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new InputException(file, 0, null, "cannot read TLE file: " + InputException.describe(e));
        }
        Sgp4Check check = new Sgp4Check(epoch);
        int nameMatches = 0;
        String filter = spec.nameFilter() == null || spec.nameFilter().isBlank() ? null
                : spec.nameFilter().toLowerCase(Locale.ROOT);
        int max = spec.max() == null ? Integer.MAX_VALUE : spec.max();
        if (max <= 0) {
            throw new InputException(file, 0, "max", "must be > 0, got " + max);
        }
        List<SatelliteOrbit> sats = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String pendingName = null;
        int pendingNameLine = 0;
        int i = 0;
        int n = lines.size();
        while (i < n && sats.size() < max) {
            String line = lines.get(i).stripTrailing();
            int lineNo = i + 1;
            if (line.isEmpty()) {
                i++;
                continue;
            }
            InputException error = null;
            if (line.startsWith("1 ")) {
                int j = nextNonBlank(lines, i + 1);
                String name = pendingName;
                pendingName = null;
                if (j >= n) {
                    error = new InputException(file, lineNo, null, "line 1 is not followed by line 2 (end of file)");
                    i = j;
                } else {
                    String l2 = lines.get(j).stripTrailing();
                    if (l2.startsWith("2 ")) {
                        try {
                            TLE tle = validate(file, line, lineNo, l2, j + 1);
                            String satName = name != null ? name : tle.getLine1().substring(2, 7).trim();
                            if (filter == null || satName.toLowerCase(Locale.ROOT).contains(filter)) {
                                nameMatches++;
                                String problem = check.problem(tle);
                                if (problem != null) {
                                    throw new InputException(file, lineNo, null, "satellite " + InputException.quoteAscii(satName)
                                            + " (catalogue " + tle.getSatelliteNumber() + "): " + problem);
                                }
                                sats.add(new SatelliteOrbit.Sgp4(satName, tle));
                            }
                        } catch (InputException e) {
                            error = e;
                        }
                        i = j + 1;
                    } else if (looksLikeDataLine(l2)) {
                        error = new InputException(file, j + 1, null,
                                "wrong line number: expected '2', found '" + InputException.quoteAscii(l2.substring(0, 1)) + "'");
                        i = j + 1;
                    } else {
                        error = new InputException(file, lineNo, null, "line 1 is not followed by line 2");
                        i = j;
                    }
                }
            } else if (looksLikeDataLine(line)) {
                pendingName = null;
                int j = nextNonBlank(lines, i + 1);
                error = new InputException(file, lineNo, null, line.charAt(0) == '2'
                        ? "line 2 without a preceding line 1"
                        : "wrong line number: expected '1', found '" + InputException.quoteAscii(line.substring(0, 1)) + "'");
                // a bad line 1 followed by its line 2 is one bad record
                i = line.charAt(0) != '2' && j < n && lines.get(j).startsWith("2 ") ? j + 1 : i + 1;
            } else {
                if (pendingName != null) {
                    error = new InputException(file, pendingNameLine, null, "name line '" + InputException.quoteAscii(pendingName)
                            + "' is not followed by a TLE");
                }
                pendingName = line.startsWith("0 ") ? line.substring(2).strip() : line.strip();
                pendingNameLine = lineNo;
                i++;
            }
            if (error != null) {
                if (!skipBad) {
                    throw error;
                }
                skipped.add(error.getMessage());
            }
        }
        if (pendingName != null && sats.size() < max && i >= n) {
            InputException e = new InputException(file, pendingNameLine, null, "name line '" + InputException.quoteAscii(pendingName)
                    + "' is not followed by a TLE");
            if (!skipBad) {
                throw e;
            }
            skipped.add(e.getMessage());
        }
        if (sats.isEmpty()) {
            String bad = skipped.isEmpty() ? "" : " (" + skipped.size() + " bad records skipped)";
            if (filter != null && nameMatches == 0) {
                throw new InputException(file, 0, null, "no satellite name contains '" + InputException.quoteAscii(spec.nameFilter())
                        + "' (nameFilter)" + bad);
            }
            throw new InputException(file, 0, null, "no satellites" + bad);
        }
        return new SatelliteSet(sats, skipped);
    }

    /**
     * OMM files: each element set passing the name filter gets the same usability checks as a TLE record
     * (epoch within {@value #MAX_TLE_AGE_DAYS} days, SGP4 propagation at the scenario epoch and one orbit
     * later); file-level problems (syntax) are always errors.
     */
    private static SatelliteSet readOmm(OrbitSpec.OmmFile spec, boolean skipBad, Instant epoch) {
        String file = spec.file().toString();
        int max = spec.max() == null ? Integer.MAX_VALUE : spec.max();
        if (max <= 0) {
            throw new InputException(file, 0, "max", "must be > 0, got " + max);
        }
        String filter = spec.nameFilter() == null || spec.nameFilter().isBlank() ? null
                : spec.nameFilter().toLowerCase(Locale.ROOT);
        Sgp4Check check = new Sgp4Check(epoch);
        List<SatelliteOrbit> sats = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int nameMatches = 0;
        for (OmmReader.Entry e : OmmReader.read(spec.file())) {
            if (sats.size() >= max) {
                break;
            }
            if (filter != null && !e.name().toLowerCase(Locale.ROOT).contains(filter)) {
                continue;
            }
            nameMatches++;
            String problem = check.problem(e.tle());
            if (problem != null) {
                InputException error = new InputException(file, e.line(), null, "satellite "
                        + InputException.quote(e.name()) + " (catalogue " + e.tle().getSatelliteNumber() + "): " + problem);
                if (!skipBad) {
                    throw error;
                }
                skipped.add(error.getMessage());
                continue;
            }
            sats.add(new SatelliteOrbit.Sgp4(e.name(), e.tle()));
        }
        if (sats.isEmpty()) {
            String bad = skipped.isEmpty() ? "" : " (" + skipped.size() + " bad records skipped)";
            if (filter != null && nameMatches == 0) {
                throw new InputException(file, 0, null, "no satellite name contains '"
                        + InputException.quote(spec.nameFilter()) + "' (nameFilter)" + bad);
            }
            throw new InputException(file, 0, null, "no satellites" + bad);
        }
        return new SatelliteSet(sats, skipped);
    }

    private static int nextNonBlank(List<String> lines, int from) {
        int j = from;
        while (j < lines.size() && lines.get(j).isBlank()) {
            j++;
        }
        return j;
    }

    /** A line shaped like a TLE data line ("d " then at least 50 characters) whatever its line number. */
    private static boolean looksLikeDataLine(String line) {
        return line.length() >= 50 && Character.isDigit(line.charAt(0)) && line.charAt(1) == ' ';
    }

    private static TLE validate(String file, String l1, int n1, String l2, int n2) {
        if (l1.length() != TLE_LINE_LENGTH) {
            throw new InputException(file, n1, null, "line 1 has " + l1.length() + " characters, expected 69 (truncated?)");
        }
        if (l2.length() != TLE_LINE_LENGTH) {
            throw new InputException(file, n2, null, "line 2 has " + l2.length() + " characters, expected 69 (truncated?)");
        }
        checkChecksum(file, l1, n1, 1);
        checkChecksum(file, l2, n2, 2);
        String cat1 = l1.substring(2, 7).trim();
        String cat2 = l2.substring(2, 7).trim();
        if (!cat1.equals(cat2)) {
            throw new InputException(file, n2, null, "catalogue number " + cat2 + " on line 2 differs from " + cat1 + " on line 1");
        }
        if (!TLE.isFormatOK(l1, l2)) {
            throw new InputException(file, n1, null, "malformed TLE (a field does not match the TLE column format)");
        }
        try {
            return new TLE(l1, l2, TimeScalesFactory.getUTC());
        } catch (RuntimeException e) {
            throw new InputException(file, n1, null, "cannot parse TLE: " + InputException.quoteAscii(String.valueOf(e.getMessage())));
        }
    }

    private static void checkChecksum(String file, String line, int lineNo, int which) {
        int sum = 0;
        for (int k = 0; k < TLE_LINE_LENGTH - 1; k++) {
            char c = line.charAt(k);
            if (Character.isDigit(c)) {
                sum += c - '0';
            } else if (c == '-') {
                sum++;
            }
        }
        int expected = sum % 10;
        char found = line.charAt(TLE_LINE_LENGTH - 1);
        if (found != (char) ('0' + expected)) {
            throw new InputException(file, lineNo, null, "bad checksum on line " + which + ": expected " + expected
                    + ", found '" + InputException.quoteAscii(String.valueOf(found)) + "'");
        }
    }

    /**
     * Checks that SGP4/SDP4 can really propagate a record that passed the format checks, at the
     * scenario epoch and one orbit later. Built once per load (TEME frame looked up once).
     */
    private static final class Sgp4Check {
        private final AbsoluteDate epoch;
        private final Frame teme = FramesFactory.getTEME();

        Sgp4Check(Instant scenarioEpoch) {
            this.epoch = new AbsoluteDate(scenarioEpoch, TimeScalesFactory.getUTC());
        }

        /** @return why {@code tle} cannot be used, or null if it can */
        String problem(TLE tle) {
            double days = Math.abs(tle.getDate().durationFrom(epoch)) / 86400.0;
            if (days > MAX_TLE_AGE_DAYS) {
                return String.format(Locale.ROOT, "TLE epoch %s is %,d days from the scenario epoch; SGP4 errors grow"
                        + " by kilometres per day: use TLEs within %d days",
                        tle.getDate().getComponents(TimeScalesFactory.getUTC()).getDate(), (long) Math.ceil(days),
                        (int) MAX_TLE_AGE_DAYS);
            }
            double n = tle.getMeanMotion();
            if (!(n > 0)) {
                return "mean motion must be > 0 revolutions per day, got " + plain(n * 86400 / (2 * Math.PI));
            }
            double incDeg = Math.toDegrees(tle.getI());
            if (!(incDeg >= 0 && incDeg <= 180)) {
                return "inclination must be in [0, 180] deg, got " + plain(incDeg);
            }
            // Drag only lowers an orbit and the other perturbations move it by far less than half its
            // size, so a position beyond 1.5 x the apogee of the mean elements means SGP4's drag terms have
            // diverged: the object has decayed (Orekit's SGP4 does not flag this itself).
            double apogee = Math.cbrt(SatelliteOrbit.CircularJ2.MU / (n * n)) * (1 + tle.getE());
            AbsoluteDate later = epoch.shiftedBy(2 * Math.PI / n);
            try {
                TLEPropagator prop = TLEPropagator.selectExtrapolator(tle, teme);
                for (AbsoluteDate d : new AbsoluteDate[] {epoch, later}) {
                    Vector3D p = prop.getPVCoordinates(d).getPosition();
                    double r = p.getNorm();
                    String when = d == epoch ? "at the scenario epoch" : "one orbit after the scenario epoch";
                    if (!Double.isFinite(r)) {
                        return "SGP4/SDP4 gives no finite position " + when + " (decayed object or unusable elements)";
                    }
                    if (r > 1.5 * apogee) {
                        return String.format(Locale.ROOT, "has decayed: SGP4/SDP4 puts it %,.0f km from the Earth's"
                                + " centre %s, far beyond the %,.0f km apogee of its elements (the drag terms have"
                                + " diverged)", r / 1e3, when, apogee / 1e3);
                    }
                    if (r < OrbitPhysics.MIN_RADIUS_M) {
                        return String.format(Locale.ROOT, "has decayed: SGP4/SDP4 puts it %,.0f km from the Earth's"
                                + " centre %s, below the equatorial radius %,.0f km", r / 1e3, when,
                                OrbitPhysics.MIN_RADIUS_M / 1e3);
                    }
                }
            } catch (RuntimeException e) {
                return "cannot be propagated with SGP4/SDP4: " + InputException.quoteAscii(String.valueOf(e.getMessage()));
            }
            return null;
        }

        /** @return {@code v} rounded to 6 decimals, without trailing zeros */
        private static String plain(double v) {
            return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).setScale(6, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString() : String.valueOf(v);
        }
    }
}
