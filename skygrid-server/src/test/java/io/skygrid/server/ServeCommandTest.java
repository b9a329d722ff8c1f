package io.skygrid.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up failures are one line naming the option, exit 2, found before anything is set up. */
class ServeCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {
    }

    Run serve(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServeCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    static void oneLine(Run r, String expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("skygrid serve: " + expected).doesNotContain("\n", "Exception", "at io.", "Javalin");
    }

    @Test
    void badHostDataFolderDatabaseUrlAndBusyPortAreNamed() throws Exception {
        String data = dir.resolve("data").toString();
        oneLine(serve("--host", "192.0.2.1", "--port", "0", "--data-dir", data), "--host 192.0.2.1: 192.0.2.1 is not an address of this machine");
        assertThat(Files.exists(dir.resolve("data").resolve("skygrid.mv.db"))).as("no database set up before the check").isFalse();
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        oneLine(serve("--port", "0", "--data-dir", file.toString()), "--data-dir " + file + ": is a file, not a folder");
        oneLine(serve("--port", "0", "--data-dir", file.resolve("sub").toString()), "--data-dir " + file.resolve("sub") + ": cannot create the folder");
        oneLine(serve("--port", "0", "--data-dir", data, "--db-url", "jdbc:nosuch:x"), "--db-url jdbc:nosuch:x: no JDBC driver for this URL");
        oneLine(serve("--port", "0", "--data-dir", data, "--db-url", "postgres://x"), "--db-url postgres://x: a JDBC URL starts with jdbc:");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            oneLine(serve("--port", String.valueOf(busy.getLocalPort()), "--data-dir", data),
                    "--port " + busy.getLocalPort() + ": already in use on 127.0.0.1");
        }
    }

    @Test
    void scenarioHasTheShortOptionOfRun() {
        ServeCommand c = new ServeCommand();
        new picocli.CommandLine(c).parseArgs("-s", "examples/tenants.yaml");
        org.assertj.core.api.Assertions.assertThat(c.scenario).isEqualTo(java.nio.file.Path.of("examples/tenants.yaml"));
    }

    @Test
    void helpDescriptionsAreWholeSentences() {
        String help = new CommandLine(new ServeCommand()).getUsageMessage();
        // every setting key the server accepts is listed, with its default (the list is built from ServerConfig.DEFAULTS)
        for (String key : ServerConfig.DEFAULTS.keySet()) assertThat(help).as(key).containsPattern("(?m)^ .* " + java.util.regex.Pattern.quote(key) + "=");
        for (String kv : List.of("http.header.timeout.ms=10000", "http.body.timeout.ms=30000", "http.max.connections=2000", "max.queued.per.tenant=10000",
                "http.idle.timeout.ms=30000", "http.min.request.rate=512", "db.commit.timeout.ms=30000")) {
            assertThat(help).containsPattern("(?m) " + java.util.regex.Pattern.quote(kv) + "( |$)");
        }
        assertThat(help.lines().filter(l -> l.contains("host=")).findFirst().orElseThrow().length()).isLessThanOrEqualTo(ServeHelp.WIDTH);
        // the first description line (what the top-level command list shows) ends a sentence
        assertThat(new CommandLine(new ServeCommand()).getCommandSpec().usageMessage().description()[0]).endsWith(".");
        assertThat(new CommandLine(new LoadCommand()).getCommandSpec().usageMessage().description()[0]).endsWith(".");
    }

    @Test
    void reusingADataFolderWithAnotherScenarioIsRefusedWithWhatDiffersAndTheWaysOn() throws Exception {
        // the README's sequence: `skygrid serve` (the built-in default), Ctrl-C, `skygrid serve --scenario examples/tenants.yaml`
        Path data = dir.resolve("data");
        // (the first start uses the small test fleet rather than the built-in default: the same check, seconds faster)
        try (SkygridServer first = SkygridServer.start(TestDb.h2(data).config(data, ApiContract.OP, java.util.Map.of()),
                ApiContract.scenario(), new SimClock.Manual(0), null)) {
            assertThat(first.notices()).anyMatch(n -> n.startsWith("data folder: created for scenario "));
        }
        Path tenants = Path.of("..", "examples", "tenants.yaml");
        Run r = serve("--port", "0", "--data-dir", data.toString(), "--scenario", tenants.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("skygrid serve: the data folder " + data + " belongs to scenario server-test (fingerprint ")
                .contains("not to scenario tenants (fingerprint ")
                .contains("\n  pool memphis: not in the data folder, in the scenario (ground, 8000 H100-SXM GPUs)")
                .contains("\n  tenant lab-a: not in the data folder's scenario, in the scenario")
                .contains("--data-dir DIR", "--migrate-scenario", "Nothing was changed.")
                .doesNotContain("Exception", "at io.");
        Run alone = serve("--port", "0", "--data-dir", data.toString(), "--fail-stranded-jobs");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err().strip()).isEqualTo("skygrid serve: --fail-stranded-jobs is an option of --migrate-scenario (add --migrate-scenario)");
    }
}
