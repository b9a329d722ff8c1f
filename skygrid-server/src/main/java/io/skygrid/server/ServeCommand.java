package io.skygrid.server;

import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code skygrid serve}: runs the live control plane until SIGTERM/SIGINT (graceful: drains and
 * commits). Exit codes: 0 after a clean shutdown, 1 if it could not start, 2 bad input.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Live control plane: tenants submit jobs over a REST API, the scheduler places them on the scenario's",
                "fleet (digital twin on a clock), state is durable in H2 (default, no setup) or PostgreSQL, a dashboard shows it.",
                "Settings: --config FILE (key = value), environment SKYGRID_<KEY>, or the options below (highest precedence)."})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE", description = "scenario YAML (default: the built-in default scenario)")
    Path scenario;
    @Option(names = "--config", paramLabel = "FILE", description = {"settings file, `key = value` lines; keys: host, port, data.dir,",
            "db.url, db.user, db.password, db.pool.size, speedup, tick.ms, lookahead.hours, max.body.bytes, rate.per.s,",
            "rate.burst, max.duration.days, physics.threads, operator.token, map.satellites (environment: SKYGRID_DB_URL, ...)"})
    Path config;
    @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
    String host;
    @Option(names = "--port", description = "TCP port (default 8080; 0 = any free port)")
    Integer port;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the H2 database and operator.token (default skygrid-data)")
    Path dataDir;
    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "database, e.g. jdbc:postgresql://127.0.0.1:5432/skygrid (default: H2 file in the data folder)")
    String dbUrl;
    @Option(names = "--db-user", description = "database user")
    String dbUser;
    @Option(names = "--speedup", description = "simulated seconds per wall second (default 1: real time)")
    Double speedup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> o = new LinkedHashMap<>();
        if (host != null) o.put("host", host);
        if (port != null) o.put("port", port.toString());
        if (dataDir != null) o.put("data.dir", dataDir.toString());
        if (dbUrl != null) o.put("db.url", dbUrl);
        if (dbUser != null) o.put("db.user", dbUser);
        if (speedup != null) o.put("speedup", speedup.toString());
        SkygridServer server;
        try {
            ServerConfig cfg = ServerConfig.load(config, System.getenv(), o);
            Scenario sc = scenario == null ? ScenarioLoader.builtInDefault() : ScenarioLoader.load(scenario);
            server = SkygridServer.start(cfg, sc, null, null);
            String base = "http://" + cfg.host() + ":" + server.port();
            out.println("Skygrid serve: " + sc.name() + " (" + sc.source() + ")");
            out.println("  API       " + base + "/api/v1   (OpenAPI " + base + "/openapi.json, Swagger UI " + base + "/swagger/)");
            out.println("  dashboard " + base + "/dashboard/#token="
                    + (server.generatedOperatorToken() != null ? server.generatedOperatorToken() : "<operator token>"));
            out.println("  database  " + Store.redact(cfg.effectiveDbUrl()));
            if (server.generatedOperatorToken() != null) {
                out.println("  operator token (shown once; also in " + cfg.dataDir().resolve("operator.token") + "):");
                out.println("    " + server.generatedOperatorToken());
            } else if (!cfg.operatorToken().isEmpty()) {
                out.println("  operator token: as configured (operator.token / SKYGRID_OPERATOR_TOKEN)");
            } else {
                out.println("  operator token: the one shown at the first start (" + cfg.dataDir().resolve("operator.token") + ")");
            }
            out.flush();
        } catch (InputException e) {
            err.println("skygrid serve: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("skygrid serve: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("skygrid serve: could not start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("skygrid serve: stopped after draining requests and committing pending writes");
            out.flush();
            stopped.countDown();
        }, "skygrid-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
