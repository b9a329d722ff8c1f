package io.skygrid.server;

import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFileEnvironmentAndOptionsInOrderOfPrecedence() throws Exception {
        Path f = dir.resolve("serve.conf");
        Files.writeString(f, "# comment\nport = 9000\nspeedup = 10\nrate.per.s = 5\n\ndb.url = jdbc:postgresql://127.0.0.1:5432/x\n");
        ServerConfig c = ServerConfig.load(f, Map.of("SKYGRID_SPEEDUP", "20", "SKYGRID_DATA_DIR", "/tmp/sg"), Map.of("rate.per.s", "7"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.speedup()).isEqualTo(20);
        assertThat(c.defaultRatePerS()).isEqualTo(7);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/sg"));
        assertThat(c.effectiveDbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        ServerConfig d = ServerConfig.load(null, Map.of(), Map.of("data.dir", dir.toString()));
        assertThat(d.effectiveDbUrl()).startsWith("jdbc:h2:file:" + dir.toAbsolutePath()).endsWith(";WRITE_DELAY=0");
        assertThat(d.maxBodyBytes()).isEqualTo(65536);
        assertThat(d.maxQueuedPerTenant()).isEqualTo(10_000);
        assertThat(d.idleTimeoutMs()).isEqualTo(30_000);
        assertThat(d.minRequestRate()).isEqualTo(512);
        assertThat(d.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(d.bodyTimeoutMs()).isEqualTo(30_000);
        assertThat(d.maxConnections()).isEqualTo(2000);
        ServerConfig h = ServerConfig.load(null, Map.of("SKYGRID_HTTP_MAX_CONNECTIONS", "50", "SKYGRID_HTTP_HEADER_TIMEOUT_MS", "2000"),
                Map.of("http.body.timeout.ms", "4000"));
        assertThat(h.maxConnections()).isEqualTo(50);
        assertThat(h.headerTimeoutMs()).isEqualTo(2000);
        assertThat(h.bodyTimeoutMs()).isEqualTo(4000);
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("SKYGRID_HTTP_MAX_CONNECTIONS", "0"), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("http.max.connections").hasMessageContaining("must be in [1,");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("http.header.timeout.ms", "10s")))
                .isInstanceOf(InputException.class).hasMessageContaining("http.header.timeout.ms").hasMessageContaining("must be an integer");
        ServerConfig e = ServerConfig.load(null, Map.of("SKYGRID_MAX_QUEUED_PER_TENANT", "50", "SKYGRID_HTTP_IDLE_TIMEOUT_MS", "5000"),
                Map.of("http.min.request.rate", "0"));
        assertThat(e.maxQueuedPerTenant()).isEqualTo(50);
        assertThat(e.idleTimeoutMs()).isEqualTo(5000);
        assertThat(e.minRequestRate()).isZero();
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("SKYGRID_MAX_QUEUED_PER_TENANT", "0"), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("max.queued.per.tenant").hasMessageContaining("must be in [1,");
    }

    @Test
    void badSettingsNameFileLineAndKey() throws Exception {
        Path f = dir.resolve("serve.conf");
        Files.writeString(f, "port = 9000\nprot = 9001\n");
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("serve.conf:2").hasMessageContaining("prot").hasMessageContaining("is not a setting");
        Files.writeString(f, "port = 9000\nspeedup = fast\n");
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("serve.conf:2").hasMessageContaining("speedup").hasMessageContaining("must be a number");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("SKYGRID_PORT", "99999"), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("SKYGRID_PORT").hasMessageContaining("must be in [0, 65535]");
    }

    @Test
    void aConfiguredOperatorTokenMustLookRandomAndTheErrorNamesTheSourceButNotTheToken() throws Exception {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("SKYGRID_OPERATOR_TOKEN", "x"), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("SKYGRID_OPERATOR_TOKEN").hasMessageContaining("operator.token")
                .hasMessageContaining("is 1 character long; at least 32").hasMessageContaining("openssl rand -hex 32");
        Path f = dir.resolve("serve.conf");
        Files.writeString(f, "port = 9000\noperator.token = hunter2hunter2hunter2hunter2hunter2\n");
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("serve.conf:2").hasMessageContaining("repeats the same 7 characters")
                .hasMessageNotContaining("hunter2hunter2");
        String good = Tokens.newToken();
        assertThat(ServerConfig.load(null, Map.of("SKYGRID_OPERATOR_TOKEN", good), Map.of()).operatorToken()).isEqualTo(good);
        assertThat(ServerConfig.load(null, Map.of(), Map.of()).operatorToken()).isEmpty();
    }
}
