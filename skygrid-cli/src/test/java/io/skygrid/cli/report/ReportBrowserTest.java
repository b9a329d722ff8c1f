package io.skygrid.cli.report;

import io.skygrid.cli.RunCommandTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens a small run's report.html in Debian's headless Chromium (offline: file URL, networking features
 * off): the page renders without console messages or errors (a page-side collector writes them into the
 * DOM; Chromium's console log goes to stderr), the map and charts are in the DOM, and a screenshot is not
 * blank. Skipped without Chromium unless {@code CI} is set, where a missing Chromium fails.
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;
    static Path report;

    @BeforeAll
    static void run() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) fail("CI is set but " + CHROMIUM + " is missing; .ci/run installs it");
            assumeTrue(false, CHROMIUM + " not installed");
        }
        Path scenario = dir.resolve("small.yaml");
        // more load than the ground site holds, so that the constellations run work too
        Files.writeString(scenario, RunCommandTest.SMALL.replace("offeredLoad: 1.2", "offeredLoad: 3"));
        RunCommandTest.Run r = RunCommandTest.run("run", "--scenario", scenario.toString(), "--out",
                dir.resolve("out").toString(), "-q", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        report = dir.resolve("out/report.html");
        assertThat(report).exists();
    }

    record Chromium(String stdout, String stderr) {
    }

    static Chromium chromium(String... args) throws Exception {
        return chromium(report, args);
    }

    static Chromium chromium(Path page, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--hide-scrollbars", "--virtual-time-budget=10000"));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s");
        }
        return new Chromium(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    @Test
    void pageRendersMapAndChartsWithoutErrors() throws Exception {
        Chromium c = chromium("--dump-dom");
        String dom = c.stdout();
        // no JavaScript error or console message
        List<String> console = c.stderr().lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
        assertThat(console).as("console messages").isEmpty();
        assertThat(dom).contains("data-ready=\"true\"").doesNotContain("data-errors=");
        assertThat(dom).contains("<pre id=\"errors\" hidden=\"\"></pre>");
        // the map: Natural Earth countries, ground tracks, satellite positions, stations and the site
        String map = dom.substring(dom.indexOf("id=\"map-svg\""), dom.indexOf("id=\"map-note\""));
        assertThat(count(map, "class=\"country\"")).isGreaterThan(150);
        Matcher country = Pattern.compile("class=\"country\" d=\"M[-0-9.,]+L").matcher(map);
        assertThat(country.find()).as("country outlines are drawn paths").isTrue();
        assertThat(count(map, "class=\"track\"")).isEqualTo(6); // 3 per constellation
        assertThat(count(map, "class=\"positions\"")).isEqualTo(2);
        assertThat(count(map, "class=\"station\"")).isGreaterThan(20);
        assertThat(count(map, "class=\"site\"")).isGreaterThanOrEqualTo(1);
        // charts: utilisation, power, state of charge, queue lines; histogram and cost bars; jobs table
        assertThat(count(dom, "class=\"series-line\"")).isEqualTo(3 + 3 + 2 + 1);
        // 30 log-spaced bins per histogram; the wait histogram is empty when every started job began at once
        assertThat(count(dom, "class=\"bar\"")).isIn(30, 60);
        assertThat(count(dom, "class=\"cost-bar\"")).isEqualTo(6 + 4 + 4);
        assertThat(dom).contains("id=\"jobs-table\"").contains("listed jobs shown");
        assertThat(Pattern.compile("Skygrid report: small").matcher(dom).find()).isTrue();
    }

    /** The checks above can fail: a page whose script logs and throws is caught both ways. */
    @Test
    void aBrokenPageIsDetected() throws Exception {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        String ready = "document.documentElement.setAttribute('data-ready', 'true');";
        assertThat(html).contains(ready);
        Path broken = dir.resolve("out/broken.html");
        Files.writeString(broken, html.replace(ready, "console.error('boom from the test'); notAFunction();"),
                StandardCharsets.UTF_8);
        Chromium c = chromium(broken, "--dump-dom");
        assertThat(c.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList()).isNotEmpty();
        assertThat(c.stdout()).contains("data-errors=\"2\"").doesNotContain("data-ready=")
                .contains("console.error: boom from the test").contains("notAFunction");
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        Path png = dir.resolve("report.png");
        chromium("--window-size=1200,1600", "--screenshot=" + png);
        BufferedImage img = ImageIO.read(new File(png.toString()));
        assertThat(img.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        long samples = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) nonWhite++;
                samples++;
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(200);
        assertThat((double) nonWhite / samples).as("share of non-white pixels").isGreaterThan(0.3);
        // the map band (below the brief, about y 430-900) holds land, sea and track colours
        Set<Integer> mapColours = new HashSet<>();
        for (int y = 450; y < 850; y += 2) {
            for (int x = 100; x < 1100; x += 2) mapColours.add(img.getRGB(x, y) & 0xFFFFFF);
        }
        assertThat(mapColours.size()).as("distinct colours in the map band").isGreaterThan(50);
    }
}
