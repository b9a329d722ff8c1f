package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator for a running {@code skygrid serve}: creates tenants with the operator
 * token, then {@code concurrency} workers submit {@code submits} jobs in total (gang sizes 1 to 64
 * GPUs, long durations so that the fleet fills and a queue builds) from all tenants, each with an
 * Idempotency-Key, and cancel a fraction of the jobs they got acknowledged. Stops after the count or
 * the time limit, whichever first. Intended for loopback addresses only.
 */
public final class LoadGenerator {
    /**
     * @param baseUrl        server, e.g. http://127.0.0.1:8080
     * @param operatorToken  operator token
     * @param tenants        tenants to create
     * @param concurrency    concurrent clients
     * @param submits        submissions in total
     * @param cancelFraction fraction of acknowledged jobs to cancel, [0, 1]
     * @param maxSeconds     time limit, s
     * @param seed           random seed (gang sizes, cancellations)
     */
    public record Params(String baseUrl, String operatorToken, int tenants, int concurrency, int submits, double cancelFraction,
                         double maxSeconds, long seed) {
    }

    /** What happened. Latencies in ms. */
    public record Report(int submitted, int acknowledged, int rejected, int failed, int cancelled, double seconds,
                         double submitsPerS, double submitP50Ms, double submitP99Ms, double cancelP50Ms, double cancelP99Ms,
                         List<Long> acknowledgedIds, List<String> acknowledgedKeys, JsonNode serverMetrics) {
        public String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "submissions: %,d sent, %,d acknowledged (201), %,d rejected (4xx), %,d failed; %,d cancelled%n",
                    submitted, acknowledged, rejected, failed, cancelled));
            b.append(String.format(Locale.ROOT, "throughput:  %,.0f acknowledged submissions/s over %.1f s%n", submitsPerS, seconds));
            b.append(String.format(Locale.ROOT, "submit latency (client, ms): p50 %.2f  p99 %.2f%n", submitP50Ms, submitP99Ms));
            b.append(String.format(Locale.ROOT, "cancel latency (client, ms): p50 %.2f  p99 %.2f%n", cancelP50Ms, cancelP99Ms));
            if (serverMetrics != null) {
                JsonNode pl = serverMetrics.path("placementMs");
                JsonNode ps = serverMetrics.path("schedulingPassMs");
                JsonNode db = serverMetrics.path("dbCommitMs");
                b.append(String.format(Locale.ROOT, "server: %,d queued, %,d running; placement (enqueue to decision) p50 %.3f p99 %.3f ms over %,d;%n"
                                + "  scheduling pass p50 %.3f p99 %.3f ms over %,d; group commit p50 %.3f p99 %.3f ms (%,d commits for %,d writes)%n",
                        serverMetrics.path("queued").asInt(), serverMetrics.path("running").asInt(), pl.path("p50").asDouble(), pl.path("p99").asDouble(),
                        pl.path("count").asLong(), ps.path("p50").asDouble(), ps.path("p99").asDouble(), ps.path("count").asLong(),
                        db.path("p50").asDouble(), db.path("p99").asDouble(), serverMetrics.path("dbCommits").asLong(), serverMetrics.path("dbWrites").asLong()));
            }
            return b.toString();
        }
    }

    private static final int[] GANGS = {1, 2, 4, 8, 8, 8, 16, 32, 64};
    private final AtomicInteger acked = new AtomicInteger();
    private final ConcurrentHashMap<Long, String> ackIds = new ConcurrentHashMap<>();
    private final java.util.Set<Long> cancelledIds = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private final Params p;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public LoadGenerator(Params p) {
        this.p = p;
        URI u = URI.create(p.baseUrl());
        String host = u.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
            throw new IllegalArgumentException("the load generator only targets loopback addresses, not " + host);
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, p.concurrency() / 4))).build();
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String idem)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (idem != null) b.header("Idempotency-Key", idem);
        if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One keep-alive HTTP/1.1 connection per worker on a plain blocking socket: a request is one write and its
     * answer one or two reads, so the generator spends little of the machine's CPU (the JDK HttpClient hands
     * every exchange between several threads). Reconnects after an error or a {@code Connection: close}.
     */
    private final class Conn implements AutoCloseable {
        private final String host;
        private final int port;
        private java.net.Socket socket;
        private java.io.OutputStream out;
        private java.io.InputStream in;
        private final StringBuilder line = new StringBuilder();

        Conn() {
            URI u = URI.create(p.baseUrl());
            this.host = u.getHost();
            this.port = u.getPort() < 0 ? 80 : u.getPort();
        }

        /** @return status and body of the answer */
        Object[] exchange(String path, String token, String body, String idem) throws IOException {
            if (socket == null) {
                socket = new java.net.Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(60_000);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 2048);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            }
            try {
                byte[] b = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                        .append(port).append("\r\nAuthorization: Bearer ").append(token).append("\r\n");
                if (idem != null) h.append("Idempotency-Key: ").append(idem).append("\r\n");
                if (body != null) h.append("Content-Type: application/json\r\n");
                h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
                out.write(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.write(b);
                out.flush();
                String status = readLine();
                if (status == null || !status.startsWith("HTTP/1.1 ") || status.length() < 12) throw new IOException("bad status line: " + status);
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String l = readLine(); l != null && !l.isEmpty(); l = readLine()) {
                    int c = l.indexOf(':');
                    if (c < 0) continue;
                    String name = l.substring(0, c).trim();
                    String value = l.substring(c + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                    else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    else if (name.equalsIgnoreCase("Connection")) close = value.equalsIgnoreCase("close");
                }
                java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(512);
                if (chunked) {
                    while (true) {
                        String sz = readLine();
                        if (sz == null) throw new IOException("connection closed in a chunked body");
                        int semi = sz.indexOf(';');
                        int n = Integer.parseInt((semi < 0 ? sz : sz.substring(0, semi)).trim(), 16);
                        if (n == 0) {
                            for (String l = readLine(); l != null && !l.isEmpty(); l = readLine()) {
                                // trailers
                            }
                            break;
                        }
                        content.write(in.readNBytes(n));
                        readLine();
                    }
                } else if (length >= 0) {
                    byte[] r = in.readNBytes((int) length);
                    if (r.length < length) throw new IOException("connection closed in the body");
                    content.write(r);
                } else {
                    content.write(in.readAllBytes());
                    close = true;
                }
                if (close) close();
                return new Object[] {code, content.toString(java.nio.charset.StandardCharsets.UTF_8)};
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                    return line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing
                }
                socket = null;
            }
        }
    }

    /** @return submissions acknowledged so far (201) */
    public int acknowledged() {
        return acked.get();
    }

    /** @return ids of acknowledged submissions so far, with their Idempotency-Keys */
    public java.util.Map<Long, String> acknowledgedIds() {
        return java.util.Map.copyOf(ackIds);
    }

    /** @return ids of jobs whose cancellation was acknowledged (200) */
    public java.util.Set<Long> cancelledIds() {
        return java.util.Set.copyOf(cancelledIds);
    }

    /** Asks the workers to stop after their current request. */
    public void stop() {
        stopped = true;
    }

    /** Runs the load and returns the report. */
    public Report run() throws IOException, InterruptedException {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String[] tokens = new String[p.tenants()];
        for (int i = 0; i < p.tenants(); i++) {
            String body = "{\"name\":\"load-" + run + "-" + i + "\",\"ratePerS\":1000000,\"burst\":1000000}";
            HttpResponse<String> r = send("POST", "/api/v1/admin/tenants", p.operatorToken(), body, null);
            if (r.statusCode() != 201) throw new IOException("creating a tenant failed: " + r.statusCode() + " " + r.body());
            tokens[i] = json.readTree(r.body()).path("token").asText();
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        long[] submitNs = new long[p.submits()];
        Arrays.fill(submitNs, -1);
        List<Long> cancelNs = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + (long) (p.maxSeconds() * 1e9);
        AtomicLong lastAck = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(p.concurrency());
        long t0 = System.nanoTime();
        for (int w = 0; w < p.concurrency(); w++) {
            final int worker = w;
            pool.submit(() -> {
                SplittableRandom rnd = new SplittableRandom(p.seed() * 1_000_003L + worker);
                List<long[]> mine = new ArrayList<>();
                try (Conn conn = new Conn()) {
                while (System.nanoTime() < deadline && !stopped) {
                    int i = next.getAndIncrement();
                    if (i >= p.submits()) break;
                    int tenant = i % tokens.length;
                    int gpus = GANGS[rnd.nextInt(GANGS.length)];
                    String key = run + "-" + i;
                    String body = "{\"name\":\"load-" + i + "\",\"gpus\":" + gpus + ",\"durationS\":" + (86_400 * (1 + rnd.nextInt(20)))
                            + ",\"class\":\"training\",\"priority\":" + rnd.nextInt(3) + ",\"checkpointBytes\":" + (gpus * 20_000_000_000L) + "}";
                    long s = System.nanoTime();
                    try {
                        Object[] r = conn.exchange("/api/v1/jobs", tokens[tenant], body, key);
                        int code = (Integer) r[0];
                        submitNs[i] = System.nanoTime() - s;
                        if (code == 201) {
                            long id = json.readTree((String) r[1]).path("id").asLong();
                            ackIds.put(id, key);
                            acked.incrementAndGet();
                            lastAck.set(System.nanoTime());
                            mine.add(new long[] {id, tenant});
                        } else if (code >= 400 && code < 500) {
                            rejected.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                    if (!mine.isEmpty() && rnd.nextDouble() < p.cancelFraction()) {
                        long[] victim = mine.remove(rnd.nextInt(mine.size()));
                        long c = System.nanoTime();
                        try {
                            Object[] r = conn.exchange("/api/v1/jobs/" + victim[0] + "/cancel", tokens[(int) victim[1]], null, null);
                            if ((Integer) r[0] == 200) {
                                cancelled.incrementAndGet();
                                cancelledIds.add(victim[0]);
                                cancelNs.add(System.nanoTime() - c);
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination((long) p.maxSeconds() + 120, TimeUnit.SECONDS);
        pool.shutdownNow();
        double seconds = (Math.max(lastAck.get(), t0 + 1) - t0) / 1e9;
        long[] lat = Arrays.stream(submitNs).filter(x -> x >= 0).sorted().toArray();
        long[] clat = cancelNs.stream().mapToLong(Long::longValue).sorted().toArray();
        JsonNode metrics = null;
        try {
            HttpResponse<String> r = send("GET", "/api/v1/admin/metrics", p.operatorToken(), null, null);
            if (r.statusCode() == 200) metrics = json.readTree(r.body());
        } catch (IOException ignored) {
            // the server may be gone (crash test)
        }
        List<Long> ids = new ArrayList<>(ackIds.keySet());
        Collections.sort(ids);
        List<String> keys = new ArrayList<>();
        for (Long id : ids) keys.add(ackIds.get(id));
        return new Report(next.get() > p.submits() ? p.submits() : next.get(), acked.get(), rejected.get(), failed.get(), cancelled.get(),
                seconds, acked.get() / seconds, pct(lat, 0.5), pct(lat, 0.99), pct(clat, 0.5), pct(clat, 0.99), ids, keys, metrics);
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
