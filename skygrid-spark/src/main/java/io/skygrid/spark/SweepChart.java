package io.skygrid.spark;

import io.skygrid.scenario.ScenarioOverride;
import io.skygrid.scenario.SweepGrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG line chart of one metric against one axis of a sweep: one line per combination of the other
 * axes' values (at most {@value #MAX_SERIES}; beyond that the mean over them is drawn, with its min-max
 * range). Failed runs are left out and counted in the caption. A numeric axis is drawn to scale, any
 * other axis with evenly spaced categories in grid order.
 */
public final class SweepChart {
    /** Most lines drawn one by one. */
    public static final int MAX_SERIES = 10;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 820;
    private static final int H = 440;
    private static final int L = 80;
    private static final int R = 270;
    private static final int T = 50;
    private static final int B = 60;

    private SweepChart() {
    }

    /** @return the SVG document */
    public static String svg(SweepGrid grid, List<SweepRow> rows, String metric, String axisPath) {
        int ax = -1;
        for (int a = 0; a < grid.axes().size(); a++) if (grid.axes().get(a).path().equals(axisPath)) ax = a;
        if (ax < 0) throw new IllegalArgumentException("not an axis: " + axisPath);
        SweepGrid.Axis axis = grid.axes().get(ax);
        boolean numeric = axis.values().stream().allMatch(v -> v.kind() == ScenarioOverride.Kind.NUMBER);
        List<String> xs = axis.values().stream().map(ScenarioOverride::value).toList();
        double[] xPos = new double[xs.size()];
        for (int i = 0; i < xs.size(); i++) xPos[i] = numeric ? Double.parseDouble(xs.get(i).replace("_", "")) : i;

        // series: other axes' values -> y per x index
        Map<String, double[]> series = new LinkedHashMap<>();
        int failed = 0;
        for (SweepRow r : rows) {
            double y = r.ok() ? r.metric(metric) : Double.NaN;
            if (!r.ok()) failed++;
            List<String> key = new ArrayList<>();
            for (int a = 0; a < grid.axes().size(); a++) {
                if (a != ax) key.add(lastKey(grid.axes().get(a).path()) + "=" + r.axisValues().get(a));
            }
            double[] ys = series.computeIfAbsent(String.join(", ", key), k -> {
                double[] v = new double[xs.size()];
                java.util.Arrays.fill(v, Double.NaN);
                return v;
            });
            ys[xs.indexOf(r.axisValues().get(ax))] = y;
        }
        boolean aggregate = series.size() > MAX_SERIES;
        Map<String, double[]> lines = new LinkedHashMap<>();
        double[] lo = null;
        double[] hi = null;
        if (aggregate) {
            double[] mean = new double[xs.size()];
            lo = new double[xs.size()];
            hi = new double[xs.size()];
            for (int i = 0; i < xs.size(); i++) {
                double s = 0;
                int n = 0;
                double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
                for (double[] ys : series.values()) {
                    if (Double.isNaN(ys[i])) continue;
                    s += ys[i];
                    n++;
                    mn = Math.min(mn, ys[i]);
                    mx = Math.max(mx, ys[i]);
                }
                mean[i] = n == 0 ? Double.NaN : s / n;
                lo[i] = n == 0 ? Double.NaN : mn;
                hi[i] = n == 0 ? Double.NaN : mx;
            }
            lines.put("mean of " + series.size() + " combinations (band: min-max)", mean);
        } else {
            lines.putAll(series);
        }

        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        for (double x : xPos) {
            xMin = Math.min(xMin, x);
            xMax = Math.max(xMax, x);
        }
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (double[] ys : lines.values()) for (double y : ys) if (!Double.isNaN(y)) { yMin = Math.min(yMin, y); yMax = Math.max(yMax, y); }
        if (hi != null) for (int i = 0; i < hi.length; i++) if (!Double.isNaN(hi[i])) { yMin = Math.min(yMin, lo[i]); yMax = Math.max(yMax, hi[i]); }
        if (yMin == Double.POSITIVE_INFINITY) { yMin = 0; yMax = 1; }
        if (yMin > 0 && yMin < 0.5 * yMax) yMin = 0;
        if (yMax == yMin) { yMax = yMin + Math.max(1, Math.abs(yMin) * 0.1); }
        if (xMax == xMin) { xMin -= 1; xMax += 1; }
        double[] ticks = niceTicks(yMin, yMax);
        yMin = Math.min(yMin, ticks[0]);
        yMax = Math.max(yMax, ticks[ticks.length - 1]);

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s vs %s</text>%n", L, esc(metric), esc(axisPath)));
        String caption = "sweep " + grid.name() + ", " + rows.size() + " runs" + (failed > 0 ? ", " + failed + " failed (not shown)" : "");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" fill=\"#555\">%s</text>%n", L, esc(caption)));
        int pw = W - L - R, ph = H - T - B;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", L, T, pw, ph));
        for (double t : ticks) {
            double y = T + ph - (t - yMin) / (yMax - yMin) * ph;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", L, L + pw, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L - 6, y + 4, esc(tick(t))));
        }
        for (int i = 0; i < xs.size(); i++) {
            double x = L + (xPos[i] - xMin) / (xMax - xMin) * pw;
            if (!numeric && xs.size() == 1) x = L + pw / 2.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", x, x, T + ph, T + ph + 5));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, T + ph + 20, esc(xs.get(i))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", L + pw / 2, H - 15, esc(axisPath)));
        s.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>%n", T + ph / 2, T + ph / 2, esc(metric)));
        if (aggregate) {
            StringBuilder poly = new StringBuilder();
            for (int i = 0; i < xs.size(); i++) if (!Double.isNaN(hi[i])) poly.append(point(xPos[i], hi[i], xMin, xMax, yMin, yMax, pw, ph));
            for (int i = xs.size() - 1; i >= 0; i--) if (!Double.isNaN(lo[i])) poly.append(point(xPos[i], lo[i], xMin, xMax, yMin, yMax, pw, ph));
            s.append("<polygon points=\"").append(poly.toString().strip()).append("\" fill=\"#1f77b4\" fill-opacity=\"0.15\"/>\n");
        }
        int k = 0;
        for (Map.Entry<String, double[]> e : lines.entrySet()) {
            String c = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            double[] ys = e.getValue();
            for (int i = 0; i < xs.size(); i++) {
                if (Double.isNaN(ys[i])) continue;
                pts.append(point(xPos[i], ys[i], xMin, xMax, yMin, yMax, pw, ph));
                String[] xy = point(xPos[i], ys[i], xMin, xMax, yMin, yMax, pw, ph).strip().split(",");
                s.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n", xy[0], xy[1], c));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", pts.toString().strip(), c));
            int ly = T + 10 + 18 * k;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n", L + pw + 12, L + pw + 32, ly, ly, c));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", L + pw + 36, ly + 4, esc(e.getKey().isEmpty() ? metric : e.getKey())));
            k++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String point(double x, double y, double xMin, double xMax, double yMin, double yMax, int pw, int ph) {
        return String.format(Locale.ROOT, "%.1f,%.1f ", L + (x - xMin) / (xMax - xMin) * pw, T + ph - (y - yMin) / (yMax - yMin) * ph);
    }

    /** @return the last key of a path, for legends ({@code orbit[0].payload.count} -> {@code count}) */
    static String lastKey(String path) {
        String[] p = path.split("\\.");
        return p[p.length - 1];
    }

    /** @return the last two keys of a path, for table headers ({@code orbit[0].payload.count} -> {@code payload.count}) */
    static String shortName(String path) {
        String[] p = path.split("\\.");
        return p.length >= 2 ? p[p.length - 2].replaceAll("\\[[0-9]+\\]", "") + "." + p[p.length - 1] : path;
    }

    static double[] niceTicks(double lo, double hi) {
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (span / (step * m) <= 6) {
                step *= m;
                break;
            }
        }
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = start + i * step;
        return t;
    }

    private static String tick(double v) {
        if (Math.abs(v) >= 1e6) return String.format(Locale.ROOT, "%.3g", v);
        return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
