package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API and durability contract, run against every database (H2 and PostgreSQL subclasses).
 * The clock is manual and the scheduler runs inline, so every assertion is deterministic.
 */
abstract class ApiContract {
    static final String OP = "sg_test-operator-token-0123456789abcdefghijklmnopq";
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;
    TestDb db;
    SimClock.Manual clock;
    SkygridServer server;
    Http http;

    abstract TestDb database(Path dir);

    static Scenario scenario() {
        try (InputStream in = ApiContract.class.getResourceAsStream("test-scenario.yaml")) {
            return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test-scenario.yaml", null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        db = database(dir);
        clock = new SimClock.Manual(0);
        server = startServer(Map.of());
    }

    SkygridServer startServer(Map<String, String> extra) throws Exception {
        SkygridServer s = SkygridServer.start(db.config(dir, OP, extra), scenario(), clock, db.schema);
        http = new Http(s.port());
        return s;
    }

    void restart() throws Exception {
        server.close();
        server = startServer(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.controlPlane().checkInvariants();
            server.close();
        }
        if (db != null) db.close();
    }

    String tenant(String name, long quota) {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"" + name + "\",\"quotaGpus\":" + quota + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String token = r.json().path("token").asText();
        assertThat(token).startsWith("sg_").hasSize(46);
        return token;
    }

    long submit(String token, int gpus, double durationS, String extra) {
        Http.Res r = http.post("/api/v1/jobs", token, "{\"gpus\":" + gpus + ",\"durationS\":" + durationS + extra + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    JsonNode job(String token, long id) {
        Http.Res r = http.get("/api/v1/jobs/" + id, token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    void advance(long ms) {
        clock.advance(ms);
        server.controlPlane().tick();
    }

    static void assertProblem(Http.Res r, int status, String detailPart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("type").asText()).isEqualTo("about:blank");
        assertThat(p.path("title").asText()).isNotEmpty();
        assertThat(p.path("detail").asText()).contains(detailPart);
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void submitPlaceRunAndComplete() {
        String a = tenant("lab-a", 1000);
        long id = submit(a, 16, 3600, ",\"name\":\"pretrain\",\"class\":\"training\",\"checkpointBytes\":1000000,\"checkpointIntervalS\":600");
        JsonNode j = job(a, id);
        assertThat(j.path("state").asText()).isEqualTo("RUNNING");
        assertThat(j.path("pool").asText()).isEqualTo("site-a");
        assertThat(j.path("nodesSpanned").asInt()).isEqualTo(2);
        advance(HOUR / 2 + 1000);
        j = job(a, id);
        assertThat(j.path("doneS").asDouble()).isEqualTo(1801.0);
        assertThat(j.path("checkpointS").asDouble()).isEqualTo(1800.0);
        advance(HOUR / 2);
        j = job(a, id);
        assertThat(j.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(j.path("endedAt").asText()).isEqualTo("2026-06-01T01:00:01Z");
        Http.Res why = http.get("/api/v1/jobs/" + id + "/why", a);
        assertThat(why.json().path("why").asText()).isEqualTo("finished: succeeded");
    }

    @Test
    void aTenantNeverSeesOrChangesAnotherTenantsJobs() {
        String a = tenant("lab-a", 1000);
        String b = tenant("lab-b", 1000);
        long ja = submit(a, 8, 7200, "");
        long jb = submit(b, 8, 7200, "");
        for (String path : List.of("/api/v1/jobs/" + ja, "/api/v1/jobs/" + ja + "/why")) {
            assertProblem(http.get(path, b), 404, "no job " + ja);
        }
        assertProblem(http.post("/api/v1/jobs/" + ja + "/cancel", b, null), 404, "no job " + ja);
        assertProblem(http.call("DELETE", "/api/v1/jobs/" + ja, b, null), 404, "no job " + ja);
        // a job id that does not exist answers exactly like another tenant's job
        assertThat(http.get("/api/v1/jobs/999999", b).json().path("detail").asText()).isEqualTo("no job 999999");
        JsonNode listB = http.get("/api/v1/jobs", b).json().path("items");
        assertThat(listB).hasSize(1);
        assertThat(listB.get(0).path("id").asLong()).isEqualTo(jb);
        assertThat(job(a, ja).path("state").asText()).isEqualTo("RUNNING");
        // tenants cannot use operator endpoints, not even to list jobs
        assertProblem(http.get("/api/v1/admin/jobs", b), 403, "operator role");
        assertProblem(http.get("/api/v1/admin/tenants", b), 403, "operator role");
        assertProblem(http.post("/api/v1/admin/tenants", b, "{\"name\":\"x\"}"), 403, "operator role");
        // the operator sees both
        assertThat(http.get("/api/v1/admin/jobs", OP).json().path("items")).hasSize(2);
        assertThat(http.get("/api/v1/admin/jobs?tenant=lab-a", OP).json().path("items")).hasSize(1);
        // a's own cancel works
        assertThat(http.post("/api/v1/jobs/" + ja + "/cancel", a, null).json().path("state").asText()).isEqualTo("CANCELLED");
        assertProblem(http.post("/api/v1/jobs/" + ja + "/cancel", a, null), 409, "already cancelled");
    }

    @Test
    void everyBadInputIsA4xxProblem() {
        String a = tenant("lab-a", 1000);
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":-4,\"durationS\":60}"), 400, "'gpus' must be in [1");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":0,\"durationS\":60}"), 400, "'gpus'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":1e15}"), 400, "'durationS' must be in");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":-1}"), 400, "'durationS'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"colour\":\"red\"}"), 400, "unknown field 'colour'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":\"8\",\"durationS\":60}"), 400, "'gpus'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8.5,\"durationS\":60}"), 400, "'gpus'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"durationS\":60}"), 400, "'gpus' is required");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"class\":\"mining\"}"), 400, "class must be one of");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"priority\":99}"), 400, "'priority'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"checkpointBytes\":-1}"), 400, "'checkpointBytes'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,"), 400, "malformed JSON");
        assertProblem(http.post("/api/v1/jobs", a, "[1,2]"), 400, "");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60} {}"), 400, "");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":4096,\"durationS\":60}"), 422, "largest gang the fleet can run is 64");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"target\":\"mars\"}"), 422, "not a pool");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"target\":\"shell\",\"gpus2\":1}"), 400, "unknown field");
        String big = "{\"gpus\":8,\"durationS\":60,\"name\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(http.post("/api/v1/jobs", a, big), 413, "larger than");
        assertProblem(http.call("POST", "/api/v1/jobs", a, "gpus=8", "Content-Type", "application/x-www-form-urlencoded"), 415, "application/json");
        assertProblem(http.post("/api/v1/jobs", null, "{\"gpus\":8,\"durationS\":60}"), 401, "API token is required");
        assertProblem(http.post("/api/v1/jobs", "sg_forged", "{\"gpus\":8,\"durationS\":60}"), 401, "not valid");
        assertProblem(http.get("/api/v1/jobs?limit=100000", a), 400, "limit");
        assertProblem(http.get("/api/v1/jobs?state=sleeping", a), 400, "'state' must be one of");
        assertProblem(http.get("/api/v1/jobs/abc", a), 404, "no job abc");
        assertProblem(http.get("/api/v1/nothing-here", a), 404, "");
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":\"bad name!\"}"), 400, "name must match");
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":\"lab-a\"}"), 409, "exists");
        assertProblem(http.post("/api/v1/jobs", OP, "{\"gpus\":8,\"durationS\":60}"), 403, "for tenants");
        // nothing above created a job
        assertThat(http.get("/api/v1/admin/jobs", OP).json().path("items")).isEmpty();
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIs422() {
        String a = tenant("lab-a", 1000);
        Http.Res first = http.call("POST", "/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60}", "Content-Type", "application/json", "Idempotency-Key", "k-9");
        assertThat(first.status()).isEqualTo(201);
        // the same request written differently is the same request
        Http.Res same = http.call("POST", "/api/v1/jobs", a, "{\"durationS\":60.0, \"gpus\":8, \"priority\":0}", "Content-Type", "application/json", "Idempotency-Key", "k-9");
        assertThat(same.status()).isEqualTo(200);
        Http.Res other = http.call("POST", "/api/v1/jobs", a, "{\"gpus\":16,\"durationS\":60}", "Content-Type", "application/json", "Idempotency-Key", "k-9");
        assertProblem(other, 422, "Idempotency-Key 'k-9' was used for job " + first.json().path("id").asLong() + " with a different request");
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).hasSize(1);
    }

    @Test
    void jsonErrorsAreSentencesWithoutJacksonInternals() {
        String a = tenant("lab-a", 1000);
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"gpus\":16,\"durationS\":60}"), 400, "duplicate field 'gpus'");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8.5,\"durationS\":60}"), 400, "field 'gpus' must be a whole number, got 8.5");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":\"8\",\"durationS\":60}"), 400, "field 'gpus' must be a whole number, got the string \"8\"");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":\"1h\"}"), 400, "field 'durationS' must be a number, got the string \"1h\"");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60,\"name\":7}"), 400, "field 'name' must be a string, got 7");
        assertProblem(http.post("/api/v1/jobs", a, "[{\"gpus\":8,\"durationS\":60}]"), 400, "the body must be a JSON object");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":99999999999,\"durationS\":60}"), 400, "field 'gpus' must be a whole number, got 99999999999 (out of range)");
        String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        assertProblem(http.post("/api/v1/jobs", a, deep), 400, "the body is nested too deeply");
        String deepArray = "[".repeat(2000) + "]".repeat(2000);
        assertProblem(http.post("/api/v1/jobs", a, deepArray), 400, "the body must be a JSON object");
        for (String body : List.of("{\"gpus\":8.5,\"durationS\":60}", "[1]", deep, "{\"gpus\":8,\"gpus\":8}")) {
            String detail = http.post("/api/v1/jobs", a, body).json().path("detail").asText();
            assertThat(detail).doesNotContain("Jackson", "Coercion", "io.skygrid", "Cannot deserialize", "StreamReadConstraints", "java.");
        }
    }

    @Test
    void unknownQueryParametersAndBadValuesAre400WithTheValue() {
        String a = tenant("lab-a", 1000);
        assertProblem(http.get("/api/v1/jobs?offset=-5", a), 400, "unknown query parameter 'offset' (known: [after, limit, state])");
        assertProblem(http.get("/api/v1/jobs?cursor=garbage", a), 400, "unknown query parameter 'cursor'");
        assertProblem(http.get("/api/v1/admin/tenants?limit=-3", OP), 400, "unknown query parameter 'limit' (this endpoint takes none)");
        for (String v : List.of("0", "-1", "abc", "501")) {
            assertProblem(http.get("/api/v1/jobs?limit=" + v, a), 400, "query parameter 'limit' must be a whole number in [1, 500], got '" + v + "'");
        }
        assertProblem(http.get("/api/v1/jobs?after=x1", a), 400, "query parameter 'after' must be a job id (a whole number >= 0), got 'x1'");
        assertThat(http.get("/api/v1/admin/jobs?tenant=lab-a&limit=5", OP).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/jobs?state=queued&limit=5&after=0", a).status()).isEqualTo(200);
    }

    @Test
    void pathTraversalGetsAProblemDocument() throws Exception {
        for (String path : List.of("/dashboard/../../etc/passwd", "/dashboard/%2e%2e/%2e%2e/etc/passwd", "/swagger/ui/..%2f..%2f..%2fetc%2fpasswd")) {
            // a raw socket: Java's HTTP client would normalise the path
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.port())) {
                sock.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String resp = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(resp).as(path).matches("(?s)HTTP/1.1 (400|404) .*");
                assertThat(resp.toLowerCase(java.util.Locale.ROOT)).as(path).contains("content-type: application/problem+json");
                String body = resp.substring(resp.indexOf("\r\n\r\n") + 4);
                JsonNode p = Http.JSON.readTree(body);
                assertThat(p.path("status").asInt()).isIn(400, 404);
                if (p.path("status").asInt() == 400) assertThat(p.path("detail").asText()).contains("refused before routing");
                assertThat(body).doesNotContain("<html", "passwd:");
            }
        }
    }

    /** Sends a raw request (Java's HTTP client would fix it) and returns the problem document of the answer. */
    JsonNode rawProblem(String request, int status) throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.port())) {
            sock.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String resp = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(resp).as(request).startsWith("HTTP/1.1 " + status + " ");
            assertThat(resp.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            return Http.JSON.readTree(resp.substring(resp.indexOf("\r\n\r\n") + 4));
        }
    }

    @Test
    void eachRequestRefusedBeforeRoutingNamesItsOwnCause() throws Exception {
        String dotdot = rawProblem("GET /dashboard/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400).path("detail").asText();
        assertThat(dotdot).contains("'..' segment");
        Map<String, String> causes = Map.of(
                "GET /api/v1/jobs%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "an encoded NUL %00",
                "GET /api/v1/jobs HTTP/1.1\r\nConnection: close\r\n\r\n", "the Host header is missing",
                "GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n", "the Host header is given more than once",
                "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}",
                "Content-Length is given more than once",
                "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n", "Content-Length is not a valid whole number",
                "GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n", "contains an illegal character",
                "GET /api/v1/admin/tenants/%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "not valid percent-encoded UTF-8");
        for (Map.Entry<String, String> c : causes.entrySet()) {
            String detail = rawProblem(c.getKey(), 400).path("detail").asText();
            assertThat(detail).as(c.getKey()).contains(c.getValue()).doesNotContain("'..'");
        }
    }

    @Test
    void methodOverrideHeadersAreIgnored() {
        String a = tenant("lab-a", 1000);
        long id = submit(a, 8, 3600, "");
        for (String h : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            Http.Res r = http.call("GET", "/api/v1/jobs/" + id, a, null, h, "DELETE");
            assertThat(r.status()).as(h).isEqualTo(200);
            assertThat(r.json().path("state").asText()).as(h).isEqualTo("RUNNING");
        }
        assertThat(job(a, id).path("state").asText()).isEqualTo("RUNNING");
        assertThat(http.call("POST", "/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60}", "Content-Type", "application/json",
                "X-HTTP-Method-Override", "GET").status()).isEqualTo(201);
    }

    @Test
    void jsonTypesAreStrictForEveryField() {
        String a = tenant("lab-a", 1000);
        String job = "{\"gpus\":8,\"durationS\":60,";
        assertProblem(http.post("/api/v1/jobs", a, job + "\"name\":true}"), 400, "field 'name' must be a string, got true");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"class\":false}"), 400, "field 'class' must be a string");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"target\":1}"), 400, "field 'target' must be a string");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"name\":[\"x\"]}"), 400, "field 'name' must be a string");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"name\":{\"x\":1}}"), 400, "field 'name' must be a string");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":true,\"durationS\":60}"), 400, "field 'gpus' must be a whole number");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":\"\",\"durationS\":60}"), 400, "field 'gpus' must be a whole number");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":false}"), 400, "field 'durationS' must be a number");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"checkpointBytes\":\"\"}"), 400, "field 'checkpointBytes'");
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":true}"), 400, "field 'name' must be a string");
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":\"x\",\"weight\":\"\"}"), 400, "field 'weight' must be a number");
        assertProblem(http.post("/api/v1/admin/tenants/lab-a/tokens", OP, "{\"revokeOthers\":1}"), 400, "field 'revokeOthers' must be true or false");
        assertProblem(http.post("/api/v1/admin/tenants/lab-a/tokens", OP, "{\"revokeOthers\":\"true\"}"), 400, "field 'revokeOthers' must be true or false");
        assertProblem(http.post("/api/v1/admin/pools/site-a/nodes/0/down", OP, "{\"reason\":5}"), 400, "field 'reason' must be a string");
        assertProblem(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":7,\"pool\":\"site-a\",\"gpus\":8}"), 400, "field 'tenant' must be a string");
        assertThat(http.get("/api/v1/admin/jobs", OP).json().path("items")).isEmpty();
        assertThat(http.get("/api/v1/admin/tenants", OP).json().path("items")).hasSize(1);
        assertThat(http.get("/api/v1/admin/fleet", OP).json().path("pools").get(0).path("nodesDown").asInt()).isZero();
    }

    @Test
    void controlCharactersSeparatorsAndLoneSurrogatesAre400NamingTheFieldBeforeTheDatabase() throws Exception {
        String a = tenant("lab-a", 1000);
        String job = "{\"gpus\":8,\"durationS\":60,";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("a\\u0000b", "U+0000");
        bad.put("bell\\u0007", "U+0007");
        bad.put("next\\u0085line", "U+0085");
        bad.put("csi\\u009b", "U+009B");
        bad.put("del\\u007f", "U+007F");
        bad.put("line\\u2028sep", "U+2028");
        bad.put("para\\u2029sep", "U+2029");
        bad.put("lone\\ud800", "an unpaired surrogate (U+D800)");
        bad.put("\\udc00low", "an unpaired surrogate (U+DC00)");
        bad.put("non\\uffff", "U+FFFF");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertProblem(http.post("/api/v1/jobs", a, job + "\"name\":\"" + e.getKey() + "\"}"), 400, "field 'name' contains");
            assertProblem(http.post("/api/v1/jobs", a, job + "\"name\":\"" + e.getKey() + "\"}"), 400, e.getValue());
        }
        assertProblem(http.post("/api/v1/jobs", a, job + "\"class\":\"training\\u0000\"}"), 400, "field 'class' contains a control character (U+0000)");
        assertProblem(http.post("/api/v1/jobs", a, job + "\"target\":\"site-a\\u0000\"}"), 400, "field 'target' contains");
        // the review's 503 on PostgreSQL: a NUL in a node-down reason
        assertProblem(http.post("/api/v1/admin/pools/site-a/nodes/0/down", OP, "{\"reason\":\"fan\\u0000\"}"), 400,
                "field 'reason' contains a control character (U+0000)");
        assertProblem(http.post("/api/v1/admin/pools/site-a/nodes/0/down", OP, "{\"reason\":\"psu\\ud83d\"}"), 400, "field 'reason' contains an unpaired surrogate");
        assertProblem(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-a\\u0000\",\"pool\":\"site-a\",\"gpus\":8}"), 400, "field 'tenant' contains");
        assertProblem(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-a\",\"pool\":\"site\\u2028\",\"gpus\":8}"), 400, "field 'pool' contains");
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":\"x\\ud800\"}"), 400, "field 'name' contains an unpaired surrogate");
        assertProblem(http.get("/api/v1/admin/jobs?tenant=lab-a%00", OP), 400, "query parameter 'tenant' contains a control character (U+0000)");
        assertProblem(http.get("/api/v1/admin/jobs?tenant=%ED%A0%80", OP), 400, "query parameter 'tenant' is not valid percent-encoded UTF-8");
        assertProblem(http.get("/api/v1/admin/jobs?tenant=%C0%AF", OP), 400, "query parameter 'tenant' is not valid percent-encoded UTF-8");
        assertThat(rawProblem("GET /api/v1/admin/jobs?tenant=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + OP + "\r\nConnection: close\r\n\r\n", 400)
                .path("detail").asText()).isEqualTo("query parameter 'tenant' has a malformed percent-escape at character 0 (expected %XX with two hex digits)");
        assertProblem(http.get("/api/v1/jobs?state=queued%E2%80%A8", a), 400, "query parameter 'state' contains a line or paragraph separator");
        assertProblem(http.get("/api/v1/admin/tenants/lab-a%C2%85", OP), 400, "path segment {name} contains a control character (U+0085)");
        // nothing reached the database
        assertThat(http.get("/api/v1/admin/jobs", OP).json().path("items")).isEmpty();
        assertThat(http.get("/api/v1/admin/reservations", OP).json().path("items")).isEmpty();
        assertThat(http.get("/api/v1/admin/fleet", OP).json().path("pools").get(0).path("nodesDown").asInt()).isZero();
        // printable text beyond ASCII, a surrogate pair included, is kept exactly
        long id = submit(a, 8, 60, ",\"name\":\"n\u00e9v-\\ud83d\\ude80 \u6f22\u5b57\"");
        assertThat(job(a, id).path("name").asText()).isEqualTo("n\u00e9v-\ud83d\ude80 \u6f22\u5b57");
    }

    @Test
    void malformedJsonIsExplainedWithoutJacksonNames() {
        String a = tenant("lab-a", 1000);
        for (String body : List.of("{\"gpus\":NaN,\"durationS\":60}", "{\"gpus\":8,\"durationS\":60 /* c */}", "{\"gpus\":8,")) {
            Http.Res r = http.post("/api/v1/jobs", a, body);
            assertProblem(r, 400, "malformed JSON");
            assertThat(r.body()).as(body).doesNotContain("Feature").doesNotContain("`").doesNotContain("Jackson");
        }
    }

    @Test
    void aPostWithoutABodyNeedsNoContentType() throws Exception {
        tenant("lab-a", 1000);
        // what `curl -X POST URL -H "Authorization: ..."` sends: no body, no Content-Length, no Content-Type
        int port = Integer.parseInt(http.base.substring(http.base.lastIndexOf(':') + 1));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /api/v1/admin/tenants/lab-a/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + OP
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 201").contains("\"token\":\"sg_");
        }
    }

    @Test
    void onlyApplicationJsonIsJsonAndOneIdempotencyKey() {
        String a = tenant("lab-a", 1000);
        String body = "{\"gpus\":8,\"durationS\":60}";
        for (String ct : List.of("application/jsonx", "application/json-patch+json", "text/json", "application/x-json", "application/json; charset=latin1",
                "application/json;charset=utf-16")) {
            assertProblem(http.call("POST", "/api/v1/jobs", a, body, "Content-Type", ct), 415, "");
        }
        for (String ct : List.of("application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"")) {
            assertThat(http.call("POST", "/api/v1/jobs", a, body, "Content-Type", ct).status()).as(ct).isEqualTo(201);
        }
        assertProblem(http.call("POST", "/api/v1/jobs", a, body, "Idempotency-Key", "k-0"), 415, "a request body needs Content-Type: application/json");
        assertProblem(http.call("POST", "/api/v1/jobs", a, body, "Content-Type", "application/json", "Idempotency-Key", "k-1", "Idempotency-Key", "k-2"),
                400, "the Idempotency-Key header is given 2 times");
        assertProblem(http.call("POST", "/api/v1/jobs", a, body, "Content-Type", "application/json", "Idempotency-Key", "k-1", "Idempotency-Key", "k-1"),
                400, "the Idempotency-Key header is given 2 times");
        assertProblem(http.get("/api/v1/jobs?limit=5&limit=6", a), 400, "query parameter 'limit' is given 2 times");
        assertThat(http.get("/api/v1/jobs", a).json().path("items")).hasSize(4);
    }

    @Test
    void aTenantNamedOperatorHasItsOwnRateLimitBucket() {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"operator\",\"quotaGpus\":64,\"ratePerS\":0.01,\"burst\":2}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String t = r.json().path("token").asText();
        for (int i = 0; i < 2; i++) assertThat(http.get("/api/v1/jobs", t).status()).isEqualTo(200);
        assertProblem(http.get("/api/v1/jobs", t), 429, "rate limit");
        for (int i = 0; i < 5; i++) assertThat(http.get("/api/v1/admin/tenants", OP).status()).isEqualTo(200);
        // the operator's (fast) refill does not top up the tenant's bucket: one token per 100 s
        assertProblem(http.get("/api/v1/jobs", t), 429, "rate limit");
        for (int i = 0; i < 5; i++) assertThat(http.get("/api/v1/admin/tenants", OP).status()).isEqualTo(200);
    }

    @Test
    void aTenantsQueuedJobsAreCappedWith429() throws Exception {
        server.close();
        server = startServer(Map.of("max.queued.per.tenant", "2"));
        String a = tenant("lab-a", 1000);
        String b = tenant("lab-b", 1000);
        long running = submit(a, 64, 3600, ",\"target\":\"site-a\"");
        long q1 = submit(a, 64, 3600, ",\"target\":\"site-a\"");
        Http.Res q2 = http.call("POST", "/api/v1/jobs", a, "{\"gpus\":64,\"durationS\":3600,\"target\":\"site-a\"}", "Content-Type", "application/json",
                "Idempotency-Key", "q2");
        assertThat(q2.status()).isEqualTo(201);
        assertThat(job(a, running).path("state").asText()).isEqualTo("RUNNING");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60}"), 429,
                "tenant lab-a already has 2 queued jobs, the most allowed (setting max.queued.per.tenant = 2)");
        // a repeat of an accepted submission is still answered, and other tenants are not affected
        assertThat(http.call("POST", "/api/v1/jobs", a, "{\"gpus\":64,\"durationS\":3600,\"target\":\"site-a\"}", "Content-Type", "application/json",
                "Idempotency-Key", "q2").status()).isEqualTo(200);
        submit(b, 64, 3600, ",\"target\":\"site-a\"");
        assertThat(http.get("/api/v1/usage", a).json().path("queuedJobs").asInt()).isEqualTo(2);
        // a cancelled queued job makes room again
        assertThat(http.post("/api/v1/jobs/" + q1 + "/cancel", a, null).status()).isEqualTo(200);
        submit(a, 64, 60, ",\"target\":\"site-a\"");
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":8,\"durationS\":60}"), 429, "already has 2 queued jobs");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"slow\",\"quotaGpus\":64,\"ratePerS\":0.5,\"burst\":3}");
        String t = r.json().path("token").asText();
        for (int i = 0; i < 3; i++) assertThat(http.get("/api/v1/jobs", t).status()).isEqualTo(200);
        Http.Res limited = http.get("/api/v1/jobs", t);
        assertProblem(limited, 429, "rate limit");
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 3L));
        // another tenant is not affected
        String other = tenant("fast", 64);
        assertThat(http.get("/api/v1/jobs", other).status()).isEqualTo(200);
    }

    @Test
    void paginationWalksEveryJobOnce() {
        String a = tenant("lab-a", 1_000_000);
        Set<Long> submitted = new HashSet<>();
        for (int i = 0; i < 23; i++) submitted.add(submit(a, 8, 36_000, ""));
        Set<Long> seen = new HashSet<>();
        String path = "/api/v1/jobs?limit=5";
        int pages = 0;
        while (path != null) {
            JsonNode page = http.get(path, a).json();
            for (JsonNode j : page.path("items")) assertThat(seen.add(j.path("id").asLong())).isTrue();
            pages++;
            path = page.path("nextAfter").isNull() || page.path("nextAfter").isMissingNode() ? null
                    : "/api/v1/jobs?limit=5&after=" + page.path("nextAfter").asLong();
        }
        assertThat(seen).isEqualTo(submitted);
        assertThat(pages).isEqualTo(5);
        // 8 of them fill the site (64 GPUs), 6 the shell (6 satellites x 4 GPUs = 3 gangs of 8? no: 8 > 4 per satellite)
        JsonNode queued = http.get("/api/v1/jobs?state=QUEUED&limit=500", a).json().path("items");
        JsonNode running = http.get("/api/v1/jobs?state=RUNNING&limit=500", a).json().path("items");
        assertThat(queued.size() + running.size()).isEqualTo(23);
        assertThat(running.size()).isEqualTo(8 + 3);
    }

    @Test
    void idempotencyKeyMakesRetriesSafe() {
        String a = tenant("lab-a", 1000);
        String body = "{\"gpus\":8,\"durationS\":60}";
        Http.Res first = http.call("POST", "/api/v1/jobs", a, body, "Content-Type", "application/json", "Idempotency-Key", "k-1");
        Http.Res again = http.call("POST", "/api/v1/jobs", a, body, "Content-Type", "application/json", "Idempotency-Key", "k-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
        // the same key from another tenant is another job
        String b = tenant("lab-b", 1000);
        Http.Res other = http.call("POST", "/api/v1/jobs", b, body, "Content-Type", "application/json", "Idempotency-Key", "k-1");
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().path("id").asLong()).isNotEqualTo(first.json().path("id").asLong());
    }

    @Test
    void quotaHoldsJobsBackAndWhySaysSo() {
        String a = tenant("lab-a", 8);
        long j1 = submit(a, 8, 3600, "");
        long j2 = submit(a, 8, 3600, "");
        assertThat(job(a, j1).path("state").asText()).isEqualTo("RUNNING");
        JsonNode why = http.get("/api/v1/jobs/" + j2 + "/why", a).json();
        assertThat(why.path("state").asText()).isEqualTo("QUEUED");
        assertThat(why.path("why").asText()).isEqualTo("tenant quota: the tenant holds 8 of its 8 GPUs and this job needs 8 more");
        assertThat(http.get("/api/v1/usage", a).json().path("heldGpus").asLong()).isEqualTo(8);
        assertProblem(http.post("/api/v1/jobs", a, "{\"gpus\":16,\"durationS\":60}"), 422, "quota is 8");
        // the operator raises the quota: the job starts
        assertThat(http.call("PATCH", "/api/v1/admin/tenants/lab-a", OP, "{\"quotaGpus\":16}").status()).isEqualTo(200);
        assertThat(job(a, j2).path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void reservationsLendIdleGpusAndEasyBackfillExplainsWaiting() {
        String a = tenant("lab-a", 1000);
        String b = tenant("lab-b", 1000);
        Http.Res res = http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-a\",\"pool\":\"site-a\",\"gpus\":48}");
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        // as core's Quota: reserved GPUs are lent while idle (the server does not preempt, so the owner waits)
        long jb = submit(b, 32, 3600, ",\"target\":\"site-a\"");
        assertThat(job(b, jb).path("state").asText()).isEqualTo("RUNNING");
        long ja = submit(a, 48, 3600, ",\"target\":\"site-a\"");
        assertThat(http.get("/api/v1/jobs/" + ja + "/why", a).json().path("why").asText())
                .isEqualTo("no capacity: needs a gang of 48 GPUs; 32 GPUs are free on powered, in-service nodes of site-a");
        // EASY: ja holds a reservation for when jb ends (t = 1 h, then 64 free, 16 to spare)
        long jb2 = submit(b, 32, 7200, ",\"target\":\"site-a\"");
        assertThat(http.get("/api/v1/jobs/" + jb2 + "/why", b).json().path("why").asText())
                .isEqualTo("behind the reservation: it would fit now, but would delay job " + ja
                        + ", first in the queue order, which holds an EASY-backfill reservation to start by 2026-06-01T01:00:00Z");
        long jb3 = submit(b, 16, 1800, ",\"target\":\"site-a\"");
        assertThat(job(b, jb3).path("state").asText()).as("ends before the reservation: backfilled").isEqualTo("RUNNING");
        advance(HOUR);
        assertThat(job(a, ja).path("state").asText()).isEqualTo("RUNNING");
        assertThat(job(b, jb2).path("state").asText()).isEqualTo("QUEUED");
        assertThat(http.get("/api/v1/admin/tenants/lab-a", OP).json().path("reservedGpus").asLong()).isEqualTo(48);
        long id = res.json().path("id").asLong();
        assertThat(http.call("DELETE", "/api/v1/admin/reservations/" + id, OP, null).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/admin/reservations", OP).json().path("items")).isEmpty();
        assertProblem(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-a\",\"pool\":\"site-a\",\"gpus\":65}"), 422, "can run 64 GPUs");
    }

    @Test
    void reservationsStayWithinTheTenantsQuota() {
        tenant("zero", 0);
        assertProblem(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"zero\",\"pool\":\"site-a\",\"gpus\":8}"), 422,
                "tenant zero's quota is 0 GPUs at once and 0 are reserved for it already, so 8 more cannot be reserved");
        tenant("small", 16);
        assertThat(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"small\",\"pool\":\"site-a\",\"gpus\":16}").status()).isEqualTo(201);
        assertProblem(http.call("PATCH", "/api/v1/admin/tenants/small", OP, "{\"quotaGpus\":8}"), 422, "its quota cannot be below that");
        assertThat(http.get("/api/v1/admin/reservations", OP).json().path("items")).hasSize(1);
        // a borrowing limit: jobs larger than reservation + limit can never run
        assertThat(http.call("PATCH", "/api/v1/admin/tenants/small", OP, "{\"borrowLimitGpus\":8,\"quotaGpus\":64}").status()).isEqualTo(200);
        String small = http.post("/api/v1/admin/tenants/small/tokens", OP, "{}").json().path("token").asText();
        assertProblem(http.post("/api/v1/jobs", small, "{\"gpus\":32,\"durationS\":60}"), 422,
                "may hold at most 16 reserved GPUs in one pool plus 8 borrowed");
        assertThat(http.get("/api/v1/admin/tenants/small", OP).json().path("borrowLimitGpus").asLong()).isEqualTo(8);
    }

    @Test
    void tenantNamesAreUniqueRegardlessOfCase() {
        tenant("lab-a", 8);
        assertProblem(http.post("/api/v1/admin/tenants", OP, "{\"name\":\"LAB-A\"}"), 409,
                "tenant 'lab-a' exists (tenant names are unique regardless of case)");
        assertThat(http.get("/api/v1/admin/tenants/LAB-A", OP).json().path("name").asText()).isEqualTo("lab-a");
        assertThat(http.get("/api/v1/admin/tenants", OP).json().path("items")).hasSize(1);
    }

    @Test
    void nodeDownSendsItsJobsBackToResumeFromTheirCheckpoint() {
        String a = tenant("lab-a", 1000);
        long id = submit(a, 8, 4 * 3600, ",\"checkpointIntervalS\":1800,\"target\":\"site-a\"");
        advance(HOUR);
        JsonNode j = job(a, id);
        assertThat(j.path("checkpointS").asDouble()).isEqualTo(3600.0);
        int node = server.controlPlane().list(new ControlPlane.Principal("operator", null), null, null, 0, 10).items().get(0).nodesSpanned();
        assertThat(node).isEqualTo(1);
        advance(HOUR / 4);
        Http.Res down = http.post("/api/v1/admin/pools/site-a/nodes/0/down", OP, "{\"reason\":\"NVLink fault\"}");
        assertThat(down.status()).as(down.toString()).isEqualTo(200);
        assertThat(down.json().path("jobsRequeued").asInt()).isEqualTo(1);
        j = job(a, id);
        assertThat(j.path("restarts").asInt()).isEqualTo(1);
        assertThat(j.path("state").asText()).isEqualTo("RUNNING"); // placed again at once on another node
        assertThat(j.path("doneS").asDouble()).isEqualTo(3600.0); // the quarter hour after the checkpoint is lost
        assertThat(j.path("reason").asText()).contains("node 0 of site-a was taken out of service (NVLink fault)");
        JsonNode fleet = http.get("/api/v1/admin/fleet", OP).json().path("pools").get(0);
        assertThat(fleet.path("nodesDown").asInt()).isEqualTo(1);
        assertThat(http.post("/api/v1/admin/pools/site-a/nodes/0/up", OP, null).status()).isEqualTo(200);
        // the documented form node-<index> works as well as the bare index
        Http.Res named = http.post("/api/v1/admin/pools/site-a/nodes/node-1/down", OP, null);
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        assertThat(named.json().path("node").asInt()).isEqualTo(1);
        assertThat(http.post("/api/v1/admin/pools/site-a/nodes/node-1/up", OP, null).status()).isEqualTo(200);
        assertProblem(http.post("/api/v1/admin/pools/site-a/nodes/99/down", OP, null), 404, "nodes 0..7");
        // satellites by name: an orbital job on it goes back to the queue
        long orbital = submit(a, 4, 3600, ",\"target\":\"shell\"");
        assertThat(job(a, orbital).path("pool").asText()).isEqualTo("shell");
        Http.Res sat = http.post("/api/v1/admin/pools/shell/nodes/shell-p00-s00/down", OP, null);
        assertThat(sat.json().path("node").asInt()).isEqualTo(0);
        assertThat(sat.json().path("jobsRequeued").asInt()).isEqualTo(1);
        assertThat(job(a, orbital).path("restarts").asInt()).isEqualTo(1);
        assertProblem(http.post("/api/v1/admin/pools/shell/nodes/no-such-sat/down", OP, null), 404, "has no node 'no-such-sat'");
        assertProblem(http.post("/api/v1/admin/pools/nowhere/nodes/0/down", OP, null), 404, "no pool");
    }

    @Test
    void everythingSurvivesARestartAndRunningJobsResumeFromCheckpoints() throws Exception {
        String a = tenant("lab-a", 1000);
        long running = submit(a, 8, 3 * 3600, ",\"checkpointIntervalS\":1800,\"target\":\"site-a\",\"name\":\"resume-me\"");
        List<Long> more = new ArrayList<>();
        for (int i = 0; i < 8; i++) more.add(submit(a, 8, 3600, ",\"target\":\"site-a\""));
        long cancelled = more.remove(more.size() - 1);
        http.post("/api/v1/jobs/" + cancelled + "/cancel", a, null);
        assertThat(http.post("/api/v1/admin/pools/site-a/nodes/7/down", OP, null).status()).isEqualTo(200);
        advance(HOUR + 10 * 60_000);
        JsonNode before = job(a, running);
        assertThat(before.path("checkpointS").asDouble()).isEqualTo(3600.0);
        assertThat(before.path("doneS").asDouble()).isEqualTo(4200.0);
        server.controlPlane().checkInvariants();

        restart();

        JsonNode after = job(a, running);
        assertThat(after.path("name").asText()).isEqualTo("resume-me");
        assertThat(after.path("restarts").asInt()).isEqualTo(1);
        assertThat(after.path("state").asText()).isEqualTo("RUNNING");
        assertThat(after.path("doneS").asDouble()).isEqualTo(3600.0);
        assertThat(after.path("reason").asText()).contains("resumed after a server restart from its checkpoint at 1.00 h");
        assertThat(job(a, cancelled).path("state").asText()).isEqualTo("CANCELLED");
        for (long id : more) assertThat(job(a, id).path("state").asText()).isIn("RUNNING", "QUEUED", "SUCCEEDED");
        assertThat(http.get("/api/v1/admin/fleet", OP).json().path("pools").get(0).path("nodesDown").asInt()).isEqualTo(1);
        // the tenant's token still works and its quota is kept
        assertThat(http.get("/api/v1/usage", a).json().path("quotaGpus").asLong()).isEqualTo(1000);
        // the job finishes its remaining two hours of compute
        advance(2 * HOUR);
        assertThat(job(a, running).path("state").asText()).isEqualTo("SUCCEEDED");
        // the database holds what the API says
        try (Connection c = server.controlPlane().store().dataSource().getConnection();
             PreparedStatement p = c.prepareStatement("SELECT state, restarts FROM jobs WHERE id = ?")) {
            p.setLong(1, running);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aRestartOnAnotherFleetFailsJobsThatCanNeverRunAndSaysWhy() throws Exception {
        String a = tenant("lab-a", 1000);
        long toShell = submit(a, 4, 3600, ",\"target\":\"shell\"");
        long big = submit(a, 64, 3600, "");
        long small = submit(a, 8, 3600, "");
        server.close();
        Scenario groundOnly = ScenarioLoader.parse("""
                name: ground-only
                epoch: 2026-06-01T00:00:00Z
                horizon: 1d
                seed: 7
                ground:
                  - {name: site-a, location: {lat: 35.06, lon: -90.03}, accelerator: H100-SXM, gpus: 32, gpusPerNode: 8,
                     powerCapW: 1e6, pue: 1.2, electricityUsdPerKWh: 0.06}
                groundStations: {builtIn: true}
                workload:
                  generator: {offeredLoad: 1.0, tenants: [a]}
                """, "ground-only.yaml", null);
        // a data folder belongs to one fleet: carrying it over is asked for, and stranded jobs are failed only on request
        server = null;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SkygridServer.start(db.config(dir, OP, Map.of()), groundOnly, clock, db.schema))
                .isInstanceOf(ScenarioBinding.MismatchException.class).hasMessageContaining("--migrate-scenario");
        server = SkygridServer.start(db.config(dir, OP, Map.of()), groundOnly, clock, db.schema, ScenarioBinding.Mode.MIGRATE_FAIL_STRANDED);
        http = new Http(server.port());
        JsonNode shell = job(a, toShell);
        assertThat(shell.path("state").asText()).isEqualTo("FAILED");
        assertThat(shell.path("reason").asText()).isEqualTo("failed when the data folder moved from scenario server-test to ground-only: "
                + "target pool shell is not in scenario ground-only (pools: site-a)");
        assertThat(job(a, big).path("state").asText()).isEqualTo("FAILED");
        assertThat(job(a, big).path("reason").asText()).contains("can run 64 GPUs");
        assertThat(job(a, small).path("state").asText()).isEqualTo("RUNNING");
        assertThat(job(a, small).path("restarts").asInt()).isEqualTo(1);
    }

    @Test
    void opsEndpointsAndOpenApi() {
        assertThat(http.get("/health", null).json().path("status").asText()).isEqualTo("UP");
        assertThat(http.get("/ready", null).json().path("status").asText()).isEqualTo("READY");
        String a = tenant("lab-a", 1000);
        submit(a, 8, 60, "");
        Http.Res m = http.get("/metrics", null);
        assertThat(m.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(m.body()).contains("skygrid_jobs{state=\"running\"} 1", "skygrid_placements_total 1",
                "skygrid_pool_gpus{pool=\"site-a\",kind=\"ground\",count=\"allocated\"} 8", "skygrid_submit_seconds_count 1");
        JsonNode api = http.get("/openapi.json", null).json();
        assertThat(api.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(api.path("paths").has("/api/v1/jobs")).isTrue();
        // every documented operation is routed (an unrouted one would answer 404 "Endpoint ... not found" or 405)
        api.path("paths").fields().forEachRemaining(e -> e.getValue().fieldNames().forEachRemaining(method -> {
            String path = e.getKey().replace("{id}", "1").replace("{name}", "lab-a").replace("{pool}", "site-a").replace("{node}", "0");
            Http.Res res = http.call(method.toUpperCase(java.util.Locale.ROOT), path, OP, null);
            assertThat(res.status()).as(method + " " + e.getKey() + ": " + res).isNotEqualTo(405);
            if (res.status() == 404) assertThat(res.body()).as(method + " " + e.getKey()).doesNotContain("Endpoint");
        }));
        Http.Res ui = http.get("/swagger", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        assertThat(http.get("/swagger/ui/swagger-ui-bundle.js", null).status()).isEqualTo(200);
        assertThat(http.get("/dashboard/vendor/d3.min.js", null).status()).isEqualTo(200);
        assertThat(http.get("/dashboard/../logback.xml", null).status()).isEqualTo(404);
    }
}
