package io.skygrid.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the dashboard in headless Chromium (Debian's /usr/bin/chromium) with an operator token and
 * checks that the map (land, ground site, stations, satellites with sunlight state), the charts, the
 * tenant bars and the job table render, with no script error and no console error. Skipped when
 * Chromium is missing, except in CI (environment variable CI set), where that is a failure.
 */
class DashboardBrowserTest {
    static final String OP = "sg_dashboard-test-operator-token-0123456789abcdefg";
    @TempDir
    Path dir;
    SkygridServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    static Path chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        if (System.getenv("CI") != null) throw new AssertionError("chromium is required in CI (.ci/run installs Debian's chromium)");
        Assumptions.abort("chromium not installed");
        return null;
    }

    @Test
    void dashboardShowsMapChartsAndJobsWithoutErrors() throws Exception {
        Path chromium = chromium();
        SimClock.Manual clock = new SimClock.Manual(0);
        server = SkygridServer.start(TestDb.h2(dir).config(dir, OP, Map.of()), ApiContract.scenario(), clock, null);
        Http http = new Http(server.port());
        String a = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"lab-a\",\"quotaGpus\":48}").json().path("token").asText();
        String b = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"lab-b\",\"quotaGpus\":40}").json().path("token").asText();
        for (int i = 0; i < 6; i++) {
            http.post("/api/v1/jobs", i % 2 == 0 ? a : b, "{\"gpus\":8,\"durationS\":7200,\"name\":\"job-" + i + "\"}");
            clock.advance(600_000);
            server.controlPlane().tick();
        }
        http.post("/api/v1/jobs", a, "{\"gpus\":4,\"durationS\":7200,\"target\":\"shell\",\"name\":\"in-orbit\"}");
        for (int i = 0; i < 6; i++) {
            clock.advance(600_000);
            server.controlPlane().tick();
        }

        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        String url = "http://127.0.0.1:" + server.port() + "/dashboard/#token=" + OP;
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=6000", "--dump-dom", url));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("dom.html").toFile())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String dom = Files.readString(dir.resolve("dom.html"));
        String log = Files.readString(dir.resolve("chromium.log"));
        assertThat(dom).as("DOM dump (chromium log: %s)", log).contains("data-ready=\"1\"");
        assertThat(dom).contains("data-land=\"1\"").doesNotContain("data-error");
        assertThat(attr(dom, "data-satellites")).isEqualTo(6);
        assertThat(attr(dom, "data-charts")).isGreaterThanOrEqualTo(3);
        assertThat(dom).contains("class=\"land\"", "class=\"site\"", "class=\"station\"", "class=\"sat ");
        assertThat(dom).containsPattern("class=\"sat (sunlit|penumbra|umbra)");
        assertThat(dom).contains("lab-a", "lab-b", "in-orbit", "job-5");
        // satellites carry their constellation's colour, with a legend entry per constellation
        assertThat(attr(dom, "data-constellations")).isEqualTo(1);
        assertThat(dom).containsPattern("<span class=\"shell\"><i class=\"sw ring\" style=\"border-color: [^\"]+;\"></i><span>shell</span>");
        assertThat(dom).containsPattern("class=\"sat [^\"]*\"[^>]* style=\"stroke: rgb");
        // charts: a labelled time axis, whole-number ticks for job counts, legends inside the chart
        assertThat(dom).contains("simulated time (UTC)");
        Matcher queueSvg = Pattern.compile("(?s)<svg id=\"queue\".*?</svg>").matcher(dom);
        assertThat(queueSvg.find()).isTrue();
        Matcher yTicks = Pattern.compile("(?s)<g class=\"axis y\".*?</g></g>|<g class=\"axis y\".*?(?=<path class=\"line)").matcher(queueSvg.group());
        assertThat(yTicks.find()).isTrue();
        List<String> ticks = new ArrayList<>();
        Matcher t = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(yTicks.group());
        while (t.find()) ticks.add(t.group(1));
        assertThat(ticks).isNotEmpty().allMatch(v -> v.matches("[0-9,]+"));
        assertThat(dom).contains("data-clipped=\"0\"").doesNotContainPattern("data-clipped=\"[1-9]");
        // no console errors or uncaught exceptions (Chromium logs console messages as CONSOLE lines)
        for (String line : log.split("\n")) {
            if (line.contains("CONSOLE") || line.contains("Uncaught")) {
                assertThat(line).as("console output").doesNotContainIgnoringCase("error").doesNotContain("Uncaught");
            }
        }
        assertThat(p.exitValue()).isEqualTo(0);
    }

    private static int attr(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(name + " set").isTrue();
        return Integer.parseInt(m.group(1));
    }
}
