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
        start(Map.of("http.idle.timeout.ms", String.valueOf(idleTimeoutMs)));
    }

    void start(Map<String, String> settings) throws Exception {
        db = TestDb.h2(dir);
        server = SkygridServer.start(db.config(dir, OP, settings), ApiContract.scenario(), new SimClock.Manual(0), db.schema);
        http = new Http(server.port());
    }

    /** Writes one byte every {@code periodMs} on a daemon thread until the socket fails (the server closed it) or 60 s pass. */
    static Thread drip(Socket s, byte b, long periodMs) {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + 60_000_000_000L;
            try {
                while (System.nanoTime() < end) {
                    Thread.sleep(periodMs);
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server (or the test)
            }
        }, "drip");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static JsonNode problem(String resp) throws IOException {
        return Http.JSON.readTree(resp.substring(resp.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void aBodyDrippedOneByteEveryTwoSecondsIs408WithinTheBodyDeadline() throws Exception {
        // no minimum rate: only the whole-body deadline can end it (the idle timeout restarts with each byte)
        start(Map.of("http.idle.timeout.ms", "10000", "http.min.request.rate", "0", "http.body.timeout.ms", "3000"));
        String a = tenant("lab-a", "");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setTcpNoDelay(true);
            long t0 = System.nanoTime();
            s.getOutputStream().write(head(a, 200).getBytes(StandardCharsets.US_ASCII));
            Thread t = drip(s, (byte) ' ', 2000);
            String resp = answer(s, t0 + 15_000_000_000L);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            t.interrupt();
            assertThat(resp).startsWith("HTTP/1.1 408 ").contains("application/problem+json").containsIgnoringCase("Connection: close");
            assertThat(problem(resp).path("detail").asText()).contains("must arrive in full within 3000 ms");
            assertThat(ms).as("answered at the 3 s body deadline").isBetween(2900L, 9000L);
            assertThat(s.getInputStream().read()).as("then closed").isEqualTo(-1);
        }
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).isEmpty();
    }

    @Test
    void theMinimumRateCountsThisRequestsBytesNotTheServersEarlierTraffic() throws Exception {
        // Jetty's MinimumDataRateHandler divided all bytes the server had ever read by this request's age: after ~190 kB of
        // earlier bodies a drip of a byte every 2 s passed for several minutes. Now this body's own rate is checked.
        start(Map.of("http.idle.timeout.ms", "10000"));
        String a = tenant("lab-a", "");
        String big = "{\"name\":\"" + "x".repeat(60_000) + "\"}";
        for (int i = 0; i < 3; i++) assertThat(http.post("/api/v1/jobs", a, big).status()).isEqualTo(400);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setTcpNoDelay(true);
            long t0 = System.nanoTime();
            s.getOutputStream().write(head(a, 200).getBytes(StandardCharsets.US_ASCII));
            Thread t = drip(s, (byte) ' ', 2000);
            String resp = answer(s, t0 + 20_000_000_000L);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            t.interrupt();
            assertThat(resp).startsWith("HTTP/1.1 408 ");
            assertThat(problem(resp).path("detail").asText()).contains("keep up at least 512 bytes/s");
            assertThat(ms).as("cut off at the second byte, 4 s in").isBetween(1900L, 12_000L);
        }
    }

    @Test
    void aHeadTrickledOneLineAtATimeIs408WithinTheHeaderDeadlineButAnIdleKeepAliveIsNot() throws Exception {
        start(Map.of("http.idle.timeout.ms", "10000", "http.header.timeout.ms", "2000"));
        String a = tenant("lab-a", "");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setTcpNoDelay(true);
            long t0 = System.nanoTime();
            s.getOutputStream().write("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 60; i++) {
                        Thread.sleep(500);
                        s.getOutputStream().write(("X-Line-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server
                }
            }, "trickle");
            t.setDaemon(true);
            t.start();
            String resp = answer(s, t0 + 15_000_000_000L);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            t.interrupt();
            assertThat(resp).startsWith("HTTP/1.1 408 ").contains("application/problem+json");
            assertThat(problem(resp).path("detail").asText()).isEqualTo("the request head (request line and headers) did not arrive within 2000 ms");
            assertThat(ms).as("answered at the 2 s header deadline").isBetween(1900L, 8000L);
            assertThat(s.getInputStream().read()).as("then closed").isEqualTo(-1);
        }
        // a connection that opens and sends nothing is closed at the same deadline (not the 10 s idle timeout)
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            long t0 = System.nanoTime();
            assertThat(answer(s, t0 + 15_000_000_000L)).startsWith("HTTP/1.1 408 ");
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1900L, 8000L);
        }
        // a keep-alive connection between requests waits for the idle timeout: the head clock starts at the next request's first byte
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            String get = "GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + a + "\r\n\r\n";
            s.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
            assertThat(answer(s)).startsWith("HTTP/1.1 200 ");
            Thread.sleep(3000);
            s.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
            assertThat(answer(s)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void withTheConnectionCapAt50A100IdleConnectionsDoNotStopOtherClients() throws Exception {
        // What this proves: the server never holds more than http.max.connections sockets however many a client opens
        // (the rest wait in the accept backlog: file descriptors are bounded), a client already connected keeps being
        // served at once, and a new client is served too, once the header deadline has closed idle connections ahead of it.
        start(Map.of("http.idle.timeout.ms", "10000", "http.header.timeout.ms", "2000", "http.max.connections", "50"));
        String calm = tenant("calm", "");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(http.base + "/api/v1/jobs")).header("Authorization", "Bearer " + calm)
                .timeout(Duration.ofSeconds(20)).GET().build();
        assertThat(client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200); // established, kept alive
        List<Socket> idle = new ArrayList<>();
        int maxOpen = 0;
        try {
            for (int i = 0; i < 100; i++) idle.add(new Socket("127.0.0.1", server.port()));
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                long g0 = System.nanoTime();
                assertThat(client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - g0) / 1_000_000).as("a GET on the established connection").isLessThan(1500);
                maxOpen = Math.max(maxOpen, server.openConnections.get());
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("the 20 GETs ran while the idle connections were held").isLessThan(2000);
            // a new client, queued behind the idle ones, is served once the header deadline frees slots
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).build();
            long f0 = System.nanoTime();
            java.util.concurrent.CompletableFuture<HttpResponse<String>> f = fresh.sendAsync(get, HttpResponse.BodyHandlers.ofString());
            while (!f.isDone() && System.nanoTime() - f0 < 20_000_000_000L) {
                maxOpen = Math.max(maxOpen, server.openConnections.get());
                Thread.sleep(20);
            }
            assertThat(f.get(1, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            System.out.printf("connection-cap test: new client served after %d ms, at most %d connections open%n",
                    (System.nanoTime() - f0) / 1_000_000, maxOpen);
            assertThat(maxOpen).as("connections open at once").isBetween(40, 50);
        } finally {
            for (Socket s : idle) s.close();
        }
        assertThat(http.get("/metrics", null).body()).contains("skygrid_http_connections ");
    }

    @Test
    void aSecondAuthorizationOrContentTypeHeaderIs400NamingIt() throws Exception {
        start(10_000);
        String a = tenant("lab-a", "");
        String body = "{\"gpus\":8,\"durationS\":60}";
        for (String[] c : new String[][]{{"Authorization", "Authorization: Bearer " + a + "\r\nAuthorization: Bearer nope\r\nContent-Type: application/json\r\n"},
                {"Content-Type", "Authorization: Bearer " + a + "\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n"}}) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\n" + c[1] + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                String resp = answer(s);
                assertThat(resp).as(c[0]).startsWith("HTTP/1.1 400 ").contains("application/problem+json");
                assertThat(problem(resp).path("detail").asText()).isEqualTo("the " + c[0] + " header is given 2 times; give it once");
            }
        }
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).isEmpty();
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
