package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator credentials (issue 11 part 4), against every database: a changed configured token revokes the old
 * one, a revoked one is not brought back, rotation and revocation through the API and {@code skygrid serve token},
 * and expiry of tenant and operator tokens.
 */
abstract class CredentialsContract {
    static final String OP = ApiContract.OP;
    static final String OP2 = "sg_second-operator-token-9876543210zyxwvutsrqponmlk";

    @TempDir
    Path dir;
    TestDb db;
    SkygridServer server;
    Http http;

    abstract TestDb database(Path dir);

    @BeforeEach
    void open() {
        db = database(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (db != null) db.close();
    }

    SkygridServer start(String operatorToken) throws Exception {
        if (server != null) server.close();
        server = null;
        server = SkygridServer.start(db.config(dir, operatorToken, Map.of()), ApiContract.scenario(), new SimClock.Manual(0), db.schema);
        http = new Http(server.port());
        return server;
    }

    int status(String path, String token) {
        return http.get(path, token).status();
    }

    @Test
    void aChangedConfiguredTokenRevokesTheOldOneAndARevokedOneIsNotBroughtBack() throws Exception {
        start(OP);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("operator token: installed the configured one (id " + Tokens.id(Tokens.hash(OP))));
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(200);
        // the same token again: nothing to say, nothing changes
        start(OP);
        assertThat(server.notices()).noneMatch(n -> n.startsWith("operator token"));
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(200);

        start(OP2);
        assertThat(server.notices()).anyMatch(n -> n.contains("the configured token changed; the previous configured operator token (id "
                + Tokens.id(Tokens.hash(OP)) + ", created ") && n.endsWith(") is revoked"));
        assertThat(status("/api/v1/admin/fleet", OP2)).isEqualTo(200);
        Http.Res old = http.get("/api/v1/admin/fleet", OP);
        ApiContract.assertProblem(old, 401, "the API token is not valid");
        JsonNode list = http.get("/api/v1/admin/operator-tokens", OP2).json().path("items");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asText()).isEqualTo(Tokens.id(Tokens.hash(OP)));
        assertThat(list.get(0).path("state").asText()).isEqualTo("revoked");
        assertThat(list.get(0).path("source").asText()).isEqualTo("config");
        assertThat(list.get(1).path("state").asText()).isEqualTo("active");
        assertThat(list.toString()).doesNotContain(OP, OP2);

        server.close();
        server = null;
        assertThatThrownBy(() -> start(OP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("this token (id " + Tokens.id(Tokens.hash(OP)) + ") was revoked at ")
                .hasMessageContaining("configure a new one");
    }

    @Test
    void rotationThroughTheApiShowsTheNewTokenOnceAndRevokesTheOthers() throws Exception {
        start(OP);
        Http.Res keep = http.post("/api/v1/admin/operator-tokens", OP, "{}");
        assertThat(keep.status()).as(keep.toString()).isEqualTo(201);
        String second = keep.json().path("token").asText();
        assertThat(keep.json().path("revoked")).isEmpty();
        assertThat(status("/api/v1/admin/fleet", second)).isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(200);

        Http.Res rot = http.post("/api/v1/admin/operator-tokens", second, "{\"revokeOthers\":true,\"expiresInS\":3600}");
        assertThat(rot.status()).as(rot.toString()).isEqualTo(201);
        String third = rot.json().path("token").asText();
        assertThat(third).startsWith("sg_").hasSize(46);
        assertThat(rot.json().path("id").asText()).isEqualTo(Tokens.id(Tokens.hash(third)));
        assertThat(rot.json().path("expiresAt").asText()).isNotEmpty();
        List<String> revoked = new ArrayList<>();
        rot.json().path("revoked").forEach(n -> revoked.add(n.asText()));
        assertThat(revoked).containsExactlyInAnyOrder(Tokens.id(Tokens.hash(OP)), Tokens.id(Tokens.hash(second)));
        ApiContract.assertProblem(http.get("/api/v1/admin/fleet", OP), 401, "not valid");
        ApiContract.assertProblem(http.get("/api/v1/admin/fleet", second), 401, "not valid");
        assertThat(status("/api/v1/admin/fleet", third)).isEqualTo(200);
        // the token is never shown again
        assertThat(http.get("/api/v1/admin/operator-tokens", third).body()).doesNotContain(third);
        // the last working one cannot be revoked; an unknown id is 404; a tenant may not manage operator tokens
        ApiContract.assertProblem(http.call("DELETE", "/api/v1/admin/operator-tokens/" + Tokens.id(Tokens.hash(third)), third, null), 409,
                "is the only one that works");
        ApiContract.assertProblem(http.call("DELETE", "/api/v1/admin/operator-tokens/000000000000", third, null), 404, "no unrevoked operator token");
        String tenant = http.post("/api/v1/admin/tenants", third, "{\"name\":\"lab-a\"}").json().path("token").asText();
        ApiContract.assertProblem(http.post("/api/v1/admin/operator-tokens", tenant, "{}"), 403, "operator role required");
        ApiContract.assertProblem(http.post("/api/v1/admin/operator-tokens", third, "{\"expiresInS\":0}"), 400, "expiresInS");
        // with two, one can go
        String fourth = http.post("/api/v1/admin/operator-tokens", third, null).json().path("token").asText();
        assertThat(http.call("DELETE", "/api/v1/admin/operator-tokens/" + Tokens.id(Tokens.hash(third)), fourth, null).status()).isEqualTo(204);
        ApiContract.assertProblem(http.get("/api/v1/admin/fleet", third), 401, "not valid");
        // rotation survives a restart (no configured token: the stored ones stay)
        start("");
        assertThat(server.generatedOperatorToken()).isNull();
        assertThat(status("/api/v1/admin/fleet", fourth)).isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(401);
    }

    @Test
    void expiredTenantAndOperatorTokensAnswer401SayingTheyExpired() throws Exception {
        start(OP);
        long[] now = {System.currentTimeMillis()};
        server.controlPlane().wallClock(() -> now[0]);
        String first = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"lab-a\"}").json().path("token").asText();
        Http.Res t = http.post("/api/v1/admin/tenants/lab-a/tokens", OP, "{\"expiresInS\":60}");
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
        String shortLived = t.json().path("token").asText();
        String expiresAt = t.json().path("expiresAt").asText();
        assertThat(java.time.Instant.parse(expiresAt).toEpochMilli()).isEqualTo(now[0] + 60_000);
        String opShort = http.post("/api/v1/admin/operator-tokens", OP, "{\"expiresInS\":120}").json().path("token").asText();
        assertThat(status("/api/v1/usage", shortLived)).isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", opShort)).isEqualTo(200);

        now[0] += 60_000;
        Http.Res r = http.get("/api/v1/usage", shortLived);
        ApiContract.assertProblem(r, 401, "the API token expired at " + expiresAt);
        assertThat(r.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token").contains("expired");
        assertThat(status("/api/v1/usage", first)).as("a token without expiry still works").isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", opShort)).isEqualTo(200);
        now[0] += 60_000;
        ApiContract.assertProblem(http.get("/api/v1/admin/fleet", opShort), 401, "the API token expired at ");
        JsonNode items = http.get("/api/v1/admin/operator-tokens", OP).json().path("items");
        assertThat(items.get(1).path("state").asText()).isEqualTo("expired");
        // expiry is durable
        start(OP);
        server.controlPlane().wallClock(() -> now[0]);
        assertThat(status("/api/v1/admin/fleet", opShort)).as("the expiry is kept across a restart").isEqualTo(401);
        ApiContract.assertProblem(http.get("/api/v1/usage", shortLived), 401, "expired");
    }

    record Cli(int exit, String out, String err) {
    }

    Cli token(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data-dir");
        a.add(dir.toString());
        if (!db.url.isEmpty()) {
            a.add("--db-url");
            a.add(db.processUrl());
            a.add("--db-user");
            a.add(db.user);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServeCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        a.add(0, "token");
        int code = cl.execute(a.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void serveTokenRotateIssuesANewTokenAndRevokesTheOthers() throws Exception {
        start("");
        String generated = server.generatedOperatorToken();
        assertThat(generated).isNotNull();
        assertThat(Files.readString(dir.resolve("operator.token")).strip()).isEqualTo(generated);
        boolean h2 = db.schema == null;
        if (h2) {
            // a running serve holds its H2 file: the command refuses (the file is never repaired or opened
            // under a live server) and points at the API; once serve is stopped it works
            Cli busy = token("rotate");
            assertThat(busy.exit()).isEqualTo(2);
            assertThat(busy.err()).contains("is in use (is `skygrid serve` running?)").contains("/api/v1/admin/operator-tokens");
            server.close();
            server = null;
        }
        Cli r = token("rotate", "--expires-in", "30d");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        Matcher m = Pattern.compile("new operator token \\(id ([0-9a-f]{12}), expires ([^;]+); shown only now[^\\n]*\\n  (sg_\\S+)\\n").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        String rotated = m.group(3);
        assertThat(m.group(1)).isEqualTo(Tokens.id(Tokens.hash(rotated)));
        assertThat(r.out()).contains("revoked operator token " + Tokens.id(Tokens.hash(generated)) + " (generated, created ");
        assertThat(r.out()).contains("deleted " + dir.resolve("operator.token") + ", which held the revoked token");
        assertThat(dir.resolve("operator.token")).doesNotExist();
        if (!h2) {
            // a server on the shared database picks the change up (every 2 s; here at once)
            assertThat(server.controlPlane().refreshOperatorTokens()).isTrue();
            assertThat(status("/api/v1/admin/fleet", rotated)).isEqualTo(200);
            assertThat(status("/api/v1/admin/fleet", generated)).isEqualTo(401);
        }
        start("");
        assertThat(server.generatedOperatorToken()).as("a working token exists: none is generated").isNull();
        assertThat(status("/api/v1/admin/fleet", rotated)).isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", generated)).isEqualTo(401);
        if (h2) {
            server.close();
            server = null;
        }
        Cli list = token("list");
        assertThat(list.exit()).as(list.err()).isEqualTo(0);
        assertThat(list.out()).containsPattern(Tokens.id(Tokens.hash(generated)) + "\\s+generated\\s+revoked")
                .containsPattern(Tokens.id(Tokens.hash(rotated)) + "\\s+rotated\\s+active\\s+\\S+\\s+" + Pattern.quote(m.group(2)));
        Cli last = token("revoke", Tokens.id(Tokens.hash(rotated)));
        assertThat(last.exit()).isEqualTo(2);
        assertThat(last.err()).contains("is the only one that works");
        Cli none = token("revoke", "abcdefabcdef");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no unrevoked operator token with id 'abcdefabcdef'");
        Cli bad = token("rotate", "--expires-in", "soon");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--expires-in soon: expected a number and a unit");
    }

    void markLegacy() throws Exception {
        // an operator token stored before V4 recorded sources
        try (java.sql.Connection c = server.controlPlane().store().dataSource().getConnection();
             java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE api_tokens SET source = 'legacy' WHERE role = 'operator'")).isEqualTo(1);
        }
    }

    @Test
    void onUpgradeANewConfiguredTokenRevokesTheOldOneButNotTheGeneratedOneInTheDataFolder() throws Exception {
        // upgraded data folder whose operator token came from the environment: a new environment token revokes it
        start(OP);
        markLegacy();
        start(OP2);
        assertThat(server.notices()).anyMatch(n -> n.contains("the previous pre-upgrade operator token (id " + Tokens.id(Tokens.hash(OP))));
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(401);
        assertThat(status("/api/v1/admin/fleet", OP2)).isEqualTo(200);
    }

    @Test
    void onUpgradeTheGeneratedTokenInTheDataFolderSurvivesAConfiguredOne() throws Exception {
        start("");
        String generated = server.generatedOperatorToken();
        markLegacy();
        start(OP);
        assertThat(server.notices()).containsExactly("operator token: installed the configured one (id " + Tokens.id(Tokens.hash(OP)) + ")");
        assertThat(status("/api/v1/admin/fleet", generated)).isEqualTo(200);
        assertThat(status("/api/v1/admin/fleet", OP)).isEqualTo(200);
    }
}
