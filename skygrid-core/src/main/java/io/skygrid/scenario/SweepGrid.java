package io.skygrid.scenario;

import io.skygrid.scenario.YamlTree.Entry;
import io.skygrid.scenario.YamlTree.ListNode;
import io.skygrid.scenario.YamlTree.MapNode;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parameter sweep: a base scenario and axes of values for some of its fields, expanded into the
 * cartesian product of runs. Engine-independent (the {@code skygrid-spark} module executes it).
 *
 * <h2>Format</h2>
 * <pre>
 * name: altitude-x-array           # letters, digits, . _ -
 * base: sweep-base.yaml            # scenario file, relative to this file; "builtin" for the built-in default
 * set:                             # optional: fields set in every run
 *   horizon: 12h
 * axes:                            # required: field path -> list of values (at least one)
 *   orbit[0].walker.altitudeKm: [450, 550, 800]
 *   orbit[0].payload.solarArrayM2: [20, 40]
 * chart: {metric: utilisation, axis: orbit[0].walker.altitudeKm}   # optional
 * output: out/sweep-altitude       # optional, default out/sweep-&lt;name&gt;
 * </pre>
 * Field paths are those of {@link ScenarioOverride}. Runs are numbered from 1 in the order of the
 * product with the first axis varying slowest ({@code run-0001} ...).
 *
 * <h2>Errors</h2>
 * Checked before anything runs, each an {@link InputException} naming the grid file, line and field:
 * unknown keys, a malformed or unknown field path ({@code axes.orbit[0].walker.altitudeKmm}), an empty axis,
 * a value that is not a scalar or not of the type the base scenario holds there (a text where the base
 * has a number), a field both set and swept, an unknown chart metric or axis. A value that is of the right
 * type but invalid (an altitude of 50 km, a Walker total that its planes do not divide) is not a grid error:
 * that run fails alone and the sweep goes on.
 */
public final class SweepGrid {
    /** Largest accepted number of runs. */
    public static final long MAX_RUNS = 1_000_000;
    /** Value of {@code base} that names the built-in default scenario. */
    public static final String BUILT_IN_BASE = "builtin";

    private static final List<String> TOP = List.of("name", "base", "set", "axes", "chart", "output");
    private static final List<String> CHART = List.of("metric", "axis");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * One swept field.
     *
     * @param path   field path
     * @param line   line of the axis in the grid file
     * @param values the overrides, one per value, in the order written
     */
    public record Axis(String path, int line, List<ScenarioOverride> values) {
    }

    /**
     * One run of the sweep.
     *
     * @param index       0-based position in the product
     * @param id          {@code run-0001} ...
     * @param overrides   fixed overrides then one per axis
     * @param axisValues  the value of each axis, as written, in axis order
     * @param fingerprint SHA-256 (hex) of the base scenario text and the overrides: a finished run is reused
     *                    only if its fingerprint matches
     */
    public record Run(int index, String id, List<ScenarioOverride> overrides, List<String> axisValues,
                      String fingerprint) {
    }

    private final String name;
    private final String file;
    private final String baseYaml;
    private final String baseDisplay;
    private final Path baseDir;
    private final List<ScenarioOverride> fixed;
    private final List<Axis> axes;
    private final String chartMetric;
    private final String chartAxis;
    private final Path output;

    private SweepGrid(String name, String file, String baseYaml, String baseDisplay, Path baseDir,
                      List<ScenarioOverride> fixed, List<Axis> axes, String chartMetric, String chartAxis, Path output) {
        this.name = name;
        this.file = file;
        this.baseYaml = baseYaml;
        this.baseDisplay = baseDisplay;
        this.baseDir = baseDir;
        this.fixed = List.copyOf(fixed);
        this.axes = List.copyOf(axes);
        this.chartMetric = chartMetric;
        this.chartAxis = chartAxis;
        this.output = output;
    }

    /**
     * Reads and checks a grid file.
     *
     * @param gridFile      the grid (UTF-8 YAML); messages name it as given
     * @param metrics       metric names a chart may show
     * @param defaultMetric metric charted when the grid names none
     * @return the grid
     * @throws InputException naming the file, line and field of the first problem
     */
    public static SweepGrid load(Path gridFile, Collection<String> metrics, String defaultMetric) {
        String display = gridFile.toString();
        if (!Files.isRegularFile(gridFile)) {
            throw new InputException(display, 0, null, Files.isDirectory(gridFile) ? "is a directory, not a grid file"
                    : "grid file not found (" + gridFile.toAbsolutePath().normalize() + ")");
        }
        String text = ScenarioLoader.readUtf8(gridFile, display, ScenarioLoader.MAX_SCENARIO_BYTES, "a sweep grid");
        Path dir = gridFile.toAbsolutePath().normalize().getParent();
        return parse(text, display, dir, metrics, defaultMetric);
    }

    /**
     * Parses grid text; see {@link #load}.
     *
     * @param dir folder that {@code base} resolves against
     */
    public static SweepGrid parse(String text, String display, Path dir, Collection<String> metrics, String defaultMetric) {
        Node root = YamlTree.parseYaml(text, display);
        if (root == null) throw new InputException(display, 0, null, "is empty; a sweep needs name, base and axes");
        Fields top = Fields.of(display, root, "", TOP);
        String name = top.string("name");
        top.check("name", NAME.matcher(name).matches(), "must be letters, digits, '.', '_' or '-' (it names the output folder)");

        String baseText;
        String baseDisplay;
        Path baseDir;
        String baseName = top.string("base");
        if (baseName.equals(BUILT_IN_BASE)) {
            baseText = ScenarioLoader.defaultYaml();
            baseDisplay = ScenarioLoader.BUILT_IN_NAME;
            baseDir = null;
        } else {
            Path p;
            try {
                p = dir.resolve(baseName).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw top.error("base", "is not a valid path: '" + InputException.quote(baseName) + "'");
            }
            if (!Files.isRegularFile(p)) {
                throw top.error("base", "scenario file not found: " + p + " (a path relative to the grid file, or "
                        + BUILT_IN_BASE + ")");
            }
            baseText = ScenarioLoader.readUtf8(p, p.toString());
            Path rel = Path.of("").toAbsolutePath().relativize(p);
            baseDisplay = rel.toString().startsWith("..") ? p.toString() : rel.toString();
            baseDir = p.getParent();
        }
        // the base must be a valid scenario on its own
        ScenarioLoader.parse(baseText, baseDisplay, baseDir);

        List<ScenarioOverride> fixed = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        if (top.has("set")) {
            MapNode set = mapping(top, "set");
            for (Entry e : set.entries().values()) {
                String field = "set." + e.key();
                ScenarioOverride o = override(display, e.keyLine(), field, e.key(), e.value());
                checkPath(display, e.keyLine(), field, e.key(), baseText, baseDisplay, baseDir, fixed, o);
                fixed.add(o);
                paths.add(e.key());
            }
        }
        // the base with the fixed overrides must be valid too
        try {
            ScenarioLoader.parse(baseText, baseDisplay, baseDir, fixed);
        } catch (InputException e) {
            throw new InputException(display, top.lineOf("set"), "set", "makes the base scenario invalid: " + e.getMessage());
        }

        MapNode axesNode = mapping(top, "axes");
        if (axesNode.entries().isEmpty()) throw top.error("axes", "must name at least one field to sweep");
        List<Axis> axes = new ArrayList<>();
        long runs = 1;
        for (Entry e : axesNode.entries().values()) {
            String field = "axes." + e.key();
            if (paths.contains(e.key())) {
                throw new InputException(display, e.keyLine(), field, "is also under set; a field is either fixed or swept");
            }
            if (!(e.value() instanceof ListNode list)) {
                throw new InputException(display, e.value().line(), field,
                        "must be a list of values, e.g. [450, 550, 800], got " + e.value().describe());
            }
            if (list.items().isEmpty()) {
                throw new InputException(display, list.line(), field, "is an empty axis; list at least one value");
            }
            List<ScenarioOverride> values = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                ScenarioOverride o = override(display, item.line(), field + "[" + i + "]", e.key(), item);
                if (!seen.add(o.value())) {
                    throw new InputException(display, item.line(), field + "[" + i + "]", "repeats the value '"
                            + InputException.quote(o.value()) + "'");
                }
                if (i == 0) checkPath(display, e.keyLine(), field, e.key(), baseText, baseDisplay, baseDir, fixed, o);
                checkType(display, item.line(), field + "[" + i + "]", e.key(), baseText, baseDisplay, o);
                values.add(o);
            }
            runs *= values.size();
            if (runs > MAX_RUNS) {
                throw new InputException(display, e.keyLine(), field, "brings the sweep above "
                        + ScenarioLoader.grouped(MAX_RUNS) + " runs");
            }
            axes.add(new Axis(e.key(), e.keyLine(), List.copyOf(values)));
            paths.add(e.key());
        }

        String metric = defaultMetric;
        String chartAxis = axes.get(0).path();
        if (top.has("chart")) {
            Fields chart = top.object("chart", CHART);
            metric = chart.string("metric", defaultMetric);
            if (!metrics.contains(metric)) {
                throw chart.error("metric", "must be one of " + String.join(", ", metrics) + ", got '"
                        + InputException.quote(metric) + "'");
            }
            chartAxis = chart.string("axis", chartAxis);
            String wanted = chartAxis;
            if (axes.stream().noneMatch(a -> a.path().equals(wanted))) {
                throw chart.error("axis", "must be one of the axes (" + String.join(", ",
                        axes.stream().map(Axis::path).toList()) + "), got '" + InputException.quote(chartAxis) + "'");
            }
        }
        Path output;
        try {
            output = Path.of(top.string("output", "out/sweep-" + name)).normalize();
        } catch (java.nio.file.InvalidPathException ex) {
            throw top.error("output", "is not a valid path");
        }
        return new SweepGrid(name, display, baseText, baseDisplay, baseDir, fixed, axes, metric, chartAxis, output);
    }

    private static MapNode mapping(Fields top, String key) {
        Node n = top.required(key);
        if (!(n instanceof MapNode m)) {
            throw top.error(key, "must be a mapping of field paths (e.g. orbit[0].walker.altitudeKm: [450, 550]), got "
                    + n.describe());
        }
        return m;
    }

    /**
     * @return the override that sets {@code path} to {@code value}: a scalar, or a list or mapping (kept as
     *         YAML flow text, {@link ScenarioOverride.Kind#FLOW})
     */
    private static ScenarioOverride override(String file, int line, String field, String path, Node value) {
        if (value instanceof ListNode || value instanceof MapNode) {
            try {
                return new ScenarioOverride(path, RunScenarioFile.flow(value), ScenarioOverride.Kind.FLOW);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, value.line() > 0 ? value.line() : line, field, e.getMessage());
            }
        }
        if (!(value instanceof Scalar s) || s.isNull()) {
            throw new InputException(file, value.line() > 0 ? value.line() : line, field,
                    "must be a value (a number, a text, true/false, a list or a mapping), got " + value.describe());
        }
        try {
            ScenarioOverride.Kind kind = switch (s.token()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ScenarioOverride.Kind.NUMBER;
                case VALUE_TRUE, VALUE_FALSE -> ScenarioOverride.Kind.BOOLEAN;
                // a plain scalar Jackson leaves as text (1e3) is typed as an override types it; a quoted one is text
                default -> s.isQuotedString() || s.text().isBlank() ? ScenarioOverride.Kind.TEXT
                        : ScenarioOverride.of(path, s.text()).kind();
            };
            return new ScenarioOverride(path, s.text(), kind);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, line, field.substring(0, field.indexOf('.')), e.getMessage());
        }
    }

    /**
     * Checks that {@code path} names a field of the base scenario: every mapping and list item on the way
     * exists, and a last key absent from the base is a field the scenario format knows.
     */
    private static void checkPath(String file, int line, String field, String path, String baseText, String baseDisplay,
                                  Path baseDir, List<ScenarioOverride> fixed, ScenarioOverride sample) {
        String kind;
        try {
            kind = ScenarioLoader.fieldKind(baseText, baseDisplay, path);
        } catch (InputException e) {
            throw new InputException(file, line, field, "is not a field of the base scenario: " + e.getMessage());
        }
        if ((kind.equals("a mapping") || kind.equals("a list")) && sample.kind() != ScenarioOverride.Kind.FLOW) {
            throw new InputException(file, line, field, "is " + kind + " in the base scenario " + baseDisplay
                    + "; give its values as " + (kind.equals("a list") ? "lists, e.g. [[1, 10], [16]]" : "mappings")
                    + ", or name a field inside it");
        }
        if (kind.equals("absent")) {
            List<ScenarioOverride> trial = new ArrayList<>(fixed);
            trial.add(sample);
            try {
                ScenarioLoader.parse(baseText, baseDisplay, baseDir, trial);
            } catch (InputException e) {
                if (path.equals(e.field()) && e.getMessage().contains("is not a known field")) {
                    throw new InputException(file, line, field, "is not a field of the scenario: " + e.getMessage());
                }
                // any other problem belongs to the runs that use this value
            }
        }
    }

    /** Checks a value against the type the base scenario holds at its path. */
    private static void checkType(String file, int line, String field, String path, String baseText, String baseDisplay,
                                  ScenarioOverride o) {
        String kind = ScenarioLoader.fieldKind(baseText, baseDisplay, path);
        boolean ok = switch (kind) {
            case "number" -> o.kind() == ScenarioOverride.Kind.NUMBER;
            case "boolean" -> o.kind() == ScenarioOverride.Kind.BOOLEAN;
            case "a list", "a mapping" -> o.kind() == ScenarioOverride.Kind.FLOW;
            default -> true;
        };
        if (!ok) {
            throw new InputException(file, line, field, "must be a " + kind + " like " + path + " in " + baseDisplay
                    + ", got '" + InputException.quote(o.value()) + "'");
        }
    }

    /** @return every run, in order */
    public List<Run> runs() {
        long total = 1;
        for (Axis a : axes) total *= a.values().size();
        int width = Math.max(4, Long.toString(total).length());
        List<Run> out = new ArrayList<>((int) total);
        int[] pos = new int[axes.size()];
        for (int r = 0; r < total; r++) {
            List<ScenarioOverride> overrides = new ArrayList<>(fixed);
            List<String> values = new ArrayList<>(axes.size());
            for (int a = 0; a < axes.size(); a++) {
                ScenarioOverride o = axes.get(a).values().get(pos[a]);
                overrides.add(o);
                values.add(o.value());
            }
            String id = "run-" + String.format(java.util.Locale.ROOT, "%0" + width + "d", r + 1);
            out.add(new Run(r, id, List.copyOf(overrides), List.copyOf(values), fingerprint(overrides)));
            for (int a = axes.size() - 1; a >= 0; a--) {
                if (++pos[a] < axes.get(a).values().size()) break;
                pos[a] = 0;
            }
        }
        return out;
    }

    private String fingerprint(List<ScenarioOverride> overrides) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(baseYaml.getBytes(StandardCharsets.UTF_8));
            for (ScenarioOverride o : overrides) {
                md.update((byte) 0);
                md.update(o.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the scenario of one run (on any machine: needs the base's input files at the same paths).
     *
     * @throws InputException if this run's values make the scenario invalid
     */
    public static Scenario scenario(String baseYaml, String baseDisplay, String baseDir, List<ScenarioOverride> overrides) {
        return ScenarioLoader.parse(baseYaml, baseDisplay, baseDir == null ? null : Path.of(baseDir), overrides);
    }

    public String name() {
        return name;
    }

    /** @return the grid file as given */
    public String file() {
        return file;
    }

    /** @return the base scenario's text */
    public String baseYaml() {
        return baseYaml;
    }

    /** @return the base scenario's name in messages ({@link ScenarioLoader#BUILT_IN_NAME} for the built-in one) */
    public String baseDisplay() {
        return baseDisplay;
    }

    /** @return folder the base's relative input files resolve against (absolute), or null for the built-in one */
    public String baseDir() {
        return baseDir == null ? null : baseDir.toString();
    }

    /** @return overrides applied to every run */
    public List<ScenarioOverride> fixed() {
        return fixed;
    }

    public List<Axis> axes() {
        return axes;
    }

    /** @return metric the chart shows */
    public String chartMetric() {
        return chartMetric;
    }

    /** @return axis the chart's x axis follows */
    public String chartAxis() {
        return chartAxis;
    }

    /** @return output folder (relative to the working directory unless absolute) */
    public Path output() {
        return output;
    }
}
