package io.skygrid.server;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A database for one test run: an H2 file in a temporary folder, or a fresh schema in the
 * PostgreSQL on 127.0.0.1:5432 (database {@code test}, trust auth, user postgres or root) that is
 * dropped afterwards. Without PostgreSQL the PostgreSQL tests are skipped locally and fail in CI
 * (environment variable CI set).
 */
final class TestDb implements AutoCloseable {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    final String kind;
    final String url;
    final String user;
    final String schema;

    private TestDb(String kind, String url, String user, String schema) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    static TestDb h2(Path dir) {
        return new TestDb("h2", "", "sa", null);
    }

    static TestDb postgres() {
        String schema = "sg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        SQLException last = null;
        for (String user : new String[] {"postgres", "root"}) {
            try (Connection c = DriverManager.getConnection(PG_URL, user, ""); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                return new TestDb("postgresql", PG_URL, user, schema);
            } catch (SQLException e) {
                last = e;
            }
        }
        String msg = "PostgreSQL at 127.0.0.1:5432 (database test) is not reachable: " + last.getMessage();
        if (System.getenv("CI") != null) throw new IllegalStateException(msg, last);
        Assumptions.abort(msg);
        return null;
    }

    /** @return the URL a separate process uses (schema in the URL) */
    String processUrl() {
        return schema == null ? url : url + "?currentSchema=" + schema;
    }

    /** @return settings for a test server: port 0, manual ticks, a known operator token */
    ServerConfig config(Path dataDir, String operatorToken, Map<String, String> extra) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("port", "0");
        o.put("data.dir", dataDir.toString());
        o.put("db.url", url);
        o.put("db.user", user);
        o.put("db.pool.size", "4");
        o.put("tick.ms", "0");
        o.put("lookahead.hours", "2");
        o.put("physics.threads", "1");
        o.put("operator.token", operatorToken);
        o.putAll(extra);
        return ServerConfig.load(null, Map.of(), o);
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) return;
        try (Connection c = DriverManager.getConnection(PG_URL, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
