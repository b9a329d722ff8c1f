package io.skygrid.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The golden-output guard: {@code skygrid run} in a fresh JVM per run, with the SHA-256 of
 * {@code summary.json}, {@code jobs.csv}, {@code timeseries.csv} and {@code report.html} pinned in
 * {@code src/test/resources/golden/pins.txt} (one line per run and file: {@code run file sha256}).
 *
 * <p>A fresh process per run sees what a test sharing one JVM cannot: iteration orders of
 * {@code Map.of}/{@code Set.of} and identity hashes differ from one JVM to the next, and a path or
 * a clock in an output differs from one checkout or machine to the next. Each run works in its own
 * temporary folder holding copies of the scenarios under the same relative names, so the outputs
 * name the same paths wherever the repository lives.
 *
 * <p>Re-pin, after a change that is meant to change outputs, with
 * {@code mvn -o -B -q -pl skygrid-cli -am test -Dtest=GoldenOutputTest -Dsurefire.failIfNoSpecifiedTests=false -Dskygrid.repin=true}:
 * it rewrites pins.txt, so that the re-pin is a reviewable diff; state the reason in the commit message.
 */
class GoldenOutputTest {
    /** The files pinned for every run. */
    static final List<String> FILES = List.of("summary.json", "jobs.csv", "timeseries.csv", "report.html");
    /** The pin file, relative to the module folder (the working directory of the tests). */
    static final Path PINS = Path.of("src", "test", "resources", "golden", "pins.txt");
    /** Queue policies the tenants example runs under, each with preemption. */
    static final List<String> POLICIES = List.of("fifo", "priority", "fairshare", "drf", "tiresias", "srtf");

    /** @return run name -> arguments after {@code skygrid run} (the common ones are added by {@link #runInFreshJvm}) */
    static Map<String, List<String>> runs() {
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("default-2h", List.of("--set", "horizon=2h"));
        for (String p : POLICIES) {
            runs.put("tenants-" + p + "-preempt", List.of("--scenario", "examples/tenants.yaml", "--set", "horizon=3h",
                    "--set", "scheduler.queue=" + p, "--set", "scheduler.preemption=true"));
        }
        runs.put("failures-radiator", List.of("--scenario", "golden/failures-radiator.yaml"));
        runs.put("sun-latency-staging-inference", List.of("--scenario", "golden/placement.yaml"));
        return runs;
    }

    @Test
    void outputsMatchThePinnedHashesInFreshJvms(@TempDir Path work) throws Exception {
        // the scenarios, under the relative names the runs use
        Path examples = Files.createDirectories(work.resolve("examples"));
        Files.copy(Path.of("..", "examples", "tenants.yaml"), examples.resolve("tenants.yaml"));
        Path golden = Files.createDirectories(work.resolve("golden"));
        for (String f : List.of("failures-radiator.yaml", "placement.yaml", "dlrm.csv")) {
            Files.copy(Path.of("src", "test", "resources", "golden", f), golden.resolve(f));
        }

        Map<String, String> got = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> run : runs().entrySet()) {
            Path out = runInFreshJvm(work, run.getKey(), run.getValue());
            for (String f : FILES) {
                got.put(run.getKey() + " " + f, sha256(out.resolve(f)));
            }
        }

        if (Boolean.getBoolean("skygrid.repin")) {
            writePins(got);
            System.err.println("GoldenOutputTest: re-pinned " + got.size() + " hashes in " + PINS.toAbsolutePath()
                    + "; commit the diff with the reason");
            return;
        }
        Map<String, String> pinned = readPins();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : got.entrySet()) {
            String[] runFile = e.getKey().split(" ");
            String want = pinned.get(e.getKey());
            if (want == null) {
                problems.add("run " + runFile[0] + ": " + runFile[1] + " has no pin (got " + e.getValue() + ")");
            } else if (!want.equals(e.getValue())) {
                problems.add("run " + runFile[0] + ": " + runFile[1] + " changed (pinned " + want + ", got " + e.getValue() + ")");
            }
        }
        for (String k : pinned.keySet()) {
            if (!got.containsKey(k)) problems.add("pin " + k + " names no run of this test");
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " golden output(s) differ from " + PINS + ":\n  " + String.join("\n  ", problems)
                    + "\nIf the change is intended, re-pin with -Dskygrid.repin=true and give the reason in the commit message.");
        }
    }

    /**
     * Runs {@code skygrid run ARGS -q --threads 1 --out out/NAME} in a new JVM whose working directory is
     * {@code work}. Without {@code --check-invariants}, which doubles the time of the larger runs (the scheduler
     * tests check the invariants; the guard pins what a user gets).
     *
     * @return the output folder
     */
    static Path runInFreshJvm(Path work, String name, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run"));
        cmd.addAll(args);
        cmd.addAll(List.of("-q", "--threads", "1", "--out", "out/" + name));
        Path log = work.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("run " + name + " did not finish within 180 s; its output:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as("run %s exit code; its output:%n%s", name, Files.readString(log)).isZero();
        return work.resolve("out").resolve(name);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> readPins() throws IOException {
        Map<String, String> pins = new LinkedHashMap<>();
        if (!Files.exists(PINS)) return pins;
        int n = 0;
        for (String line : Files.readAllLines(PINS, StandardCharsets.UTF_8)) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            String[] f = s.split("\\s+");
            if (f.length != 3 || !f[2].matches("[0-9a-f]{64}")) {
                fail(PINS + ":" + n + ": expected 'run file sha256', got '" + line + "'");
            }
            pins.put(f[0] + " " + f[1], f[2]);
        }
        return pins;
    }

    static void writePins(Map<String, String> hashes) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Golden outputs of `skygrid run` (GoldenOutputTest): run, file, SHA-256.\n");
        sb.append("# Re-pin: mvn -o -B -q -pl skygrid-cli -am test -Dtest=GoldenOutputTest ")
                .append("-Dsurefire.failIfNoSpecifiedTests=false -Dskygrid.repin=true\n");
        sb.append("# and commit the diff with the reason the outputs changed.\n");
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Files.writeString(PINS, sb.toString(), StandardCharsets.UTF_8);
    }
}
