package io.skygrid.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP surface: REST API under {@code /api/v1} (bearer tokens; tenants under {@code /jobs},
 * operators under {@code /admin}), RFC 9457 problem documents for every error, the OpenAPI document,
 * Swagger UI, the dashboard, and the ops endpoints {@code /health}, {@code /ready}, {@code /metrics}.
 */
final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final String PROBLEM_JSON = "application/problem+json";
    static final Set<String> JOB_CLASSES = Set.of("training", "fine-tuning", "inference", "batch", "evaluation");
    /** Largest checkpoint accepted: 1 PB (a trillion-parameter model with optimizer state is ~16 TB). */
    static final long MAX_CHECKPOINT_BYTES = 1_000_000_000_000_000L;
    /** Largest input or output data set accepted: 100 PB. */
    static final long MAX_DATA_BYTES = 100_000_000_000_000_000L;
    static final int MAX_PAGE = 500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    private static final String SWAGGER = "META-INF/resources/webjars/swagger-ui/";

    final ObjectMapper json;
    private final SkygridServer server;
    private final ControlPlane cp;
    private final ServerConfig cfg;
    private final RateLimiter limiter = new RateLimiter(System::nanoTime);
    private final String swaggerVersion;

    Api(SkygridServer server) {
        this.server = server;
        this.cp = server.controlPlane();
        this.cfg = server.config();
        this.json = mapper();
        this.swaggerVersion = swaggerVersion();
    }

    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        // a repeated key ({"gpus":8,"gpus":16}) is an error, not "last one wins"
        m.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        // strict types: a boolean or number is not a name, "" or "8" is not a number, 1 is not true
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
        m.setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        return m;
    }

    private static String swaggerVersion() {
        try (InputStream in = Api.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) return null;
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- request bodies

    record SubmitBody(String name, @JsonProperty("class") String jobClass, Integer gpus, Double durationS, Integer priority,
                      Long checkpointBytes, Double checkpointIntervalS, Long inputBytes, Long outputBytes, String target) {
    }

    record TenantBody(String name, Long quotaGpus, Double ratePerS, Integer burst, Double weight, Integer priority, Long borrowLimitGpus) {
    }

    record TenantPatch(Long quotaGpus, Double ratePerS, Integer burst, Double weight, Integer priority, Long borrowLimitGpus) {
    }

    record ReservationBody(String tenant, String pool, Long gpus) {
    }

    record NodeBody(String reason) {
    }

    /** {@code expiresInS}: seconds from now until the token stops working; absent = never. */
    record TokenBody(Boolean revokeOthers, Long expiresInS) {
    }

    /** Longest token lifetime that can be asked for, s (ten years). */
    static final long MAX_TOKEN_LIFETIME_S = 10L * 366 * 86_400;

    private long expiry(TokenBody b) {
        if (b.expiresInS() == null) return -1;
        return cp.wallNowMs() + range(b.expiresInS(), 1, MAX_TOKEN_LIFETIME_S, "expiresInS") * 1000;
    }

    // ---------------------------------------------------------------- wiring

    void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.http.maxRequestSize = cfg.maxBodyBytes();
        // the connector (host, port, idle timeout, request-head deadline, connection cap) and defences against slow or
        // broken clients: bodies read before a thread is taken within a deadline and at a minimum rate, method overrides
        // ignored (see HttpHardening); Jetty's own minimum rate below only applies to bodies not buffered there
        c.jetty.modifyHttpConfiguration(h -> h.setMinRequestDataRate(cfg.minRequestRate()));
        c.jetty.addConnector((s, h) -> HttpHardening.connector(s, h, cfg, server.openConnections));
        // requests Jetty refuses before routing (ambiguous or escaping paths such as /dashboard/../../etc/passwd,
        // bad headers) get a problem document too, not Jetty's HTML page
        ProblemErrorHandler errors = new ProblemErrorHandler(json);
        c.jetty.modifyServer(s -> {
            s.setErrorHandler(errors);
            HttpHardening.install(s, cfg);
        });
        c.jetty.modifyServletContextHandler(h -> h.setErrorHandler(errors));
        var r = c.routes;
        r.before(ctx -> {
            if (ctx.path().startsWith("/api/")) {
                server.inFlight.incrementAndGet();
                ctx.attribute("counted", Boolean.TRUE);
            }
        });
        r.before(this::before);
        r.after(ctx -> {
            if (ctx.attribute("counted") != null) {
                ctx.attribute("counted", null);
                server.inFlight.decrementAndGet();
            }
        });
        r.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status(), e.getMessage(), e.retryAfterS()));
        r.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(),
                e.getStatus() == 413 ? "request body larger than " + cfg.maxBodyBytes() + " bytes" : e.getMessage(), -1));
        r.exception(JsonProcessingException.class, (e, ctx) -> problem(ctx, 400, jsonProblem(e), -1));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "internal error; the server log has the details", -1);
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) problem(ctx, 404, "no such resource: " + ctx.path(), -1);
        });
        r.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) problem(ctx, 405, ctx.method() + " is not allowed on " + ctx.path(), -1);
        });

        // ops
        r.get("/health", ctx -> sendJson(ctx, 200, Map.of("status", "UP")));
        r.get("/ready", ctx -> {
            boolean db = cp.store().ping();
            boolean physics = cp.fleet().windowReady(cp.clock().nowMs());
            boolean ready = db && physics && !server.draining();
            sendJson(ctx, ready ? 200 : 503, Map.of("status", ready ? "READY" : "NOT_READY", "database", db, "physics", physics,
                    "draining", server.draining()));
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(Metrics.prometheus(server)));
        r.get("/openapi.json", ctx -> resource(ctx, "io/skygrid/server/openapi.json", "application/json"));
        r.get("/swagger", ctx -> resource(ctx, "io/skygrid/server/web/swagger.html", "text/html; charset=utf-8"));
        r.get("/swagger/ui/{file}", ctx -> {
            if (swaggerVersion == null) throw ApiException.notFound("Swagger UI is not on the class path");
            resource(ctx, SWAGGER + swaggerVersion + "/" + safe(ctx.pathParam("file")), null);
        });
        r.get("/", ctx -> ctx.redirect("/dashboard/"));
        r.get("/dashboard", ctx -> resource(ctx, "io/skygrid/server/web/index.html", "text/html; charset=utf-8"));
        r.get("/dashboard/{file}", ctx -> resource(ctx, "io/skygrid/server/web/" + safe(ctx.pathParam("file")), null));
        r.get("/dashboard/vendor/{file}", ctx -> resource(ctx, "io/skygrid/server/web/vendor/" + safe(ctx.pathParam("file")), null));

        // tenants
        r.post("/api/v1/jobs", this::submit);
        r.get("/api/v1/jobs", ctx -> {
            ControlPlane.Principal p = principal(ctx);
            sendJson(ctx, 200, cp.list(p, null, state(ctx), after(ctx), limit(ctx)));
        });
        r.get("/api/v1/jobs/{id}", ctx -> sendJson(ctx, 200, cp.get(principal(ctx), id(ctx))));
        r.get("/api/v1/jobs/{id}/why", ctx -> {
            ControlPlane.JobView v = cp.get(principal(ctx), id(ctx));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("state", v.state());
            m.put("why", v.state().equals("QUEUED") ? v.waitReason() : v.state().equals("RUNNING")
                    ? (v.paused() ? "running but paused: a satellite of its gang has no power" : "running on " + v.pool())
                    : "finished: " + v.state().toLowerCase(Locale.ROOT));
            if (v.reason() != null) m.put("lastEvent", v.reason());
            sendJson(ctx, 200, m);
        });
        r.post("/api/v1/jobs/{id}/cancel", ctx -> sendJson(ctx, 200, cp.cancel(principal(ctx), id(ctx))));
        r.delete("/api/v1/jobs/{id}", ctx -> sendJson(ctx, 200, cp.cancel(principal(ctx), id(ctx))));
        r.get("/api/v1/usage", ctx -> {
            ControlPlane.Principal p = tenantOnly(ctx);
            sendJson(ctx, 200, cp.view(p.tenant()));
        });

        // operators
        r.post("/api/v1/admin/tenants", ctx -> {
            TenantBody b = body(ctx, TenantBody.class);
            String name = required(b.name(), "name");
            if (!NAME.matcher(name).matches()) throw ApiException.badRequest("name must match " + NAME.pattern());
            long quota = range(b.quotaGpus() != null ? b.quotaGpus() : cp.fleet().capacity(), 0, 100_000_000L, "quotaGpus");
            double rate = range(b.ratePerS() != null ? b.ratePerS() : cfg.defaultRatePerS(), 0.01, 1e6, "ratePerS");
            int burst = (int) range(b.burst() != null ? b.burst() : cfg.defaultBurst(), 1, 1_000_000, "burst");
            double weight = range(b.weight() != null ? b.weight() : 1.0, 0.001, 1e6, "weight");
            int prio = (int) range(b.priority() != null ? b.priority() : 0, -1_000_000, 1_000_000, "priority");
            long borrow = b.borrowLimitGpus() == null ? Long.MAX_VALUE : range(b.borrowLimitGpus(), 0, 100_000_000L, "borrowLimitGpus");
            ControlPlane.NewTenant t = cp.createTenant(name, quota, rate, burst, weight, prio, borrow, true);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant", cp.view(t.tenant()));
            m.put("token", t.token());
            m.put("note", "the token is shown only now; the server keeps only its SHA-256");
            ctx.header("Location", "/api/v1/admin/tenants/" + name);
            sendJson(ctx, 201, m);
        });
        r.get("/api/v1/admin/tenants", ctx -> sendJson(ctx, 200, Map.of("items", cp.tenantViews())));
        r.get("/api/v1/admin/tenants/{name}", ctx -> sendJson(ctx, 200, cp.view(cp.tenant(pathParam(ctx, "name")))));
        r.patch("/api/v1/admin/tenants/{name}", ctx -> {
            TenantPatch b = body(ctx, TenantPatch.class);
            cp.updateTenant(pathParam(ctx, "name"), b.quotaGpus() == null ? null : range(b.quotaGpus(), 0, 100_000_000L, "quotaGpus"),
                    b.ratePerS() == null ? null : range(b.ratePerS(), 0.01, 1e6, "ratePerS"),
                    b.burst() == null ? null : (int) range(b.burst(), 1, 1_000_000, "burst"),
                    b.weight() == null ? null : range(b.weight(), 0.001, 1e6, "weight"),
                    b.priority() == null ? null : (int) range(b.priority(), -1_000_000, 1_000_000, "priority"),
                    b.borrowLimitGpus() == null ? null : range(b.borrowLimitGpus(), 0, 100_000_000L, "borrowLimitGpus"));
            sendJson(ctx, 200, cp.view(cp.tenant(pathParam(ctx, "name"))));
        });
        r.post("/api/v1/admin/tenants/{name}/tokens", ctx -> {
            TokenBody b = bodyText(ctx).isBlank() ? new TokenBody(false, null) : body(ctx, TokenBody.class);
            long expires = expiry(b);
            String token = cp.newToken(pathParam(ctx, "name"), Boolean.TRUE.equals(b.revokeOthers()), expires);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", token);
            m.put("revokedOthers", Boolean.TRUE.equals(b.revokeOthers()));
            m.put("expiresAt", OperatorTokens.iso(expires));
            sendJson(ctx, 201, m);
        });
        // operator credentials: issue (rotate with revokeOthers), list, revoke
        r.get("/api/v1/admin/operator-tokens", ctx -> sendJson(ctx, 200, Map.of("items", cp.operatorTokens())));
        r.post("/api/v1/admin/operator-tokens", ctx -> {
            TokenBody b = bodyText(ctx).isBlank() ? new TokenBody(false, null) : body(ctx, TokenBody.class);
            long expires = expiry(b);
            OperatorTokens.Issued in = cp.issueOperatorToken(Boolean.TRUE.equals(b.revokeOthers()), expires);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", in.id());
            m.put("token", in.token());
            m.put("expiresAt", OperatorTokens.iso(expires));
            m.put("revoked", in.revoked().stream().map(t -> Tokens.id(t.hash())).toList());
            m.put("note", "the token is shown only now; the server keeps only its SHA-256");
            ctx.header("Location", "/api/v1/admin/operator-tokens/" + in.id());
            sendJson(ctx, 201, m);
        });
        r.delete("/api/v1/admin/operator-tokens/{id}", ctx -> {
            cp.revokeOperatorToken(pathParam(ctx, "id"));
            ctx.status(204);
        });
        r.get("/api/v1/admin/jobs", ctx -> sendJson(ctx, 200, cp.list(principal(ctx), ctx.queryParam("tenant"), state(ctx), after(ctx), limit(ctx))));
        r.post("/api/v1/admin/jobs/{id}/cancel", ctx -> sendJson(ctx, 200, cp.cancel(principal(ctx), id(ctx))));
        r.get("/api/v1/admin/reservations", ctx -> sendJson(ctx, 200, Map.of("items", reservations())));
        r.post("/api/v1/admin/reservations", ctx -> {
            ReservationBody b = body(ctx, ReservationBody.class);
            long gpus = range(required(b.gpus(), "gpus"), 1, 100_000_000L, "gpus");
            ControlPlane.Reservation res = cp.addReservation(required(b.tenant(), "tenant"), required(b.pool(), "pool"), gpus);
            sendJson(ctx, 201, reservation(res));
        });
        r.delete("/api/v1/admin/reservations/{id}", ctx -> {
            cp.deleteReservation(id(ctx));
            ctx.status(204);
        });
        r.post("/api/v1/admin/pools/{pool}/nodes/{node}/down", ctx -> nodeState(ctx, true));
        r.post("/api/v1/admin/pools/{pool}/nodes/{node}/up", ctx -> nodeState(ctx, false));
        r.get("/api/v1/admin/fleet", ctx -> {
            ControlPlane.Counters cn = cp.counters();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", cp.fleet().scenario().name());
            m.put("simTime", ControlPlane.iso(cp.fleet().scenario().epoch(), cn.simMs()));
            m.put("speedup", cp.clock().speedup());
            m.put("policy", cp.policyName());
            m.put("backfill", cp.backfill());
            m.put("pools", cn.pools());
            sendJson(ctx, 200, m);
        });
        r.get("/api/v1/admin/metrics", ctx -> sendJson(ctx, 200, Metrics.summary(server)));
        r.get("/api/v1/admin/dashboard", ctx -> sendJson(ctx, 200, server.dashboardSnapshot()));
    }

    // ---------------------------------------------------------------- handlers

    /** Headers an API request may carry at most once (a second one is answered 400, never silently ignored). */
    static final List<String> SINGLE_HEADERS = List.of("Authorization", "Content-Type", "Idempotency-Key");

    private void before(Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/api/")) return;
        long declared = ctx.req().getContentLengthLong();
        if (declared > cfg.maxBodyBytes()) {
            // read and discard a body of moderate size first: a client still sending it would otherwise see the
            // connection reset instead of this answer (larger bodies are cut off: the connection closes)
            // (HttpHardening has already read and discarded it without holding a thread, so this returns at once)
            if (declared <= HttpHardening.DRAIN_LIMIT_BYTES) {
                try {
                    ctx.req().getInputStream().skipNBytes(declared);
                } catch (java.io.IOException | RuntimeException e) {
                    // the client went away or sent less than it declared: answer anyway
                }
            }
            throw new ApiException(413, "Content Too Large", "request body of " + declared + " bytes is larger than the limit of " + cfg.maxBodyBytes() + " bytes");
        }
        for (String h : SINGLE_HEADERS) {
            int n = java.util.Collections.list(ctx.req().getHeaders(h)).size();
            if (n > 1) throw ApiException.badRequest("the " + h + " header is given " + n + " times; give it once");
        }
        if (server.draining()) throw new ApiException(503, "Service Unavailable", "the server is shutting down", 5);
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "Unauthorized", "an API token is required: Authorization: Bearer <token>");
        }
        ControlPlane.Principal p;
        try {
            p = cp.authenticate(auth.substring(7).strip());
        } catch (ApiException expired) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"the token expired\"");
            throw expired;
        }
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "Unauthorized", "the API token is not valid");
        }
        if (path.startsWith("/api/v1/admin/") && !p.operator()) {
            throw new ApiException(403, "Forbidden", "operator role required");
        }
        double rate = p.tenant() != null ? p.tenant().ratePerS() : cfg.defaultRatePerS() * 10;
        int burst = p.tenant() != null ? p.tenant().burst() : cfg.defaultBurst() * 10;
        // buckets are keyed by principal id, never by name: a tenant named "operator" has its own bucket
        long waitNs = limiter.acquire(p.tenant() != null ? "tenant#" + p.tenant().id : "operator", rate, burst);
        if (waitNs > 0) {
            long s = Math.max(1, (waitNs + 999_999_999L) / 1_000_000_000L);
            server.rateLimited.incrementAndGet();
            throw new ApiException(429, "Too Many Requests", "rate limit of " + rate + " requests/s (burst " + burst + ") exceeded for "
                    + p.key() + "; retry after " + s + " s", s);
        }
        // a body is there if it has a length or is chunked; a POST without either (curl -X POST with no -d) has none
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if ((ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PATCH) && hasBody) {
            String ct = ctx.header("Content-Type");
            if (ct == null) {
                throw new ApiException(415, "Unsupported Media Type", "a request body needs Content-Type: application/json");
            }
            checkJsonContentType(ct);
        }
        Set<String> allowed = ctx.method() != HandlerType.GET ? Set.of()
                : path.equals("/api/v1/jobs") ? LIST_PARAMS : path.equals("/api/v1/admin/jobs") ? ADMIN_LIST_PARAMS : Set.of();
        if (ctx.queryString() != null) checkQueryString(ctx.queryString());
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(q.getKey())) {
                throw ApiException.badRequest("unknown query parameter '" + clip(q.getKey()) + "' ("
                        + (allowed.isEmpty() ? "this endpoint takes none" : "known: " + new java.util.TreeSet<>(allowed)) + ")");
            }
            if (q.getValue().size() > 1) {
                throw ApiException.badRequest("query parameter '" + q.getKey() + "' is given " + q.getValue().size() + " times; give it once");
            }
            for (String v : q.getValue()) checkText(v, "query parameter '" + q.getKey() + "'");
        }
        ctx.attribute("principal", p);
    }

    /** Query parameters of the job lists. */
    static final Set<String> LIST_PARAMS = Set.of("state", "limit", "after");
    static final Set<String> ADMIN_LIST_PARAMS = Set.of("state", "limit", "after", "tenant");

    private void submit(Context ctx) {
        ControlPlane.Principal p = tenantOnly(ctx);
        int idemCount = java.util.Collections.list(ctx.req().getHeaders("Idempotency-Key")).size();
        if (idemCount > 1) throw ApiException.badRequest("the Idempotency-Key header is given " + idemCount + " times; give it once");
        String idem = ctx.header("Idempotency-Key");
        if (idem != null && (idem.isEmpty() || idem.length() > 128 || !idem.chars().allMatch(ch -> ch > 32 && ch < 127))) {
            throw ApiException.badRequest("Idempotency-Key must be 1 to 128 visible ASCII characters");
        }
        SubmitBody b = body(ctx, SubmitBody.class);
        ControlPlane.JobRequest req = validate(b);
        ControlPlane.Submitted s = cp.submit(p.tenant(), req, idem);
        ctx.header("Location", "/api/v1/jobs/" + s.job().id());
        sendJson(ctx, s.created() ? 201 : 200, s.job());
    }

    ControlPlane.JobRequest validate(SubmitBody b) {
        int gpus = (int) range(required(b.gpus(), "gpus"), 1, 10_000_000, "gpus");
        double durS = range(required(b.durationS(), "durationS"), 1, cfg.maxDurationS(), "durationS");
        String cls = b.jobClass() == null ? "training" : b.jobClass();
        if (!JOB_CLASSES.contains(cls)) throw ApiException.badRequest("class must be one of " + new java.util.TreeSet<>(JOB_CLASSES) + ", got '" + cls + "'");
        int prio = (int) range(b.priority() == null ? 0 : b.priority(), 0, 9, "priority");
        long ckBytes = range(b.checkpointBytes() == null ? 0 : b.checkpointBytes(), 0, MAX_CHECKPOINT_BYTES, "checkpointBytes");
        double ckS = range(b.checkpointIntervalS() == null ? 1800.0 : b.checkpointIntervalS(), 60, 7 * 86_400, "checkpointIntervalS");
        long in = range(b.inputBytes() == null ? 0 : b.inputBytes(), 0, MAX_DATA_BYTES, "inputBytes");
        long out = range(b.outputBytes() == null ? 0 : b.outputBytes(), 0, MAX_DATA_BYTES, "outputBytes");
        String name = b.name();
        if (name != null && name.length() > 128) throw ApiException.badRequest("field 'name' must be at most 128 characters");
        String target = b.target();
        if (target != null && target.length() > 64) throw ApiException.badRequest("target must be a pool name");
        return new ControlPlane.JobRequest(name, cls, gpus, Math.round(durS * 1000), prio, ckBytes, Math.round(ckS * 1000), in, out, target);
    }

    private void nodeState(Context ctx, boolean down) {
        String pool = pathParam(ctx, "pool");
        int node = cp.nodeIndex(pool, pathParam(ctx, "node"));
        NodeBody b = bodyText(ctx).isBlank() ? new NodeBody(null) : body(ctx, NodeBody.class);
        if (b.reason() != null && b.reason().length() > 256) throw ApiException.badRequest("reason must be at most 256 characters");
        int requeued = cp.setNodeDown(pool, node, down, b.reason());
        sendJson(ctx, 200, Map.of("pool", pool, "node", node, "down", down, "jobsRequeued", requeued));
    }

    private List<Map<String, Object>> reservations() {
        return cp.reservations().stream().map(this::reservation).toList();
    }

    private Map<String, Object> reservation(ControlPlane.Reservation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("tenant", cp.tenantName(r.tenantId()));
        m.put("pool", r.pool());
        m.put("gpus", r.gpus());
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private ControlPlane.Principal principal(Context ctx) {
        ControlPlane.Principal p = ctx.attribute("principal");
        if (p == null) throw new ApiException(401, "Unauthorized", "an API token is required");
        return p;
    }

    private ControlPlane.Principal tenantOnly(Context ctx) {
        ControlPlane.Principal p = principal(ctx);
        if (p.tenant() == null) throw new ApiException(403, "Forbidden", "this endpoint is for tenants; operators use /api/v1/admin");
        return p;
    }

    <T> T body(Context ctx, Class<T> type) {
        String text = bodyText(ctx);
        if (text.isBlank()) throw ApiException.badRequest("a JSON body is required");
        T v;
        try {
            v = json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(jsonProblem(e, text));
        }
        if (v == null) throw ApiException.badRequest("a JSON object is required");
        checkStrings(v);
        return v;
    }

    /** Every string field of a request body (a record) must be valid, printable text. */
    static void checkStrings(Object body) {
        for (java.lang.reflect.RecordComponent rc : body.getClass().getRecordComponents()) {
            if (rc.getType() != String.class) continue;
            String v;
            try {
                v = (String) rc.getAccessor().invoke(body);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            JsonProperty jp = rc.getAccessor().getAnnotation(JsonProperty.class);
            if (jp == null) {
                try {
                    jp = body.getClass().getDeclaredField(rc.getName()).getAnnotation(JsonProperty.class);
                } catch (NoSuchFieldException e) {
                    // records always have the field
                }
            }
            checkText(v, "field '" + (jp != null && !jp.value().isEmpty() ? jp.value() : rc.getName()) + "'");
        }
    }

    /**
     * Checks text from a client (body fields, path segments, query parameters) before it goes anywhere.
     *
     * @param what how the value is named in the error ("field 'name'")
     * @throws ApiException 400 naming {@code what} if {@code v} holds a C0 or C1 control character (U+0000-U+001F,
     *                      U+007F-U+009F, NUL included), a line or paragraph separator (U+2028, U+2029), an unpaired
     *                      surrogate or a noncharacter (U+FFFE, U+FFFF): none is part of a name, and PostgreSQL
     *                      cannot store NUL or a lone surrogate
     */
    static void checkText(String v, String what) {
        if (v == null) return;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            String bad = null;
            if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)) {
                bad = "a control character";
            } else if (ch == '\u2028' || ch == '\u2029') {
                bad = "a line or paragraph separator";
            } else if (Character.isHighSurrogate(ch)) {
                if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                    continue;
                }
                bad = "an unpaired surrogate";
            } else if (Character.isLowSurrogate(ch)) {
                bad = "an unpaired surrogate";
            } else if (ch == '\uFFFE' || ch == '\uFFFF') {
                bad = "a noncharacter";
            }
            if (bad != null) {
                throw ApiException.badRequest(what + " contains " + bad + String.format(Locale.ROOT, " (U+%04X)", (int) ch)
                        + " at character " + i + "; text must be printable Unicode");
            }
        }
    }

    /**
     * Checks a raw query string: every percent-escape well-formed and every name and value valid UTF-8 once decoded
     * (a decoder would otherwise turn bad bytes into replacement characters silently).
     *
     * @throws ApiException 400 naming the parameter
     */
    static void checkQueryString(String qs) {
        for (String part : qs.split("&", -1)) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String name = decodeStrict(eq < 0 ? part : part.substring(0, eq), "a query parameter name");
            if (eq >= 0) decodeStrict(part.substring(eq + 1), "query parameter '" + clip(name) + "'");
        }
    }

    private static String decodeStrict(String raw, String what) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ApiException.badRequest(what + " has a malformed percent-escape at character " + i + " (expected %XX with two hex digits)");
                }
                b.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                b.write(' ');
            } else {
                b.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest(what + " is not valid percent-encoded UTF-8");
        }
    }

    /** @return a path parameter, checked by {@link #checkText} */
    static String pathParam(Context ctx, String name) {
        String v = ctx.pathParam(name);
        checkText(v, "path segment {" + name + "}");
        return v;
    }

    /** Checks a request's Content-Type: {@code application/json}, parameters allowed, charset (if given) UTF-8. */
    static void checkJsonContentType(String ct) {
        String[] parts = ct.split(";");
        String mt = parts[0].strip();
        if (!mt.equalsIgnoreCase("application/json")) {
            throw new ApiException(415, "Unsupported Media Type", "request bodies must be application/json, not " + clip(ct));
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String cs = p.substring(eq + 1).strip().replace("\"", "");
                if (!cs.equalsIgnoreCase("utf-8")) {
                    throw new ApiException(415, "Unsupported Media Type", "JSON request bodies must be UTF-8 (RFC 8259), not charset " + clip(cs));
                }
            }
        }
    }

    private final java.util.concurrent.atomic.AtomicLong lastBadBodyWarnNs = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 60_000_000_000L);

    /**
     * @return the request body as text: read (Jetty has already buffered it, see {@link HttpHardening}) and decoded
     * as strict UTF-8, cached for the request
     * @throws ApiException 408 if it arrived too slowly or not at all, 400 if it ended before its declared length or is
     *                      not UTF-8, 413 if it is too large
     */
    String bodyText(Context ctx) {
        String cached = ctx.attribute("bodyText");
        if (cached != null) return cached;
        byte[] raw;
        try {
            raw = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            throw bodyReadFailure(ctx, e);
        }
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8");
        }
        ctx.attribute("bodyText", text);
        return text;
    }

    private ApiException bodyReadFailure(Context ctx, Exception e) {
        boolean timeout = false;
        boolean eof = false;
        boolean io = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpHardening.BodyTooLargeException) {
                return new ApiException(413, "Content Too Large", "request body larger than the limit of " + cfg.maxBodyBytes() + " bytes");
            }
            // Jetty's own minimum-rate check (HttpConfiguration) fails a read with a 408 BadMessageException
            boolean jetty408 = c instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 408;
            timeout |= c instanceof java.util.concurrent.TimeoutException || jetty408;
            eof |= c instanceof java.io.EOFException;
            io |= c instanceof IOException || c instanceof org.eclipse.jetty.http.HttpException;
        }
        if (!timeout && !eof && !io) {
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e);
        }
        long n = server.badBodies.incrementAndGet();
        long now = System.nanoTime();
        long last = lastBadBodyWarnNs.get();
        // one line, no stack trace, at most every 10 s: a flood of slow clients must not flood the log
        if (now - last >= 10_000_000_000L && lastBadBodyWarnNs.compareAndSet(last, now)) {
            LOG.warn("request body of {} {} {} ({} such requests since start; the next are not logged for 10 s): {}", ctx.method(), ctx.path(),
                    timeout ? "arrived too slowly" : eof ? "ended early" : "could not be read", n, e.toString());
        }
        if (timeout) {
            return new ApiException(408, "Request Timeout", "the request body arrived too slowly (it must arrive in full within "
                    + cfg.bodyTimeoutMs() + " ms, keep up at least " + cfg.minRequestRate() + " bytes/s and pause at most " + cfg.idleTimeoutMs() + " ms)");
        }
        long declared = ctx.req().getContentLengthLong();
        return ApiException.badRequest(eof ? "the request body ended before " + (declared >= 0 ? "its declared Content-Length of " + declared + " bytes" : "its last chunk")
                : "the request body could not be read");
    }

    /**
     * Translates a Jackson error into a sentence for the API user (never Jackson's class or config names).
     */
    static String jsonProblem(JsonProcessingException e) {
        return jsonProblem(e, null);
    }

    /** @param body the request body (to quote the offending value), or null */
    static String jsonProblem(JsonProcessingException e, String body) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
                return "the body is nested too deeply or too large (at most "
                        + com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels)";
            }
        }
        String orig = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        java.util.regex.Matcher dup = Pattern.compile("^Duplicate field '([^']*)'").matcher(orig);
        if (dup.find()) return "duplicate field '" + dup.group(1) + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
        }
        com.fasterxml.jackson.core.JsonParser parser = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser jp ? jp : null;
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
            if (m.getPath().isEmpty()) return "the body must be a JSON object";
            String field = m.getPath().get(m.getPath().size() - 1).getFieldName();
            if (field == null) return "the body must be a JSON object";
            return "field '" + field + "' must be " + expected(m.getTargetType()) + ", got " + got(m, body, parser);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.core.exc.InputCoercionException ic) {
                String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                        ? m.getPath().get(m.getPath().size() - 1).getFieldName()
                        : ic.getProcessor() != null ? ic.getProcessor().getParsingContext().getCurrentName() : null;
                String value = e instanceof JsonMappingException m ? got(m, body, parser) : got(parser);
                return "field '" + field + "' must be " + expected(ic.getTargetType()) + ", got " + value + " (out of range)";
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty() && m.getPath().get(m.getPath().size() - 1).getFieldName() != null) {
            return "field '" + m.getPath().get(m.getPath().size() - 1).getFieldName() + "' has a value that cannot be used here, got " + got(m, body, parser);
        }
        com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
        return "malformed JSON" + (loc != null && loc.getLineNr() > 0 ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "")
                + ": " + io.skygrid.common.JsonMessages.plain(orig).replaceAll(" \\(for .*$", "");
    }

    private static String expected(Class<?> t) {
        if (t == null) return "of another type";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "a whole number";
        if (t == Double.class || t == double.class || t == Float.class || t == float.class) return "a number";
        if (t == String.class) return "a string";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        return "a JSON object";
    }

    /** @return the offending value of a mapping error, read back from the body at the error's path */
    private static String got(JsonMappingException m, String body, com.fasterxml.jackson.core.JsonParser p) {
        if (body != null) {
            try {
                StringBuilder ptr = new StringBuilder();
                for (JsonMappingException.Reference r : m.getPath()) {
                    ptr.append('/').append(r.getFieldName() != null
                            ? r.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex()));
                }
                com.fasterxml.jackson.databind.JsonNode v = new ObjectMapper().readTree(body).at(ptr.toString());
                if (!v.isMissingNode()) {
                    if (v.isTextual()) {
                        String t = v.asText();
                        return "the string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
                    }
                    if (v.isObject()) return "an object";
                    if (v.isArray()) return "an array";
                    String t = v.toString();
                    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
                }
            } catch (IOException | RuntimeException x) {
                // fall back to the parser's token
            }
        }
        return got(p);
    }

    private static String got(com.fasterxml.jackson.core.JsonParser p) {
        if (p == null || p.currentToken() == null) return "another type";
        try {
            return switch (p.currentToken()) {
                case VALUE_STRING -> {
                    String t = p.getText();
                    yield "the string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    String t = p.getText();
                    yield t.length() > 40 ? t.substring(0, 40) + "..." : t;
                }
                case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> p.getText();
                case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
                case START_ARRAY, END_ARRAY -> "an array";
                default -> "another type";
            };
        } catch (IOException x) {
            return "another type";
        }
    }

    static <T> T required(T v, String field) {
        if (v == null) throw ApiException.badRequest("field '" + field + "' is required");
        return v;
    }

    static long range(long v, long min, long max, String field) {
        if (v < min || v > max) throw ApiException.badRequest("field '" + field + "' must be in [" + min + ", " + max + "], got " + v);
        return v;
    }

    static double range(double v, double min, double max, String field) {
        if (!(v >= min && v <= max)) throw ApiException.badRequest("field '" + field + "' must be in [" + min + ", " + max + "], got " + v);
        return v;
    }

    private static long id(Context ctx) {
        String s = ctx.pathParam("id");
        if (!s.matches("\\d{1,18}")) throw ApiException.notFound("no job " + s);
        return Long.parseLong(s);
    }

    private static JobState state(Context ctx) {
        String s = ctx.queryParam("state");
        if (s == null) return null;
        try {
            return JobState.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter 'state' must be one of " + java.util.Arrays.toString(JobState.values()) + ", got '" + clip(s) + "'");
        }
    }

    private static long after(Context ctx) {
        String s = ctx.queryParam("after");
        if (s == null) return 0;
        if (!s.matches("\\d{1,18}")) throw ApiException.badRequest("query parameter 'after' must be a job id (a whole number >= 0), got '" + clip(s) + "'");
        return Long.parseLong(s);
    }

    private static int limit(Context ctx) {
        String s = ctx.queryParam("limit");
        if (s == null) return 100;
        if (!s.matches("\\d{1,6}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > MAX_PAGE) {
            throw ApiException.badRequest("query parameter 'limit' must be a whole number in [1, " + MAX_PAGE + "], got '" + clip(s) + "'");
        }
        return Integer.parseInt(s);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String safe(String file) {
        if (!RESOURCE.matcher(file).matches() || file.contains("..")) throw ApiException.notFound("no such file " + file);
        return file;
    }

    void sendJson(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void resource(Context ctx, String path, String type) throws IOException {
        InputStream in = Api.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw ApiException.notFound("no such file " + ctx.path());
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        if (type == null) type = mime(path);
        ctx.contentType(type).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff").result(bytes);
    }

    static String mime(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (p.endsWith(".css")) return "text/css; charset=utf-8";
        if (p.endsWith(".html")) return "text/html; charset=utf-8";
        if (p.endsWith(".json")) return "application/json";
        if (p.endsWith(".png")) return "image/png";
        if (p.endsWith(".svg")) return "image/svg+xml";
        if (p.endsWith(".map")) return "application/json";
        return "text/plain; charset=utf-8";
    }

    private static final Map<Integer, String> TITLES = Map.ofEntries(Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    /** Writes an RFC 9457 problem document ({@code type} about:blank, so {@code title} is the status phrase). */
    void problem(Context ctx, int status, String detail, long retryAfterS) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", TITLES.getOrDefault(status, "Error"));
        m.put("status", status);
        m.put("detail", detail);
        m.put("instance", ctx.path());
        if (retryAfterS > 0) ctx.header("Retry-After", String.valueOf(retryAfterS));
        // a body refused as too large is not read: the connection cannot carry another request (RFC 9110 15.5.14)
        if (status == 413 || status == 408) ctx.header("Connection", "close");
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            ctx.status(status).result("{\"status\":" + status + "}");
        }
    }

    /**
     * @return the detail of a problem for a request Jetty refused before routing: its own cause (from Jetty's message
     * and the exceptions behind it), in words for the client
     */
    static String refusedDetail(int code, String message, Throwable cause) {
        String phrase = org.eclipse.jetty.http.HttpStatus.getMessage(code);
        String why = null;
        List<String> said = new java.util.ArrayList<>();
        said.add(message);
        for (Throwable c = cause; c != null && said.size() < 10; c = c.getCause()) said.add(c.getMessage());
        // the most specific message: the last one in the chain that is more than the status phrase
        for (String m : said) {
            if (m == null) continue;
            String t = m.replaceFirst("^\\d{3}: ", "").strip();
            if (!t.isEmpty() && !t.equalsIgnoreCase(phrase) && !t.equals("null")) why = t;
        }
        if (code != 400) return why != null ? why : phrase;
        if (why == null) return "the request was refused before routing: it is not well-formed HTTP/1.1";
        String w = why.toLowerCase(Locale.ROOT);
        String detail;
        if (w.equals("bad uri")) {
            detail = "the request target is not a valid path: a '..' segment (encoded or not) may not climb above the root";
        } else if (w.contains("illegal character in path") || w.contains("illegal path character")) {
            detail = "the path contains a character that is not allowed (a control character, an encoded NUL %00, or "
                    + "non-ASCII that is not percent-encoded)";
        } else if (w.contains("utf-8") || w.contains("utf8")) {
            detail = "the path is not valid percent-encoded UTF-8";
        } else if (w.contains("relative path")) {
            detail = "the request target must be an absolute path starting with '/'";
        } else if (w.contains("ambiguous")) {
            detail = "the path has an ambiguous segment ('..', '.', or an encoded '/', '\\' or ';')";
        } else if (w.equals("no host")) {
            detail = "the Host header is missing (HTTP/1.1 requires it)";
        } else if (w.contains("duplicate host")) {
            detail = "the Host header is given more than once";
        } else if (w.contains("hostport")) {
            detail = "the Host header is not a valid host[:port]";
        } else if (w.contains("multiple content-length")) {
            detail = "Content-Length is given more than once";
        } else if (w.contains("content-length")) {
            detail = w.contains("transfer-encoding") ? "both Transfer-Encoding and Content-Length are given (RFC 9112 section 6.3 forbids it)"
                    : "Content-Length is not a valid whole number";
        } else if (w.contains("illegal character")) {
            detail = "the request line or a header contains an illegal character (" + why + ")";
        } else {
            detail = why;
        }
        return "the request was refused before routing: " + detail;
    }

    /** Jetty's error pages (requests refused before routing) as RFC 9457 problem documents. */
    static final class ProblemErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        private final ObjectMapper json;

        ProblemErrorHandler(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void generateResponse(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, int code,
                                        String message, Throwable cause, org.eclipse.jetty.util.Callback callback) throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "about:blank");
            m.put("title", TITLES.getOrDefault(code, org.eclipse.jetty.http.HttpStatus.getMessage(code)));
            m.put("status", code);
            m.put("detail", refusedDetail(code, message, cause));
            try {
                m.put("instance", request.getHttpURI().getCanonicalPath());
            } catch (RuntimeException e) {
                // an unparseable path: no instance member
            }
            byte[] body = json.writeValueAsBytes(m);
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        }
    }
}
