package io.skygrid.orbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
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
    /** Lowest perigee altitude of a TLE or OMM element set, km (as designed orbits: below it drag decays it in days). */
    public static final double MIN_ELEMENT_ALTITUDE_KM = 150;
    /** Highest apogee altitude of a TLE or OMM element set, km (as designed orbits; GEO is at 35,786 km). */
    public static final double MAX_ELEMENT_ALTITUDE_KM = 50_000;
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
     * shortened to 80 characters, with bytes outside printable ASCII written as {@code \xNN}. The mean
     * elements must keep the orbit between {@value #MIN_ELEMENT_ALTITUDE_KM} km perigee and
     * {@value #MAX_ELEMENT_ALTITUDE_KM} km apogee altitude (the bounds of designed orbits, see
     * {@code ScenarioLoader.MIN_ALTITUDE_KM}/{@code MAX_ALTITUDE_KM}). A catalogue number kept twice
     * (e.g. two element sets of one object) is a bad record: {@code file:line: catalogue N already at line M}.
     *
     * <p><b>Walker delta</b> ({@link OrbitSpec.WalkerDelta}) {@code i: t/p/f} (Walker 1984): plane
     * {@code k} in [0, p) has RAAN {@code k x 360/p} deg (EME2000, at the epoch); satellite {@code j}
     * in [0, t/p) of plane {@code k} has argument of latitude {@code j x 360 p/t + k x f x 360/t} deg.
     * Patterns whose satellites collide are not refused here (tests and tools may build any pattern);
     * input from users is checked with {@link #walkerCollision} by the scenario loader and the CLI.
     * Names {@code <constellation>-pPP-sSS} (plane and satellite-in-plane, from 00).
     *
     * <p><b>Sun-synchronous</b> ({@link OrbitSpec.SunSynchronous}): circular, inclination from
     * {@link #sunSynchronousInclination(double)}; RAAN = RA of the Sun at the epoch + (LTAN - 12 h) x
     * 15 deg/h (EME2000, Sun from {@link SunPosition}, Meeus ch. 25). With
     * {@code formationRadiusM > 0} the satellites form a cluster on closed Hill-Clohessy-Wiltshire
     * relative orbits about a reference satellite at argument of latitude 0 (the ascending node at the
     * epoch), laid out by {@link Formations#design} (hexagonal lattice, at least {@code minSeparationM}
     * apart); otherwise evenly over 360 deg. Names {@code <constellation>-p00-sSS} either way.
     *
     * <p><b>Walker star</b> ({@link OrbitSpec.WalkerStar}): as Walker delta with plane {@code k} at RAAN
     * {@code k x 180/p} deg.
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
            return new SatelliteSet(walker(constellationName, "walker.", w.inclinationDeg(), w.altitudeKm(), w.total(),
                    w.planes(), w.phasing(), 360.0, date), List.of());
        }
        if (spec instanceof OrbitSpec.WalkerStar w) {
            return new SatelliteSet(walker(constellationName, "walker.", w.inclinationDeg(), w.altitudeKm(), w.total(),
                    w.planes(), w.phasing(), 180.0, date), List.of());
        }
        return new SatelliteSet(sunSynchronous(constellationName, (OrbitSpec.SunSynchronous) spec, date), List.of());
    }

    /**
     * The start (00:00:00 UTC) of the day of the newest element set in a TLE or OMM file: a scenario epoch
     * at which every set of a current catalogue snapshot is within {@value #MAX_TLE_AGE_DAYS} days. Every
     * record is looked at (whatever the name filter); records whose epoch cannot be read are passed over
     * here and reported by {@link #load}.
     *
     * @param spec a {@link OrbitSpec.TleFile} or {@link OrbitSpec.OmmFile}
     * @return the day's start, or null if the file is unreadable or holds no readable epoch
     */
    public static Instant newestElementDay(OrbitSpec spec) {
        Instant newest = null;
        if (spec instanceof OrbitSpec.TleFile t) {
            List<String> lines;
            try {
                lines = Files.readAllLines(t.file(), StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                return null;
            }
            for (String l : lines) {
                if (!l.startsWith("1 ") || l.length() < 32) {
                    continue;
                }
                try {
                    int yy = Integer.parseInt(l.substring(18, 20).trim());
                    double dayOfYear = Double.parseDouble(l.substring(20, 32).trim());
                    int year = yy < 57 ? 2000 + yy : 1900 + yy; // the TLE convention (Space-Track)
                    if (!(dayOfYear >= 1 && dayOfYear < 367)) {
                        continue;
                    }
                    Instant day = java.time.LocalDate.ofYearDay(year, 1).plusDays((long) dayOfYear - 1)
                            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                    newest = newest == null || day.isAfter(newest) ? day : newest;
                } catch (RuntimeException e) {
                    // not a readable epoch: load() reports the record
                }
            }
            return newest;
        }
        if (spec instanceof OrbitSpec.OmmFile o) {
            OrekitSetup.init();
            List<OmmReader.Entry> entries;
            try {
                entries = OmmReader.readAll(o.file());
            } catch (InputException e) {
                return null;
            }
            for (OmmReader.Entry e : entries) {
                if (e.tle() == null) {
                    continue; // a bad record: load() reports it
                }
                Instant at = e.tle().getDate().toInstant(TimeScalesFactory.getTimeScales());
                Instant day = at.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                newest = newest == null || day.isAfter(newest) ? day : newest;
            }
            return newest;
        }
        throw new IllegalArgumentException("not an element-set file: " + spec);
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

    /** Closest two satellites of a designed Walker constellation may come at any time, m. */
    public static final double MIN_WALKER_SEPARATION_M = 1_000.0;
    /** Samples per orbit of the Walker separation check (then refined by golden-section search). */
    private static final int SEPARATION_SAMPLES = 360;

    private static List<SatelliteOrbit> walker(String name, String key, double inclinationDeg, double altitudeKm, int total,
                                               int planes, int phasing, double raanSpreadDeg, AbsoluteDate epoch) {
        String where = "orbit " + name + ": " + key;
        if (total <= 0) {
            throw new IllegalArgumentException(where + "total must be > 0, got " + total);
        }
        if (planes <= 0 || total % planes != 0) {
            throw new IllegalArgumentException(where + "planes must be > 0 and divide total " + total + ", got " + planes);
        }
        if (phasing < 0 || phasing >= planes) {
            throw new IllegalArgumentException(where + "phasing must be in [0, planes=" + planes + "), got " + phasing);
        }
        checkAltitude(where, altitudeKm);
        if (!(inclinationDeg >= 0 && inclinationDeg <= 180)) {
            throw new IllegalArgumentException(where + "inclinationDeg must be in [0, 180], got " + inclinationDeg);
        }
        double a = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS + altitudeKm * 1e3;
        double inc = Math.toRadians(inclinationDeg);
        int perPlane = total / planes;
        List<SatelliteOrbit> sats = new ArrayList<>(total);
        for (int k = 0; k < planes; k++) {
            double raan = Math.toRadians(k * raanSpreadDeg / planes);
            for (int j = 0; j < perPlane; j++) {
                double u = Math.toRadians(j * 360.0 / perPlane + k * phasing * 360.0 / total);
                sats.add(new SatelliteOrbit.CircularJ2(String.format(Locale.ROOT, "%s-p%02d-s%02d", name, k, j), a, inc,
                        raan, normalize(u), epoch));
            }
        }
        return sats;
    }

    /**
     * Why a Walker pattern {@code i: t/p/f} (planes over {@code raanSpreadDeg}: 360 for delta, 180 for
     * star) is unusable because two satellites come within {@link #MIN_WALKER_SEPARATION_M} of each other
     * (the same slot, or a crossing of two planes at the same time), or null if none does.
     *
     * <p>Method: all satellites share one radius and the same secular rates, so their mutual distances
     * depend only on the common advance of the argument of latitude (the nodal drift turns the whole
     * pattern rigidly) and repeat after one orbit; advancing every satellite by one in-plane slot maps
     * the pattern onto itself, so it suffices to compare the first satellite of each plane (delta: of
     * plane 0 only, every plane being equivalent) with every other satellite over one orbit,
     * sampled {@value #SEPARATION_SAMPLES} times and refined by golden-section search around every
     * sample closer than the separation plus the largest distance two satellites can close in half a
     * step. Cost: O(t x samples) for delta, O(p x t x samples) for star.
     *
     * @return a message naming the two satellites, the distance and the time, or null
     */
    public static String walkerCollision(double inclinationDeg, double altitudeKm, int total, int planes, int phasing,
                                         double raanSpreadDeg) {
        double a = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS + altitudeKm * 1e3;
        int perPlane = total / planes;
        double inc = Math.toRadians(inclinationDeg);
        double ci = Math.cos(inc), si = Math.sin(inc);
        double[] cO = new double[planes], sO = new double[planes];
        for (int k = 0; k < planes; k++) {
            double raan = Math.toRadians(k * raanSpreadDeg / planes);
            cO[k] = Math.cos(raan);
            sO[k] = Math.sin(raan);
        }
        double[] u0 = new double[total];
        for (int k = 0; k < planes; k++) {
            for (int j = 0; j < perPlane; j++) {
                u0[k * perPlane + j] = Math.toRadians(j * 360.0 / perPlane + k * phasing * 360.0 / total);
            }
        }
        double minSep = MIN_WALKER_SEPARATION_M;
        int m = SEPARATION_SAMPLES;
        double dTh = 2 * Math.PI / m;
        // two satellites at speed a*w close at most 2 a w per unit time: within half a step, a * dTh
        double bound = minSep + a * dTh;
        double bound2 = bound * bound / (a * a);
        int refPlanes = raanSpreadDeg >= 360.0 ? 1 : planes;
        double[] cth = new double[m + 2], sth = new double[m + 2];
        for (int s = 0; s <= m + 1; s++) {
            cth[s] = Math.cos(s * dTh);
            sth[s] = Math.sin(s * dTh);
        }
        double[] pr = new double[3], pj = new double[3];
        double best = Double.MAX_VALUE;
        int bestA = -1, bestB = -1;
        double bestTh = 0;
        for (int rp = 0; rp < refPlanes; rp++) {
            int ref = rp * perPlane;
            double[] refPos = new double[3 * (m + 2)];
            for (int s = 0; s <= m + 1; s++) {
                unit(cO[rp], sO[rp], ci, si, u0[ref] + s * dTh, pr);
                System.arraycopy(pr, 0, refPos, 3 * s, 3);
            }
            for (int jj = 0; jj < total; jj++) {
                if (jj == ref) continue;
                int kj = jj / perPlane;
                double prev2 = Double.MAX_VALUE, cur2 = Double.MAX_VALUE;
                double cuj = Math.cos(u0[jj]), suj = Math.sin(u0[jj]);
                for (int s = 0; s <= m + 1; s++) {
                    int o = 3 * s;
                    // position of jj at u0 + th by the angle-addition formulas (no trigonometry per sample)
                    double cu = cuj * cth[s] - suj * sth[s], su = suj * cth[s] + cuj * sth[s];
                    pj[0] = cO[kj] * cu - sO[kj] * su * ci;
                    pj[1] = sO[kj] * cu + cO[kj] * su * ci;
                    pj[2] = su * si;
                    double dx = refPos[o] - pj[0], dy = refPos[o + 1] - pj[1], dz = refPos[o + 2] - pj[2];
                    double next2 = dx * dx + dy * dy + dz * dz;
                    if (s >= 2 && cur2 <= prev2 && cur2 <= next2 && cur2 < bound2) {
                        double t0 = (s - 2) * dTh, t1 = s * dTh;
                        double[] r = goldenMin(cO[rp], sO[rp], cO[kj], sO[kj], ci, si, u0[ref], u0[jj], t0, t1);
                        double d = a * Math.sqrt(r[1]);
                        r[0] = r[0] % (2 * Math.PI);
                        if (r[0] > 2 * Math.PI - 1e-9) r[0] = 0;
                        if (d < best - 1e-3 || (d <= best + 1e-3 && r[0] < bestTh)) {
                            best = d;
                            bestA = ref;
                            bestB = jj;
                            bestTh = r[0];
                        }
                    }
                    prev2 = cur2;
                    cur2 = next2;
                }
            }
        }
        if (best >= minSep) {
            return null;
        }
        double w = Math.sqrt(SatelliteOrbit.CircularJ2.MU / (a * a * a));
        // the same slot: still together a quarter, half and three quarters of an orbit later
        boolean sameSlot = true;
        int ka = bestA / perPlane, kb = bestB / perPlane;
        for (int q = 1; q <= 3; q++) {
            unit(cO[ka], sO[ka], ci, si, u0[bestA] + bestTh + q * Math.PI / 2, pr);
            unit(cO[kb], sO[kb], ci, si, u0[bestB] + bestTh + q * Math.PI / 2, pj);
            double dx = pr[0] - pj[0], dy = pr[1] - pj[1], dz = pr[2] - pj[2];
            sameSlot &= a * Math.sqrt(dx * dx + dy * dy + dz * dz) < minSep;
        }
        String kind = raanSpreadDeg >= 360.0 ? "delta" : "star";
        String pattern = String.format(Locale.ROOT, "Walker %s %s:%d/%d/%d puts satellites p%02d-s%02d and p%02d-s%02d",
                kind, plain(inclinationDeg), total, planes, phasing, bestA / perPlane, bestA % perPlane,
                bestB / perPlane, bestB % perPlane);
        if (sameSlot) {
            return String.format(Locale.ROOT, "%s in the same slot (%,.0f m apart all the time, minimum %,.0f m)",
                    pattern, best, minSep);
        }
        return String.format(Locale.ROOT, "%s %,.0f m apart %.1f min after the epoch (minimum %,.0f m): they would"
                + " collide where their planes cross", pattern, best, bestTh / w / 60.0, minSep);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void unit(double cO, double sO, double ci, double si, double u, double[] out) {
        double cu = Math.cos(u), su = Math.sin(u);
        out[0] = cO * cu - sO * su * ci;
        out[1] = sO * cu + cO * su * ci;
        out[2] = su * si;
    }

    /** Golden-section minimum over [t0, t1] of the squared unit-sphere distance; returns {theta, d2}. */
    private static double[] goldenMin(double cOa, double sOa, double cOb, double sOb, double ci, double si, double ua,
                                      double ub, double t0, double t1) {
        double g = (Math.sqrt(5) - 1) / 2;
        double lo = t0, hi = t1;
        double[] pa = new double[3], pb = new double[3];
        java.util.function.DoubleUnaryOperator f = th -> {
            unit(cOa, sOa, ci, si, ua + th, pa);
            unit(cOb, sOb, ci, si, ub + th, pb);
            double dx = pa[0] - pb[0], dy = pa[1] - pb[1], dz = pa[2] - pb[2];
            return dx * dx + dy * dy + dz * dz;
        };
        double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
        double f1 = f.applyAsDouble(x1), f2 = f.applyAsDouble(x2);
        for (int it = 0; it < 60; it++) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = f.applyAsDouble(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = f.applyAsDouble(x2);
            }
        }
        double fl = f.applyAsDouble(t0), fh = f.applyAsDouble(t1);
        double th = f1 < f2 ? x1 : x2, fb = Math.min(f1, f2);
        if (fl < fb) {
            th = t0;
            fb = fl;
        }
        if (fh < fb) {
            th = t1;
            fb = fh;
        }
        return new double[] {th, fb};
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
        Vector3D sun = SunPosition.position(epoch, FramesFactory.getEME2000());
        double raan = normalize(Math.atan2(sun.getY(), sun.getX()) + Math.toRadians((s.ltanHours() - 12.0) * 15.0));
        int n = s.satellites();
        if (s.formationRadiusM() > 0) {
            if (!(s.minSeparationM() > 0)) {
                throw new IllegalArgumentException(where + "minSeparationM must be > 0, got " + s.minSeparationM());
            }
            String problem = Formations.sizeProblem(n, s.formationRadiusM(), s.minSeparationM());
            if (problem != null) {
                throw new IllegalArgumentException(where + "formationRadiusM " + problem);
            }
            SatelliteOrbit.CircularJ2 ref = new SatelliteOrbit.CircularJ2(name + "-p00-s00", a, inc, raan, 0, epoch);
            return Formations.design(name, ref, n, s.formationRadiusM(), s.minSeparationM());
        }
        double spacing = 2 * Math.PI * a / n;
        if (n > 1 && spacing < MIN_WALKER_SEPARATION_M) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%ssatellites: %,d satellites evenly spaced "
                    + "around one orbit would be %,.0f m apart, less than %,.0f m", where, n, spacing, MIN_WALKER_SEPARATION_M));
        }
        List<SatelliteOrbit> sats = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            double u = 2 * Math.PI * j / n;
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
        List<SatelliteSet.Skipped> skipped = new ArrayList<>();
        java.util.Map<Integer, Integer> catalogueLines = new java.util.HashMap<>();
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
                                Integer first = catalogueLines.putIfAbsent(tle.getSatelliteNumber(), lineNo);
                                if (first != null) {
                                    throw new InputException(file, lineNo, null, "catalogue " + tle.getSatelliteNumber()
                                            + " already at line " + first + " (one element set per satellite)");
                                }
                                sats.add(new SatelliteOrbit.Sgp4(satName, tle));
                            }
                        } catch (InputException e) {
                            error = e;
                        }
                        i = j + 1;
                    } else if (looksLikeDataLine(l2)) {
                        error = new InputException(file, j + 1, null,
                                "wrong line number (column 1): expected '2', found '" + InputException.quoteAscii(l2.substring(0, 1)) + "'");
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
                        : "wrong line number (column 1): expected '1', found '" + InputException.quoteAscii(line.substring(0, 1)) + "'");
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
                skipped.add(SatelliteSet.Skipped.of(error, catalogueOf(line)));
            }
        }
        if (pendingName != null && sats.size() < max && i >= n) {
            InputException e = new InputException(file, pendingNameLine, null, "name line '" + InputException.quoteAscii(pendingName)
                    + "' is not followed by a TLE");
            if (!skipBad) {
                throw e;
            }
            skipped.add(SatelliteSet.Skipped.of(e, null));
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
        List<SatelliteSet.Skipped> skipped = new ArrayList<>();
        int nameMatches = 0;
        java.util.Map<Integer, Integer> catalogueLines = new java.util.HashMap<>();
        for (OmmReader.Entry e : OmmReader.readAll(spec.file())) {
            if (sats.size() >= max) {
                break;
            }
            if (e.error() != null) { // a bad field: whatever the name filter, as a bad TLE line
                if (!skipBad) {
                    throw e.error();
                }
                skipped.add(SatelliteSet.Skipped.of(e.error(), e.catalogue()));
                continue;
            }
            if (filter != null && !e.name().toLowerCase(Locale.ROOT).contains(filter)) {
                continue;
            }
            nameMatches++;
            String problem = check.problem(e.tle());
            Integer first = problem != null ? null : catalogueLines.putIfAbsent(e.tle().getSatelliteNumber(), e.line());
            if (first != null) {
                InputException error = new InputException(file, e.line(), null, "catalogue " + e.tle().getSatelliteNumber()
                        + " already at line " + first + " (one element set per satellite)");
                if (!skipBad) {
                    throw error;
                }
                skipped.add(SatelliteSet.Skipped.of(error, String.valueOf(e.tle().getSatelliteNumber())));
                continue;
            }
            if (problem != null) {
                InputException error = new InputException(file, e.line(), null, "satellite "
                        + InputException.quote(e.name()) + " (catalogue " + e.tle().getSatelliteNumber() + "): " + problem);
                if (!skipBad) {
                    throw error;
                }
                skipped.add(SatelliteSet.Skipped.of(error, String.valueOf(e.tle().getSatelliteNumber())));
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

    /** @return the catalogue number (columns 3-7) of a TLE data line as written, or null if it has none */
    private static String catalogueOf(String line) {
        if (line.length() >= 7 && Character.isDigit(line.charAt(0)) && line.charAt(1) == ' ') {
            String cat = line.substring(2, 7).strip();
            return cat.matches("[0-9A-Z][0-9]{0,4}") ? cat : null;
        }
        return null;
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
        // field formats first: a letter in a number field also breaks the checksum, but the field says more
        TleFormat.checkFields(file, l1, n1, 1);
        TleFormat.checkFields(file, l2, n2, 2);
        checkChecksum(file, l1, n1, 1);
        checkChecksum(file, l2, n2, 2);
        String cat1 = l1.substring(2, 7).trim();
        String cat2 = l2.substring(2, 7).trim();
        if (!cat1.equals(cat2)) {
            throw new InputException(file, n2, TleFormat.catalogueField(), "is " + cat2 + ", which differs from " + cat1
                    + " on line 1");
        }
        if (!TLE.isFormatOK(l1, l2)) { // not reached after the field checks; kept as Orekit's own verdict
            throw new InputException(file, n1, null, "malformed TLE (a field does not match the TLE column format)");
        }
        TleFormat.checkRanges(file, l1, n1, l2, n2);
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
            throw new InputException(file, lineNo, TleFormat.checksumField(which), "is wrong: expected " + expected
                    + " (the sum of the digits of columns 1-68, minus signs counting 1, modulo 10), found '"
                    + InputException.quoteAscii(String.valueOf(found)) + "'");
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
            double a = Math.cbrt(SatelliteOrbit.CircularJ2.MU / (n * n));
            double apogee = a * (1 + tle.getE());
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
            // the bounds of designed orbits, after SGP4's own verdict (decayed, unusable) which says more
            double re = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS;
            double perigeeKm = (a * (1 - tle.getE()) - re) / 1e3;
            double apogeeKm = (apogee - re) / 1e3;
            if (!(perigeeKm >= MIN_ELEMENT_ALTITUDE_KM)) {
                return String.format(Locale.ROOT, "perigee altitude must be >= %,.0f km, got %,.0f km (from mean motion "
                        + "%s rev/day and eccentricity %s)", MIN_ELEMENT_ALTITUDE_KM, perigeeKm, plain(n * 86400 / (2 * Math.PI)),
                        plain(tle.getE()));
            }
            if (!(apogeeKm <= MAX_ELEMENT_ALTITUDE_KM)) {
                return String.format(Locale.ROOT, "apogee altitude must be <= %,.0f km, got %,.0f km (from mean motion "
                        + "%s rev/day and eccentricity %s)", MAX_ELEMENT_ALTITUDE_KM, apogeeKm, plain(n * 86400 / (2 * Math.PI)),
                        plain(tle.getE()));
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
