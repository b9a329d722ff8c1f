package io.skygrid.cli.orbit;

import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.Formations;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.Satellites;
import io.skygrid.scenario.ScenarioLoader;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A designed constellation given on the command line instead of a scenario's constellations: a Walker
 * shell ({@code --walker i:t/p/f --altitude-km H [--pattern star]}) or a sun-synchronous ring or formation
 * ({@code --sso N --altitude-km H [--ltan 18:00] [--formation-radius-m R] [--min-separation-m S]}). The
 * scenario (built-in by default) still gives the epoch, horizon and ground stations. The physics (and the
 * satellites' orbits) are those of the same keys in a scenario file.
 */
final class DesignOptions {
    private static final Pattern WALKER = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*:\\s*([0-9]+)\\s*/\\s*([0-9]+)\\s*/\\s*([0-9]+)\\s*");
    private static final Pattern LTAN = Pattern.compile("([0-9]{1,2}):([0-9]{2})");

    @Option(names = "--walker", paramLabel = "i:t/p/f",
            description = "a designed Walker shell instead of the scenario's constellations, e.g. 53:1584/72/1 (needs --altitude-km)")
    String walker;

    @Option(names = "--pattern", paramLabel = "delta|star",
            description = "Walker pattern: delta (planes over 360 deg of RAAN, default) or star (over 180 deg)")
    String pattern;

    @Option(names = "--sso", paramLabel = "N",
            description = "a designed sun-synchronous ring (or with --formation-radius-m, an HCW formation) of N satellites (needs --altitude-km)")
    Integer sso;

    @Option(names = "--altitude-km", paramLabel = "KM", description = "altitude of --walker or --sso, km")
    Double altitudeKm;

    @Option(names = "--ltan", paramLabel = "HH:MM", description = "local time of the ascending node of --sso (default: 18:00, dawn-dusk)")
    String ltan;

    @Option(names = "--formation-radius-m", paramLabel = "M", description = "--sso as a formation cluster within this radius, m")
    Double formationRadiusM;

    @Option(names = "--min-separation-m", paramLabel = "M",
            description = "smallest distance between formation members, m (default: 100)")
    Double minSeparationM;

    /** @return true if a designed constellation was given */
    boolean given() {
        return walker != null || sso != null;
    }

    /** @return the designed constellation (no payload: the orbit commands need none) */
    OrbitalConstellation constellation() {
        if (walker != null && sso != null) {
            throw new IllegalArgumentException("give one of --walker and --sso, not both");
        }
        if (altitudeKm == null) {
            throw new IllegalArgumentException((walker != null ? "--walker" : "--sso") + " needs --altitude-km");
        }
        if (!(altitudeKm >= ScenarioLoader.MIN_ALTITUDE_KM && altitudeKm <= ScenarioLoader.MAX_ALTITUDE_KM)) {
            throw new IllegalArgumentException("--altitude-km must be in [" + plain(ScenarioLoader.MIN_ALTITUDE_KM) + ", "
                    + String.format(Locale.ROOT, "%,d", (long) ScenarioLoader.MAX_ALTITUDE_KM) + "] km, got " + plain(altitudeKm));
        }
        if (walker != null) {
            if (ltan != null || formationRadiusM != null || minSeparationM != null) {
                throw new IllegalArgumentException("--ltan, --formation-radius-m and --min-separation-m go with --sso, not --walker");
            }
            Matcher m = WALKER.matcher(walker);
            if (!m.matches()) {
                throw new IllegalArgumentException("--walker must be i:t/p/f (e.g. 53:1584/72/1), got '" + walker + "'");
            }
            double inc;
            int t, p, f;
            try {
                inc = Double.parseDouble(m.group(1));
                t = Integer.parseInt(m.group(2));
                p = Integer.parseInt(m.group(3));
                f = Integer.parseInt(m.group(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--walker has a number out of range: '" + walker + "'");
            }
            String w = "--walker " + walker.strip() + ": ";
            if (inc > 180) throw new IllegalArgumentException(w + "inclination must be in [0, 180] deg");
            if (t <= 0 || t > 1_000_000) throw new IllegalArgumentException(w + "total must be in [1, 1,000,000]");
            if (p <= 0 || p > t || t % p != 0) throw new IllegalArgumentException(w + "planes must divide total");
            if (f >= p) throw new IllegalArgumentException(w + "phasing must be in [0, planes)");
            String pat = pattern == null ? "delta" : pattern;
            if (!pat.equals("delta") && !pat.equals("star")) {
                throw new IllegalArgumentException("--pattern must be delta or star, got '" + pat + "'");
            }
            boolean star = pat.equals("star");
            String collision = Satellites.walkerCollision(inc, altitudeKm, t, p, f, star ? 180 : 360);
            if (collision != null) {
                throw new IllegalArgumentException(w + collision);
            }
            OrbitSpec spec = star ? new OrbitSpec.WalkerStar(inc, altitudeKm, t, p, f)
                    : new OrbitSpec.WalkerDelta(inc, altitudeKm, t, p, f);
            return new OrbitalConstellation(star ? "walker-star" : "walker", spec, null);
        }
        if (pattern != null) {
            throw new IllegalArgumentException("--pattern goes with --walker");
        }
        if (sso < 1 || sso > 1_000_000) {
            throw new IllegalArgumentException("--sso must be in [1, 1,000,000] satellites, got " + sso);
        }
        double ltanHours = 18.0;
        if (ltan != null) {
            Matcher m = LTAN.matcher(ltan.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 59) {
                throw new IllegalArgumentException("--ltan must be HH:MM in [00:00, 23:59], got '" + ltan + "'");
            }
            ltanHours = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) / 60.0;
        }
        double radius = formationRadiusM == null ? 0 : formationRadiusM;
        if (!(radius >= 0 && radius <= 100_000)) {
            throw new IllegalArgumentException("--formation-radius-m must be in [0, 100,000] m, got " + plain(radius));
        }
        double minSep = minSeparationM == null ? OrbitSpec.SunSynchronous.DEFAULT_MIN_SEPARATION_M : minSeparationM;
        if (!(minSep >= Formations.MIN_SEPARATION_M)) {
            throw new IllegalArgumentException("--min-separation-m must be >= " + plain(Formations.MIN_SEPARATION_M)
                    + " m (about one satellite's span), got " + plain(minSep));
        }
        if (radius > 0) {
            String problem = Formations.sizeProblem(sso, radius, minSep);
            if (problem != null) {
                throw new IllegalArgumentException("--formation-radius-m " + problem.replace("minSeparationM",
                        "--min-separation-m"));
            }
        } else if (minSeparationM != null) {
            throw new IllegalArgumentException("--min-separation-m goes with --formation-radius-m");
        }
        return new OrbitalConstellation(radius > 0 ? "formation" : "sso",
                new OrbitSpec.SunSynchronous(altitudeKm, ltanHours, sso, radius, minSep), null);
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
