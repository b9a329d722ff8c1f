package io.skygrid.scenario;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.skygrid.scenario.YamlTree.Entry;
import io.skygrid.scenario.YamlTree.ListNode;
import io.skygrid.scenario.YamlTree.MapNode;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@value #FILE_NAME} that {@code skygrid run} writes into every output folder: the effective
 * scenario of the run, so that a run folder says what produced it and every reader of the folder
 * ({@code skygrid econ --run}) uses what ran rather than a scenario file that may have changed since.
 *
 * <h2>Content</h2>
 * The scenario document after every {@code --set} override, with {@code --scale} written as
 * {@code workload.trace.scale} and {@code --out} as {@code output}, in block YAML (comments of the original
 * are not kept; keys keep their order). Defaults the document leaves out are written out for {@code seed},
 * every ground site ({@code gpusPerNode}, {@code pue}, {@code hostPowerPerNodeW}) and the whole
 * {@code scheduler} section (queue, backfill, preemption, Tiresias thresholds and starvation factor,
 * preemption exemption, placement knobs; {@code data} only when set); the other sections' omitted fields
 * (economics, failures, ground stations, checkpoints) keep the defaults of the Skygrid version named in the
 * header: writing them out would turn derived defaults (e.g. the satellite-loss rate economics takes from
 * {@code failures}) into fixed values. Every input file ({@code workload.trace.file},
 * {@code workload.inference.file}, {@code orbit[].tle.file}, {@code orbit[].omm.file},
 * {@code groundStations.file}) is written as an <b>absolute</b> path, so the file re-runs from anywhere,
 * and moving the run folder does not break it (moving the inputs does, and is reported by
 * {@link #staleInputs}). {@code output} is the absolute run folder.
 *
 * <h2>Header</h2>
 * Comment lines, machine-readable:
 * <pre>
 * # skygrid-run-scenario 1
 * # written by: skygrid 0.1.0
 * # source: examples/colossus.yaml
 * # input: sha256:&lt;64 hex digits&gt; /abs/path/to/trace.csv
 * </pre>
 * {@code source} is the scenario the run was made from (as {@link Scenario#source()} gave it); a scenario
 * read from a file with this header keeps that source ({@link ScenarioLoader#load}), so
 * {@code skygrid run --scenario DIR/scenario.yaml} writes the same {@code summary.json}, byte for byte.
 * One {@code input} line per input file: the SHA-256 of its bytes when the run read it.
 */
public final class RunScenarioFile {
    /** File name in the run folder. */
    public static final String FILE_NAME = "scenario.yaml";
    /** First line of the header; its number is the header's format version. */
    static final String MAGIC = "# skygrid-run-scenario 1";
    private static final String SOURCE = "# source: ";
    private static final String INPUT = "# input: sha256:";
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private RunScenarioFile() {
    }

    /**
     * Renders the effective scenario of a run.
     *
     * @param scenarioFile the scenario file, or null for the built-in default
     * @param overrides    the run's overrides in order ({@code --set}, then {@code --scale} and {@code --out}
     *                     as overrides of {@code workload.trace.scale} and {@code output})
     * @param scenario     the scenario that ran (its {@link Scenario#source()} goes in the header; its seed,
     *                     ground-site and scheduler defaults are written out where the document leaves them out)
     * @param version      Skygrid version for the header, e.g. {@code skygrid 0.1.0}
     * @return the text of {@value #FILE_NAME}
     * @throws InputException if the scenario cannot be read or an override does not apply (as when loading)
     * @throws IOException    if an input file cannot be read for its hash
     */
    public static String render(Path scenarioFile, List<ScenarioOverride> overrides, Scenario scenario, String version)
            throws IOException {
        String source = scenario.source();
        String display = scenarioFile == null ? ScenarioLoader.BUILT_IN_NAME : scenarioFile.toString();
        String text = scenarioFile == null ? ScenarioLoader.defaultYaml() : ScenarioLoader.readUtf8(scenarioFile, display);
        Path base = scenarioFile == null ? Path.of("").toAbsolutePath()
                : scenarioFile.toAbsolutePath().normalize().getParent();
        Node root = YamlTree.parseYaml(text, display);
        if (root == null) throw new InputException(display, 0, null, "is empty");
        root = ScenarioOverride.apply(root, overrides, display);
        List<Path> inputs = new ArrayList<>();
        root = absoluteInputs(root, base, inputs);
        root = withDefaults(root, scenario);
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append('\n');
        sb.append("# written by: ").append(oneLine(version)).append('\n');
        sb.append("# The effective scenario of the run in this folder: after --set and --scale, input paths absolute;\n");
        sb.append("# fields left out have the defaults of that version. Re-run: skygrid run --scenario <this file> -o DIR\n");
        sb.append(SOURCE).append(oneLine(source)).append('\n');
        for (Path p : inputs) {
            sb.append(INPUT).append(sha256(p)).append(' ').append(oneLine(p.toString())).append('\n');
        }
        emit(root, 0, sb);
        return sb.toString();
    }

    /**
     * Checks the input hashes in a {@value #FILE_NAME} header against the files as they are now.
     *
     * @param file a scenario file; one without the header has nothing to check
     * @return one message per input file that is missing or whose SHA-256 differs from the recorded one
     *         (empty if all match)
     */
    public static List<String> staleInputs(Path file) {
        List<String> out = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return out; // the loader reports an unreadable scenario
        }
        if (!text.startsWith(MAGIC)) return out;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) break;
            if (!line.startsWith(INPUT)) continue;
            String rest = line.substring(INPUT.length());
            int sp = rest.indexOf(' ');
            if (sp < 0) continue;
            String recorded = rest.substring(0, sp);
            Path p = Path.of(rest.substring(sp + 1));
            if (!Files.isRegularFile(p)) {
                out.add(file + ": input " + p + " is no longer there (the run read it with SHA-256 " + recorded + ")");
                continue;
            }
            try {
                String now = sha256(p);
                if (!now.equals(recorded)) {
                    out.add(file + ": input " + p + " has changed since the run (SHA-256 " + now + ", the run read "
                            + recorded + "); results from it may differ from this folder's");
                }
            } catch (IOException e) {
                out.add(file + ": input " + p + " cannot be read to check it: " + InputException.describe(e));
            }
        }
        return out;
    }

    /** @return the {@code source} recorded in a header, or null if {@code text} has no header */
    static String recordedSource(String text) {
        if (!text.startsWith(MAGIC)) return null;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) break;
            if (line.startsWith(SOURCE)) return line.substring(SOURCE.length());
        }
        return null;
    }

    /** @return SHA-256 of the file's bytes, 64 lower-case hex digits */
    static String sha256(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    // ---- input paths ----

    private static Node absoluteInputs(Node root, Path base, List<Path> inputs) {
        if (!(root instanceof MapNode top)) return root;
        Map<String, Entry> e = new LinkedHashMap<>(top.entries());
        Entry w = e.get("workload");
        if (w != null) {
            Node wl = fileIn(w.value(), "trace", base, inputs);
            wl = fileIn(wl, "inference", base, inputs);
            e.put("workload", new Entry(w.key(), w.keyLine(), wl));
        }
        Entry o = e.get("orbit");
        if (o != null && o.value() instanceof ListNode list) {
            List<Node> items = new ArrayList<>();
            for (Node item : list.items()) items.add(fileIn(fileIn(item, "tle", base, inputs), "omm", base, inputs));
            e.put("orbit", new Entry(o.key(), o.keyLine(), new ListNode(list.line(), Collections.unmodifiableList(items))));
        }
        Entry gs = e.get("groundStations");
        if (gs != null) e.put("groundStations", new Entry(gs.key(), gs.keyLine(), file(gs.value(), base, inputs)));
        return new MapNode(top.line(), Collections.unmodifiableMap(e));
    }

    /** @return {@code node} with {@code node.key.file} made absolute */
    private static Node fileIn(Node node, String key, Path base, List<Path> inputs) {
        if (!(node instanceof MapNode m) || m.entries().get(key) == null) return node;
        Map<String, Entry> e = new LinkedHashMap<>(m.entries());
        Entry k = e.get(key);
        e.put(key, new Entry(k.key(), k.keyLine(), file(k.value(), base, inputs)));
        return new MapNode(m.line(), Collections.unmodifiableMap(e));
    }

    /** @return {@code node} with its {@code file} made absolute (added to {@code inputs}) */
    private static Node file(Node node, Path base, List<Path> inputs) {
        if (!(node instanceof MapNode m)) return node;
        Entry f = m.entries().get("file");
        if (f == null || !(f.value() instanceof Scalar s) || s.isNull()) return node;
        Path p = base.resolve(s.text()).toAbsolutePath().normalize();
        inputs.add(p);
        Map<String, Entry> e = new LinkedHashMap<>(m.entries());
        e.put("file", new Entry("file", f.keyLine(),
                new Scalar(s.line(), JsonToken.VALUE_STRING, p.toString(), null, s.quoted())));
        return new MapNode(m.line(), Collections.unmodifiableMap(e));
    }

    // ---- defaults ----

    private static Node withDefaults(Node root, Scenario sc) {
        if (!(root instanceof MapNode top)) return root;
        Map<String, Entry> e = new LinkedHashMap<>(top.entries());
        putIfAbsent(e, "seed", number(Long.toString(sc.seed())));
        Entry g = e.get("ground");
        if (g != null && g.value() instanceof ListNode list && list.items().size() == sc.fleet().ground().size()) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                io.skygrid.fleet.GroundSite site = sc.fleet().ground().get(i);
                if (!(list.items().get(i) instanceof MapNode m)) return root;
                Map<String, Entry> ge = new LinkedHashMap<>(m.entries());
                putIfAbsent(ge, "gpusPerNode", number(Integer.toString(site.gpusPerNode())));
                putIfAbsent(ge, "pue", number(ScenarioLoader.plain(site.pue())));
                putIfAbsent(ge, "hostPowerPerNodeW", number(ScenarioLoader.plain(site.hostPowerPerNodeW())));
                items.add(new MapNode(m.line(), Collections.unmodifiableMap(ge)));
            }
            e.put("ground", new Entry("ground", g.keyLine(), new ListNode(list.line(), Collections.unmodifiableList(items))));
        }
        Entry sEntry = e.get("scheduler");
        Map<String, Entry> se = sEntry != null && sEntry.value() instanceof MapNode m
                ? new LinkedHashMap<>(m.entries()) : new LinkedHashMap<>();
        if (sEntry == null || sEntry.value() instanceof MapNode) {
            io.skygrid.sched.SchedulerSpec s = sc.scheduler();
            io.skygrid.sched.PlacementSpec p = s.placement();
            putIfAbsent(se, "queue", text(s.queue()));
            putIfAbsent(se, "backfill", text(s.backfill()));
            putIfAbsent(se, "preemption", new Scalar(0, s.preemption() ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE,
                    Boolean.toString(s.preemption()), null));
            List<Node> th = new ArrayList<>();
            for (double v : s.lasThresholdsGpuHours()) th.add(number(ScenarioLoader.plain(v)));
            putIfAbsent(se, "lasThresholdsGpuHours", new ListNode(0, Collections.unmodifiableList(th)));
            putIfAbsent(se, "starvationFactor", s.starvationFactor() == io.skygrid.sched.SchedulerSpec.STARVATION_OFF
                    ? text("off") : number(ScenarioLoader.plain(s.starvationFactor())));
            putIfAbsent(se, "preemptExemptTime", text(seconds(s.preemptExemptMs())));
            putIfAbsent(se, "placement", text(p.mode()));
            putIfAbsent(se, "latencyBoundMs", number(ScenarioLoader.plain(p.latencyBoundMs())));
            putIfAbsent(se, "steadySunFraction", number(ScenarioLoader.plain(p.steadySunFraction())));
            putIfAbsent(se, "outlookWindow", text(seconds(p.outlookWindowMs())));
            putIfAbsent(se, "maxStagingWait", text(seconds(p.maxStagingMs())));
            Entry old = e.get("scheduler");
            e.put("scheduler", new Entry("scheduler", old == null ? 0 : old.keyLine(),
                    new MapNode(old == null ? 0 : old.value().line(), Collections.unmodifiableMap(se))));
        }
        return new MapNode(top.line(), Collections.unmodifiableMap(e));
    }

    /** @return a duration as the scenario format writes it, in seconds, e.g. {@code 600s}, {@code 0.25s} */
    private static String seconds(long ms) {
        return new java.math.BigDecimal(ms).movePointLeft(3).stripTrailingZeros().toPlainString() + "s";
    }

    private static void putIfAbsent(Map<String, Entry> e, String key, Node value) {
        Entry have = e.get(key);
        if (have == null || (have.value() instanceof Scalar s && s.isNull())) e.put(key, new Entry(key, 0, value));
    }

    private static Scalar number(String text) {
        boolean integral = !text.contains(".") && !text.contains("E") && !text.contains("e");
        return new Scalar(0, integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT, text, null);
    }

    private static Scalar text(String text) {
        return new Scalar(0, JsonToken.VALUE_STRING, text, null);
    }

    // ---- YAML output ----

    /** Appends {@code node} in block style, {@code indent} spaces deep; a scalar root is written as is. */
    private static void emit(Node node, int indent, StringBuilder sb) {
        String pad = " ".repeat(indent);
        if (node instanceof MapNode m) {
            for (Entry e : m.entries().values()) {
                sb.append(pad).append(key(e.key())).append(':');
                value(e.value(), indent + 2, sb);
            }
        } else if (node instanceof ListNode l) {
            for (Node item : l.items()) {
                if (item instanceof Scalar s) {
                    sb.append(pad).append("- ").append(scalar(s)).append('\n');
                } else if (empty(item)) {
                    sb.append(pad).append("- ").append(item instanceof MapNode ? "{}" : "[]").append('\n');
                } else {
                    StringBuilder inner = new StringBuilder();
                    emit(item, indent + 2, inner);
                    sb.append(pad).append("- ").append(inner, indent + 2, inner.length());
                }
            }
        } else {
            sb.append(scalar((Scalar) node)).append('\n');
        }
    }

    /** Appends the value after {@code key:}. */
    private static void value(Node v, int indent, StringBuilder sb) {
        if (v instanceof Scalar s) {
            sb.append(' ').append(scalar(s)).append('\n');
        } else if (empty(v)) {
            sb.append(v instanceof MapNode ? " {}" : " []").append('\n');
        } else {
            sb.append('\n');
            emit(v, indent, sb);
        }
    }

    /**
     * @return {@code node} as one line of YAML flow text, e.g. {@code [1, 10]} or {@code {lat: 1, lon: 2}}, read
     *         back with the same types ({@link ScenarioOverride.Kind#FLOW} values of sweep grids)
     */
    static String flow(Node node) {
        if (node instanceof MapNode m) {
            StringBuilder sb = new StringBuilder("{");
            for (Entry e : m.entries().values()) {
                if (sb.length() > 1) sb.append(", ");
                sb.append(key(e.key())).append(": ").append(flow(e.value()));
            }
            return sb.append('}').toString();
        }
        if (node instanceof ListNode l) {
            StringBuilder sb = new StringBuilder("[");
            for (Node i : l.items()) {
                if (sb.length() > 1) sb.append(", ");
                sb.append(flow(i));
            }
            return sb.append(']').toString();
        }
        Scalar s = (Scalar) node;
        String plain = scalar(s);
        // a plain scalar with flow indicators (a, b) must be quoted inside a flow collection
        return s.token() == JsonToken.VALUE_STRING && plain.equals(s.text()) && FLOW_SAFE.matcher(plain).matches()
                ? plain : s.token() == JsonToken.VALUE_STRING && !s.quoted() && plain.equals(s.text()) ? quoted(s.text()) : plain;
    }

    private static final Pattern FLOW_SAFE = Pattern.compile("[^,\\[\\]{}#&*!|>'\"%@`]*");

    private static boolean empty(Node n) {
        return n instanceof MapNode m ? m.entries().isEmpty() : n instanceof ListNode l && l.items().isEmpty();
    }

    private static String key(String k) {
        return PLAIN_KEY.matcher(k).matches() && YamlTree.parseYaml(k + ": 0", "key") instanceof MapNode m
                && m.entries().containsKey(k) ? k : quoted(k);
    }

    /**
     * A scalar as YAML reads it back with the same type: numbers, booleans and null as written; a string
     * written in quotes (or tagged) in double quotes; a plain string plain when it reads back as the same
     * plain string, else in double quotes.
     */
    private static String scalar(Scalar s) {
        if (s.token() != JsonToken.VALUE_STRING) return s.isNull() ? "null" : s.text();
        if (s.quoted() || s.text().isEmpty()) return quoted(s.text());
        try {
            Node back = YamlTree.parseYaml("k: " + s.text() + "\n", "value");
            if (back instanceof MapNode m && m.entries().get("k").value() instanceof Scalar b
                    && b.token() == JsonToken.VALUE_STRING && !b.quoted() && b.text().equals(s.text())) {
                return s.text();
            }
        } catch (InputException e) {
            // not a plain scalar: quoted below
        }
        return quoted(s.text());
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
