package io.skygrid.cli.econ;

import io.skygrid.econ.CostModel;
import io.skygrid.econ.Economics;
import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sensitivity sweep of the cost per delivered GPU-hour over one or two parameters
 * ({@code name=from:to:steps}, evenly spaced, both ends included), printed as a table and drawn as an SVG
 * line chart (x: the first parameter; one orbit line per value of the second; the ground as dashed lines).
 * Usage (delivered GPU-hours, energy) is held fixed: prices do not change what the fleet delivers.
 */
public final class Sweep {
    /** Parameters that can be swept. */
    public static final List<String> PARAMETERS = List.of("launchUsdPerKg", "arrayWPerKg", "electricityUsdPerKWh",
            "gpuPriceUsd");

    /**
     * One swept parameter.
     *
     * @param name   one of {@link #PARAMETERS}
     * @param values values, ascending as written
     */
    public record Axis(String name, double[] values) {
        /**
         * @param spec {@code name=from:to:steps}
         * @throws IllegalArgumentException naming {@code --sweep} and what is wrong
         */
        public static Axis parse(String spec) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? spec : spec.substring(0, eq).strip();
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("--sweep " + spec + ": parameter must be one of "
                        + String.join(", ", PARAMETERS) + " (as name=from:to:steps)");
            }
            String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--sweep " + spec + ": must be " + name + "=from:to:steps, e.g. "
                        + name + "=100:3600:8");
            }
            double from;
            double to;
            int steps;
            try {
                from = Double.parseDouble(parts[0].strip());
                to = Double.parseDouble(parts[1].strip());
                steps = Integer.parseInt(parts[2].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep " + spec + ": from and to must be numbers, steps a whole number");
            }
            if (!Double.isFinite(from) || !Double.isFinite(to) || from < 0 || to < 0) {
                throw new IllegalArgumentException("--sweep " + spec + ": from and to must be >= 0 (prices cannot be negative)");
            }
            if (name.equals("arrayWPerKg") && (from <= 0 || to <= 0)) {
                throw new IllegalArgumentException("--sweep " + spec + ": arrayWPerKg must be > 0");
            }
            if (steps < 2 || steps > 1000) {
                throw new IllegalArgumentException("--sweep " + spec + ": steps must be in [2, 1000], got " + steps);
            }
            double[] v = new double[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = from + (to - from) * i / (steps - 1);
            }
            return new Axis(name, v);
        }
    }

    /** One evaluated point: parameter values and the resulting costs per delivered GPU-hour. */
    public record Point(double x, double y, double groundUsdPerGpuHour, double orbitUsdPerGpuHour) {
    }

    private Sweep() {
    }

    /**
     * Evaluates the grid.
     *
     * @param fleet     the fleet
     * @param usage     usage per pool (held fixed)
     * @param econ      base inputs
     * @param epochYear scenario epoch year
     * @param mode      report mode
     * @param utilisation nameplate utilisation or NaN
     * @param x         first axis
     * @param y         second axis or null
     * @return points in row order (x outer, y inner)
     */
    public static List<Point> run(Fleet fleet, List<CostModel.PoolUsage> usage, Economics econ, int epochYear, String mode,
                                  double utilisation, Axis x, Axis y) {
        List<Point> out = new ArrayList<>();
        double[] ys = y == null ? new double[]{Double.NaN} : y.values();
        for (double xv : x.values()) {
            for (double yv : ys) {
                int launchYear = econ.launchYear(epochYear);
                Object[] applied = {fleet, econ};
                apply(x.name(), xv, applied, launchYear);
                if (y != null) apply(y.name(), yv, applied, launchYear);
                CostModel.CostReport r = CostModel.evaluate((Fleet) applied[0], usage, (Economics) applied[1], epochYear,
                        mode, utilisation);
                out.add(new Point(xv, yv, r.groundUsdPerGpuHour(), r.orbitUsdPerGpuHour()));
            }
        }
        return out;
    }

    private static void apply(String name, double v, Object[] fe, int launchYear) {
        Fleet f = (Fleet) fe[0];
        Economics e = (Economics) fe[1];
        switch (name) {
            case "launchUsdPerKg" -> e = e.withLaunchPrice(v, launchYear);
            case "arrayWPerKg" -> e = e.withArrayWPerKg(v);
            case "gpuPriceUsd" -> e = e.withGpuPrice(v);
            case "electricityUsdPerKWh" -> {
                List<GroundSite> sites = new ArrayList<>();
                for (GroundSite g : f.ground()) {
                    sites.add(new GroundSite(g.name(), g.latitudeDeg(), g.longitudeDeg(), g.accelerator(), g.gpus(),
                            g.gpusPerNode(), g.powerCapW(), g.pue(), v, g.hostPowerPerNodeW()));
                }
                f = new Fleet(sites, f.orbital(), f.stations(), f.minElevationDeg());
            }
            default -> throw new IllegalArgumentException("unknown sweep parameter " + name);
        }
        fe[0] = f;
        fe[1] = e;
    }

    /** Prints the table: one row per point. */
    public static void printTable(List<Point> points, Axis x, Axis y, PrintStream out) {
        String header = y == null
                ? String.format(Locale.ROOT, "%22s %14s %14s %14s", x.name(), "ground $/GPU-h", "orbit $/GPU-h", "orbit/ground")
                : String.format(Locale.ROOT, "%22s %22s %14s %14s %14s", x.name(), y.name(), "ground $/GPU-h",
                "orbit $/GPU-h", "orbit/ground");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Point p : points) {
            String ratio = Double.isNaN(p.groundUsdPerGpuHour()) || Double.isNaN(p.orbitUsdPerGpuHour()) ? "-"
                    : String.format(Locale.ROOT, "%.2f", p.orbitUsdPerGpuHour() / p.groundUsdPerGpuHour());
            if (y == null) {
                out.printf(Locale.ROOT, "%22s %14s %14s %14s%n", fmt(p.x()), usd(p.groundUsdPerGpuHour()),
                        usd(p.orbitUsdPerGpuHour()), ratio);
            } else {
                out.printf(Locale.ROOT, "%22s %22s %14s %14s %14s%n", fmt(p.x()), fmt(p.y()), usd(p.groundUsdPerGpuHour()),
                        usd(p.orbitUsdPerGpuHour()), ratio);
            }
        }
    }

    private static String usd(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,.0f", v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2", "#17becf"};

    /**
     * @return an SVG line chart of cost per delivered GPU-hour against the first parameter: solid lines for
     *         orbit, dashed for the ground, one pair per value of the second parameter (at most 8 drawn,
     *         evenly picked; all are in the table)
     */
    public static String svg(List<Point> points, Axis x, Axis y, String title) {
        int w = 760;
        int h = 440;
        int left = 70;
        int right = 200;
        int top = 40;
        int bottom = 50;
        double xmin = Double.MAX_VALUE;
        double xmax = -Double.MAX_VALUE;
        double ymax = 0;
        for (Point p : points) {
            xmin = Math.min(xmin, p.x());
            xmax = Math.max(xmax, p.x());
            if (!Double.isNaN(p.orbitUsdPerGpuHour())) ymax = Math.max(ymax, p.orbitUsdPerGpuHour());
            if (!Double.isNaN(p.groundUsdPerGpuHour())) ymax = Math.max(ymax, p.groundUsdPerGpuHour());
        }
        if (xmax <= xmin) xmax = xmin + 1;
        double step = niceStep(ymax / 5);
        double yTop = Math.max(step, Math.ceil(ymax / step) * step);
        double pw = w - left - right;
        double ph = h - top - bottom;
        double x0 = xmin;
        double x1 = xmax;
        java.util.function.DoubleUnaryOperator sx = v -> left + (v - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator sy = v -> top + ph - v / yTop * ph;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h, w, h));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                left, esc(title)));
        for (double v = 0; v <= yTop + step / 2; v += step) {
            double py = sy.applyAsDouble(v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, left + pw, py, py, left - 6, py + 4, fmt(v)));
        }
        double[] xs = x.values();
        int every = Math.max(1, (xs.length + 7) / 8);
        for (int i = 0; i < xs.length; i += every) {
            double px = sx.applyAsDouble(xs[i]);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", px, px, top + ph, top + ph + 5, px,
                    top + ph + 18, fmt(xs[i])));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
                left, left + pw, top + ph, top + ph));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n",
                left, left, top, top + ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                left + pw / 2, h - 10, esc(x.name())));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">"
                + "USD per delivered GPU-hour</text>%n", top + ph / 2));
        int ny = y == null ? 1 : y.values().length;
        int yEvery = Math.max(1, (ny + 7) / 8);
        int legend = 0;
        for (int j = 0; j < ny; j += yEvery) {
            String colour = COLOURS[(j / yEvery) % COLOURS.length];
            StringBuilder orbit = new StringBuilder();
            StringBuilder ground = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                Point p = points.get(i * ny + j);
                if (!Double.isNaN(p.orbitUsdPerGpuHour())) {
                    orbit.append(orbit.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                            sx.applyAsDouble(p.x()), sy.applyAsDouble(p.orbitUsdPerGpuHour())));
                }
                if (!Double.isNaN(p.groundUsdPerGpuHour())) {
                    ground.append(ground.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                            sx.applyAsDouble(p.x()), sy.applyAsDouble(p.groundUsdPerGpuHour())));
                }
            }
            String suffix = y == null ? "" : " (" + y.name() + " " + fmt(y.values()[j]) + ")";
            if (orbit.length() > 0) {
                sb.append(String.format(Locale.ROOT, "<path class=\"orbit\" d=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>%n", orbit, colour));
                legend = legendEntry(sb, left + pw + 12, top + 16 * legend, colour, false, "orbit" + suffix, legend);
            }
            if (ground.length() > 0) {
                sb.append(String.format(Locale.ROOT, "<path class=\"ground\" d=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n", ground, colour));
                legend = legendEntry(sb, left + pw + 12, top + 16 * legend, colour, true, "ground" + suffix, legend);
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int legendEntry(StringBuilder sb, double x, double y, String colour, boolean dashed, String text, int n) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                        + "stroke-width=\"2\"%s/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>%n", x, x + 22, y, y, colour,
                dashed ? " stroke-dasharray=\"6 4\"" : "", x + 26, y + 4, esc(text)));
        return n + 1;
    }

    private static double niceStep(double raw) {
        if (!(raw > 0)) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
