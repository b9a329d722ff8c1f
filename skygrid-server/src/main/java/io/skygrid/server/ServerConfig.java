package io.skygrid.server;

import io.skygrid.scenario.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@code skygrid serve}. Each key can come from (lowest to highest precedence) the
 * built-in default, a config file ({@code key = value} lines, {@code #} comments), an environment
 * variable ({@code SKYGRID_} + the key upper-cased with dots as underscores, e.g.
 * {@code SKYGRID_DB_URL}) and a command-line option.
 *
 * @param host             address to listen on ({@code 127.0.0.1}: loopback only)
 * @param port             TCP port; 0 picks a free one
 * @param dataDir          folder of the default H2 database and the operator token file
 * @param dbUrl            JDBC URL; empty for the H2 file database in {@code dataDir}
 * @param dbUser           database user
 * @param dbPassword       database password
 * @param dbPoolSize       JDBC connections
 * @param speedup          simulated seconds per wall second (1 = real time; 60 = one simulated hour per minute)
 * @param tickMs           wall ms between advances of the digital twin (power, progress, checkpoints); 0 = only on demand (tests)
 * @param lookaheadMs      simulated span of each physics window computed ahead, ms
 * @param maxBodyBytes     largest request body accepted, bytes
 * @param defaultRatePerS  request rate allowed per tenant unless set on the tenant, per second
 * @param defaultBurst     token-bucket size per tenant unless set on the tenant
 * @param maxDurationS     longest duration estimate a job may give, s
 * @param physicsThreads   threads computing the physics windows
 * @param operatorToken    operator token to install at start (its hash is stored); empty = keep or create one. A
 *                         configured token must look random ({@link Tokens#weakness}); when it changes, the token
 *                         configured before is revoked
 * @param mapSatellites    largest number of satellites drawn on the dashboard map
 * @param maxQueuedPerTenant largest number of queued jobs one tenant may have; a submission past it is answered 429
 * @param idleTimeoutMs    wall ms a connection may stay silent (while a request body is awaited, or between
 *                         requests) before it is closed; a body not received in time is answered 408
 * @param minRequestRate   slowest request body accepted, bytes per second (0 = no minimum): whenever the server has
 *                         to wait for more of a body, the bytes of that body received so far divided by the time since
 *                         its head arrived must be at least this; a slower body is answered 408
 * @param dbCommitTimeoutMs longest a request waits for its change to be committed, and a statement of a
 *                         commit waits (locks, statement timeout), ms; a change that does not make it is
 *                         withdrawn or rolled back and answered 503, never committed later
 * @param headerTimeoutMs  wall ms within which a request's head (request line and headers) must arrive in full, counted
 *                         from the connection's accept (first request) or from the first byte of the next request (later
 *                         requests); it does not restart with each byte. Past it the client is answered 408 and the
 *                         connection closed
 * @param bodyTimeoutMs    wall ms within which a request body must arrive in full, counted from the end of its head; it
 *                         does not restart with each byte. Past it the request is answered 408 and the connection closed
 * @param maxConnections   largest number of open HTTP connections; further clients wait in the accept backlog until one
 *                         closes (established connections keep working)
 */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                           int dbPoolSize, double speedup, long tickMs, long lookaheadMs, long maxBodyBytes,
                           double defaultRatePerS, int defaultBurst, long maxDurationS, int physicsThreads,
                           String operatorToken, int mapSatellites, int maxQueuedPerTenant, long idleTimeoutMs,
                           long minRequestRate, long dbCommitTimeoutMs, long headerTimeoutMs, long bodyTimeoutMs,
                           int maxConnections) {

    /** Keys accepted in files and the environment, with their defaults. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("host", "127.0.0.1");
        d.put("port", "8080");
        d.put("data.dir", "skygrid-data");
        d.put("db.url", "");
        d.put("db.user", "sa");
        d.put("db.password", "");
        d.put("db.pool.size", "8");
        d.put("speedup", "1");
        d.put("tick.ms", "250");
        d.put("lookahead.hours", "6");
        d.put("max.body.bytes", "65536");
        d.put("rate.per.s", "200");
        d.put("rate.burst", "400");
        d.put("max.duration.days", "90");
        d.put("physics.threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
        d.put("operator.token", "");
        d.put("map.satellites", "2000");
        d.put("max.queued.per.tenant", "10000");
        d.put("http.idle.timeout.ms", "30000");
        d.put("http.min.request.rate", "512");
        d.put("db.commit.timeout.ms", String.valueOf(Store.DEFAULT_COMMIT_TIMEOUT_MS));
        d.put("http.header.timeout.ms", "10000");
        d.put("http.body.timeout.ms", "30000");
        d.put("http.max.connections", "2000");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in [0, 65535]");
        if (!(speedup > 0 && speedup <= 1e6)) throw new IllegalArgumentException("speedup must be in (0, 1e6]");
    }

    /** @return the JDBC URL in force: {@link #dbUrl} or the H2 file database in {@link #dataDir} */
    public String effectiveDbUrl() {
        if (!dbUrl.isEmpty()) return dbUrl;
        // WRITE_DELAY=0: every commit is written to the file before commit() returns, so a killed
        // process loses nothing it acknowledged (H2 default is a 500 ms delay).
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("skygrid").toString().replace('\\', '/')
                + ";WRITE_DELAY=0";
    }

    /**
     * Reads settings.
     *
     * @param file      config file or null
     * @param env       environment ({@code System.getenv()})
     * @param overrides command-line values by key (highest precedence)
     * @throws InputException naming file, line and key for an unknown key or a bad value
     */
    public static ServerConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> where = new LinkedHashMap<>();
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException(file.toString(), 0, null, "cannot read config file: " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw new InputException(file.toString(), i + 1, null, "expected key = value");
                String key = line.substring(0, eq).strip();
                if (!DEFAULTS.containsKey(key)) {
                    throw new InputException(file.toString(), i + 1, key, "is not a setting (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
                }
                v.put(key, line.substring(eq + 1).strip());
                where.put(key, file + ":" + (i + 1));
            }
        }
        for (String key : DEFAULTS.keySet()) {
            String envName = "SKYGRID_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
            String e = env.get(envName);
            if (e != null) {
                v.put(key, e);
                where.put(key, "environment " + envName);
            }
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!DEFAULTS.containsKey(o.getKey())) throw new IllegalArgumentException("unknown setting " + o.getKey());
            v.put(o.getKey(), o.getValue());
            where.put(o.getKey(), "option");
        }
        Parser p = new Parser(v, where);
        String op = p.str("operator.token");
        if (!op.isEmpty()) {
            String weak = Tokens.weakness(op);
            if (weak != null) throw p.bad("operator.token", weak);
        }
        return new ServerConfig(p.str("host"), (int) p.num("port", 0, 65535), Path.of(p.str("data.dir")), p.str("db.url"),
                p.str("db.user"), p.str("db.password"), (int) p.num("db.pool.size", 1, 256), p.dbl("speedup", 1e-3, 1e6),
                (long) p.num("tick.ms", 0, 60_000), (long) (p.dbl("lookahead.hours", 0.25, 168) * 3_600_000L),
                (long) p.num("max.body.bytes", 1024, 16 << 20), p.dbl("rate.per.s", 0.01, 1e6), (int) p.num("rate.burst", 1, 1_000_000),
                (long) (p.dbl("max.duration.days", 1.0 / 24, 3650) * 86_400L), (int) p.num("physics.threads", 1, 256),
                p.str("operator.token"), (int) p.num("map.satellites", 0, 100_000), (int) p.num("max.queued.per.tenant", 1, 100_000_000),
                p.num("http.idle.timeout.ms", 500, 3_600_000), p.num("http.min.request.rate", 0, 1L << 30),
                p.num("db.commit.timeout.ms", 100, 600_000), p.num("http.header.timeout.ms", 100, 3_600_000),
                p.num("http.body.timeout.ms", 100, 3_600_000), (int) p.num("http.max.connections", 1, 1_000_000));
    }

    private record Parser(Map<String, String> v, Map<String, String> where) {
        String str(String k) {
            return v.get(k);
        }

        private InputException bad(String k, String msg) {
            String src = where.getOrDefault(k, "default");
            int colon = src.lastIndexOf(':');
            if (colon > 0 && !src.startsWith("environment")) {
                try {
                    return new InputException(src.substring(0, colon), Integer.parseInt(src.substring(colon + 1)), k, msg);
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
            return new InputException(src, 0, k, msg);
        }

        long num(String k, long min, long max) {
            try {
                long x = Long.parseLong(v.get(k).strip());
                if (x < min || x > max) throw bad(k, "must be in [" + min + ", " + max + "], got " + x);
                return x;
            } catch (NumberFormatException e) {
                throw bad(k, "must be an integer, got '" + v.get(k) + "'");
            }
        }

        double dbl(String k, double min, double max) {
            try {
                double x = Double.parseDouble(v.get(k).strip());
                if (!(x >= min && x <= max)) throw bad(k, "must be in [" + min + ", " + max + "], got " + x);
                return x;
            } catch (NumberFormatException e) {
                throw bad(k, "must be a number, got '" + v.get(k) + "'");
            }
        }
    }
}
