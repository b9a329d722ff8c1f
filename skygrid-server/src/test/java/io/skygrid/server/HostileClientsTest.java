package io.skygrid.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send bodies slowly, stop half-way or hang up: on raw loopback sockets, against H2 (the behaviour is
 * in the HTTP layer, before any database). Bounded: the slow-body test takes about ten seconds.
 */
class HostileClientsTest {
    static final String OP = ApiContract.OP;

    @TempDir
    Path dir;
    TestDb db;
    SkygridServer server;
    Http http;
    ListAppender<ILoggingEvent> log;

    void start(long idleTimeoutMs) throws Exception {
        db = TestDb.h2(dir);
        server = SkygridServer.start(db.config(dir, OP, Map.of("http.idle.timeout.ms", String.valueOf(idleTimeoutMs))), ApiContract.scenario(),
                new SimClock.Manual(0), db.schema);
        http = new Http(server.port());
    }

    @BeforeEach
    void captureLog() {
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (server != null) server.close();
        if (db != null) db.close();
    }

    String tenant(String name, String extra) {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"" + name + "\"" + extra + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    static String head(String token, int contentLength) {
        return "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** @return the status line and body of the answer on a socket (read until the server closes it or 10 s pass) */
    static String answer(Socket s) throws IOException {
        return answer(s, System.nanoTime() + 10_000_000_000L);
    }

    /** @return the answer on a socket, read until the server closes it or the deadline (System.nanoTime) passes */
    static String answer(Socket s, long deadlineNs) throws IOException {
        s.setSoTimeout((int) Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        StringBuilder sb = new StringBuilder();
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (sb.indexOf("\r\n\r\n") > 0 && sb.indexOf("}") > sb.indexOf("\r\n\r\n")) break;
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // answer so far
        }
        return sb.toString();
    }

    @Test
    void fourHundredSlowBodiesDoNotStallAnotherTenantAndAreCutOffWith408() throws Exception {
        start(10_000);
        String slow = tenant("slow", ",\"ratePerS\":100000,\"burst\":100000");
        String calm = tenant("calm", "");
        int n = 400;
        List<Socket> socks = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.setTcpNoDelay(true);
                s.getOutputStream().write((head(slow, 200) + "{").getBytes(StandardCharsets.US_ASCII));
                socks.add(s);
            }
            long opened = System.nanoTime();
            // one byte per connection every 4 s (the review's attack): far below the minimum rate
            Thread dripper = new Thread(() -> {
                try {
                    for (int k = 0; k < 3; k++) {
                        Thread.sleep(4000);
                        for (Socket s : socks) {
                            try {
                                s.getOutputStream().write(' ');
                            } catch (IOException e) {
                                // already answered and closed
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "dripper");
            dripper.setDaemon(true);
            dripper.start();
            // another tenant's GETs while all 400 are open (the first drip, 4 s on, gets them cut off)
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(http.base + "/api/v1/jobs")).header("Authorization", "Bearer " + calm)
                    .timeout(Duration.ofSeconds(2)).GET().build();
            for (int i = 0; i < 20; i++) {
                try {
                    client.send(get, HttpResponse.BodyHandlers.ofString()); // warm-up
                } catch (java.net.http.HttpTimeoutException e) {
                    // counted below
                }
            }
            long[] ns = new long[200];
            for (int i = 0; i < ns.length; i++) {
                long t0 = System.nanoTime();
                int status;
                try {
                    status = client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (java.net.http.HttpTimeoutException e) {
                    status = -1;
                }
                ns[i] = status == 200 ? System.nanoTime() - t0 : Long.MAX_VALUE;
            }
            long openForMs = (System.nanoTime() - opened) / 1_000_000;
            assertThat(openForMs).as("the GETs ran while the slow bodies were open").isLessThan(4000);
            Arrays.sort(ns);
            double p99Ms = ns[(int) Math.ceil(ns.length * 0.99) - 1] / 1e6;
            System.out.printf("slow-body test: %d slow connections, %d GETs in %d ms, GET p50 %.2f ms, p99 %.2f ms%n", n, ns.length,
                    openForMs, ns[ns.length / 2] / 1e6, p99Ms);
            assertThat(p99Ms).as("another tenant's GET p99 with %d slow bodies open", n).isLessThan(100.0);
            // every slow body is answered 408 and its connection closed, within a few seconds
            int answered408 = 0;
            long deadline = System.nanoTime() + 20_000_000_000L; // the whole check is bounded, even when it fails
            for (Socket s : socks) {
                String a = answer(s, deadline);
                if (a.startsWith("HTTP/1.1 408 ")) answered408++;
            }
            assertThat(answered408).isEqualTo(n);
            dripper.interrupt();
        } finally {
            for (Socket s : socks) s.close();
        }
        // nothing was created, and the log has no stack trace and one WARN line at most about them
        assertThat(server.controlPlane().view(server.controlPlane().tenant("slow")).submittedJobs()).isZero();
        assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
        assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aTruncatedBodyIs400AndASilentOneIs408() throws Exception {
        start(1500);
        String a = tenant("lab-a", "");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write((head(a, 100) + "{\"gpus\":8,").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String resp = answer(s);
            assertThat(resp).startsWith("HTTP/1.1 400 ").contains("application/problem+json");
            JsonNode p = Http.JSON.readTree(resp.substring(resp.indexOf("\r\n\r\n") + 4));
            assertThat(p.path("detail").asText()).isEqualTo("the request body ended before its declared Content-Length of 100 bytes");
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write((head(a, 100) + "{\"gpus\":8,").getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            String resp = answer(s);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(resp).startsWith("HTTP/1.1 408 ").contains("application/problem+json");
            assertThat(resp.substring(resp.indexOf("\r\n\r\n") + 4)).contains("the request body arrived too slowly");
            assertThat(ms).isBetween(1000L, 8000L);
        }
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).isEmpty();
        assertThat(http.get("/metrics", null).body()).contains("skygrid_bad_request_bodies_total 2");
        assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
    }

    @Test
    void aTooLargeChunkedBodyIs413AndADeclaredOneIsDrainedWithoutAThread() throws Exception {
        start(10_000);
        String a = tenant("lab-a", "");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            StringBuilder req = new StringBuilder("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + a
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(4096);
            for (int i = 0; i < 25; i++) req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            req.append("0\r\n\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            String resp = answer(s);
            assertThat(resp).startsWith("HTTP/1.1 413 ");
            assertThat(resp).contains("request body larger than the limit of 65536 bytes");
        }
        // 400 clients each declaring a 1 MB body and sending it slowly: their bodies are discarded as they come, no
        // thread waits for them, so other requests are still answered at once
        List<Socket> socks = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write((head(a, 1 << 20) + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII));
                socks.add(s);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) assertThat(http.get("/api/v1/jobs", a).status()).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("20 GETs with 400 large bodies pending").isLessThan(5000);
        } finally {
            for (Socket s : socks) s.close();
        }
    }

    @Test
    void aBodyThatIsNotUtf8Is400() throws Exception {
        start(10_000);
        String a = tenant("lab-a", "");
        byte[] body = "{\"gpus\":8,\"durationS\":60,\"name\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write((head(a, body.length)).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            String resp = answer(s);
            assertThat(resp).startsWith("HTTP/1.1 400 ");
            assertThat(Http.JSON.readTree(resp.substring(resp.indexOf("\r\n\r\n") + 4)).path("detail").asText())
                    .isEqualTo("the request body is not valid UTF-8");
        }
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).isEmpty();
    }
}
