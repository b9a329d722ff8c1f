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
@Command(name = "serve", mixinStandardHelpOptions = true, resourceBundle = "io.skygrid.server.ServeHelp",
        description = {"Live control plane: tenants submit jobs over a REST API and the scenario's fleet runs them.",
                "The scheduler is the scenario's (scheduler.queue, backfill, tenants), as in `skygrid run`; the fleet is a digital "
                        + "twin on a clock; state is durable in H2 (default, no setup) or PostgreSQL; a dashboard shows it.",
                "Settings: --config FILE (key = value), environment SKYGRID_<KEY>, or the options below (highest precedence)."},
        footer = {"", "Setting keys with their defaults (in the environment: SKYGRID_ and the key in capitals with _ for ., e.g. SKYGRID_DB_URL):",
                "${bundle:serve.keys}",
                "",
                "A data folder belongs to the fleet and tenants it was created with; another scenario is refused (see --migrate-scenario).",
                "Operator tokens: `skygrid serve token rotate|list|revoke` on a stopped server, or /api/v1/admin/operator-tokens."},
        subcommands = TokenCommand.class)
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--scenario"}, paramLabel = "FILE", description = "scenario YAML (default: the built-in default scenario)")
    Path scenario;
    @Option(names = "--config", paramLabel = "FILE", description = "settings file, `key = value` lines (keys below)")
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
    @Option(names = "--migrate-scenario", description = "carry a data folder created with another fleet or tenants over to this scenario:"
            + " lists every job and tenant it changes; refuses, changing nothing, if a queued or running job could never run on the new fleet")
    boolean migrateScenario;
    @Option(names = "--fail-stranded-jobs", description = "with --migrate-scenario: fail the queued and running jobs that could never run on"
            + " the new fleet (each listed, with the reason) instead of refusing")
    boolean failStranded;

    /**
     * Checks, before anything is set up, the settings that would otherwise fail deep inside start-up: the
     * listen address is one of this machine's, the data folder is (or can be made) a folder, the JDBC URL has
     * a driver, the port is free.
     *
     * @return one line naming the option and what is wrong, or null if all is well
     */
    static String preflight(ServerConfig cfg) {
        java.net.InetAddress addr;
        try {
            addr = java.net.InetAddress.getByName(cfg.host());
        } catch (java.net.UnknownHostException e) {
            return "--host " + cfg.host() + ": not an IP address or host name this machine can resolve";
        }
        try {
            if (!addr.isAnyLocalAddress() && !addr.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(addr) == null) {
                return "--host " + cfg.host() + ": " + addr.getHostAddress() + " is not an address of this machine (use 127.0.0.1, 0.0.0.0 or an interface's address)";
            }
        } catch (java.net.SocketException e) {
            return "--host " + cfg.host() + ": cannot list this machine's addresses: " + e.getMessage();
        }
        Path data = cfg.dataDir();
        if (java.nio.file.Files.exists(data) && !java.nio.file.Files.isDirectory(data)) {
            return "--data-dir " + data + ": is a file, not a folder";
        }
        try {
            java.nio.file.Files.createDirectories(data);
        } catch (java.io.IOException | SecurityException e) {
            return "--data-dir " + data + ": cannot create the folder (" + e.getClass().getSimpleName().replace("Exception", "")
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")";
        }
        if (!java.nio.file.Files.isWritable(data)) return "--data-dir " + data + ": the folder is not writable";
        String url = cfg.dbUrl();
        if (url != null && !url.isEmpty()) {
            if (!url.startsWith("jdbc:")) return "--db-url " + Store.redact(url) + ": a JDBC URL starts with jdbc: (e.g. jdbc:postgresql://127.0.0.1:5432/skygrid)";
            try {
                java.sql.DriverManager.getDriver(url);
            } catch (java.sql.SQLException e) {
                return "--db-url " + Store.redact(url) + ": no JDBC driver for this URL (drivers included: jdbc:h2:..., jdbc:postgresql://host:port/database)";
            }
        }
        if (cfg.port() != 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(addr, cfg.port()));
            } catch (java.io.IOException e) {
                return "--port " + cfg.port() + ": already in use on " + addr.getHostAddress() + " (another server? --port 0 picks a free port)";
            }
        }
        return null;
    }

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
            String bad = preflight(cfg);
            if (bad != null) {
                err.println("skygrid serve: " + bad);
                return 2;
            }
            if (failStranded && !migrateScenario) {
                err.println("skygrid serve: --fail-stranded-jobs is an option of --migrate-scenario (add --migrate-scenario)");
                return 2;
            }
            Scenario sc = scenario == null ? ScenarioLoader.builtInDefault() : ScenarioLoader.load(scenario);
            server = SkygridServer.start(cfg, sc, null, null, !migrateScenario ? ScenarioBinding.Mode.REFUSE
                    : failStranded ? ScenarioBinding.Mode.MIGRATE_FAIL_STRANDED : ScenarioBinding.Mode.MIGRATE);
            String base = "http://" + cfg.host() + ":" + server.port();
            out.println("Skygrid serve: " + sc.name() + " (" + sc.source() + ")");
            out.println("  API       " + base + "/api/v1   (OpenAPI " + base + "/openapi.json, Swagger UI " + base + "/swagger/)");
            out.println("  dashboard " + base + "/dashboard/#token="
                    + (server.generatedOperatorToken() != null ? server.generatedOperatorToken() : "<operator token>"));
            out.println("  database  " + Store.redact(cfg.effectiveDbUrl()));
            for (String n : server.notices()) out.println("  " + n);
            if (server.generatedOperatorToken() != null) {
                out.println("  operator token (shown once; also in " + cfg.dataDir().resolve("operator.token") + "):");
                out.println("    " + server.generatedOperatorToken());
            } else if (!cfg.operatorToken().isEmpty()) {
                out.println("  operator token: as configured (operator.token / SKYGRID_OPERATOR_TOKEN; id "
                        + Tokens.id(Tokens.hash(cfg.operatorToken())) + ")");
            } else {
                out.println("  operator token: the one shown at the first start (" + cfg.dataDir().resolve("operator.token")
                        + ") or by `skygrid serve token rotate`");
            }
            out.flush();
        } catch (InputException e) {
            err.println("skygrid serve: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("skygrid serve: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("skygrid serve: could not start: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
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
