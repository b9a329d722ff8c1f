package io.skygrid.server;

import io.skygrid.scenario.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code skygrid serve token rotate|list|revoke}: operator credentials in a data folder's database. An H2 data
 * folder is locked while {@code serve} runs (use {@code /api/v1/admin/operator-tokens} then); a server running on
 * a shared PostgreSQL database re-reads operator tokens every {@link SkygridServer#TOKEN_REFRESH_MS} ms, so a change
 * takes effect there within seconds. Exit codes: 0 done, 1 the database failed, 2 bad input (including "no such token").
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Operator tokens of a data folder: rotate (issue a new one, revoke the others), list, revoke.",
                "An H2 data folder is locked while serve runs: then use POST/GET /api/v1/admin/operator-tokens, DELETE /api/v1/admin/operator-tokens/{id}.",
                "A server running on the same PostgreSQL database picks a change up within 2 s."},
        subcommands = {TokenCommand.Rotate.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("skygrid serve token: a command is needed (rotate, list or revoke)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where the database is: the same settings as {@code serve}. */
    static class Where {
        @Option(names = "--config", paramLabel = "FILE", description = "settings file of serve (key = value)")
        Path config;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (default skygrid-data)")
        Path dataDir;
        @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "database (default: the H2 file in the data folder)")
        String dbUrl;
        @Option(names = "--db-user", description = "database user")
        String dbUser;

        ServerConfig config() {
            Map<String, String> o = new LinkedHashMap<>();
            if (dataDir != null) o.put("data.dir", dataDir.toString());
            if (dbUrl != null) o.put("db.url", dbUrl);
            if (dbUser != null) o.put("db.user", dbUser);
            return ServerConfig.load(config, System.getenv(), o);
        }
    }

    /** Opens the data folder's database, or says why not. */
    static Store open(ServerConfig cfg) {
        if (cfg.dbUrl().isEmpty() && !Files.exists(cfg.dataDir().resolve("skygrid.mv.db"))) {
            throw new IllegalArgumentException("--data-dir " + cfg.dataDir() + ": no Skygrid database there (start `skygrid serve` once first)");
        }
        try {
            return Store.open(cfg.effectiveDbUrl(), cfg.dbUser(), cfg.dbPassword(), 2, null);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            Throwable c = e;
            while (c.getCause() != null) c = c.getCause();
            String all = m + " " + c.getMessage();
            if (all.contains("already in use") || all.contains("locked")) {
                throw new IllegalArgumentException("the database in " + cfg.dataDir() + " is in use (is `skygrid serve` running?); stop it, or use"
                        + " /api/v1/admin/operator-tokens on the running server");
            }
            throw new IllegalStateException("cannot open " + Store.redact(cfg.effectiveDbUrl()) + ": " + c.getMessage(), e);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

    /** @return {@code 30d}, {@code 12h}, {@code 90m}, {@code 3600s} in seconds */
    static long parseDuration(String s) {
        Matcher m = DURATION.matcher(s.strip());
        if (!m.matches()) throw new IllegalArgumentException("--expires-in " + s + ": expected a number and a unit s, m, h or d (e.g. 30d)");
        long n = Long.parseLong(m.group(1));
        long sec = switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n * 86_400;
        };
        if (sec < 1 || sec > Api.MAX_TOKEN_LIFETIME_S) throw new IllegalArgumentException("--expires-in " + s + ": must be between 1 s and 10 years");
        return sec;
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        Where where;

        abstract void run(ServerConfig cfg, Store store, PrintWriter out) throws Exception;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "skygrid serve token " + spec.name();
            try {
                ServerConfig cfg = where.config();
                try (Store store = open(cfg)) {
                    run(cfg, store, out);
                }
                out.flush();
                return 0;
            } catch (InputException | IllegalArgumentException e) {
                err.println(name + ": " + e.getMessage());
                return 2;
            } catch (ApiException e) {
                err.println(name + ": " + e.getMessage());
                return 2;
            } catch (Exception e) {
                err.println(name + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
                return 1;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Issues a new operator token (shown once) and revokes every other operator token.")
    static final class Rotate extends Sub {
        @Option(names = "--expires-in", paramLabel = "DURATION", description = "the new token stops working after this long: 30d, 12h, 90m, 3600s"
                + " (default: never)")
        String expiresIn;
        @Option(names = "--keep-others", description = "do not revoke the other operator tokens")
        boolean keepOthers;

        @Override
        void run(ServerConfig cfg, Store store, PrintWriter out) throws Exception {
            long now = System.currentTimeMillis();
            long expires = expiresIn == null ? -1 : now + parseDuration(expiresIn) * 1000;
            OperatorTokens.Issued in = OperatorTokens.issue(store, "rotated", !keepOthers, expires, now);
            out.println("new operator token (id " + in.id() + (expires >= 0 ? ", expires " + OperatorTokens.iso(expires) : ", no expiry")
                    + "; shown only now, the database keeps only its SHA-256):");
            out.println("  " + in.token());
            boolean configRevoked = false;
            Path file = cfg.dataDir().resolve("operator.token");
            String fileHash = Files.isRegularFile(file) ? Tokens.hash(Files.readString(file).strip()) : null;
            for (Store.TokenRecord r : in.revoked()) {
                out.println("revoked operator token " + Tokens.id(r.hash()) + " (" + r.source() + ", created " + OperatorTokens.iso(r.createdWallMs()) + ")");
                configRevoked |= "config".equals(r.source()) || (!cfg.operatorToken().isEmpty() && r.hash().equals(Tokens.hash(cfg.operatorToken())));
                if (r.hash().equals(fileHash)) {
                    Files.delete(file);
                    out.println("deleted " + file + ", which held the revoked token");
                }
            }
            if (configRevoked) {
                out.println("operator.token / SKYGRID_OPERATOR_TOKEN held a revoked token: unset it (or set it to a new token),"
                        + " else serve refuses to start");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists operator tokens: id, source, state, created, expires, revoked.")
    static final class ListTokens extends Sub {
        @Override
        void run(ServerConfig cfg, Store store, PrintWriter out) throws Exception {
            List<OperatorTokens.Info> all = OperatorTokens.list(store, System.currentTimeMillis());
            out.printf("%-12s  %-9s  %-7s  %-24s  %-24s  %s%n", "id", "source", "state", "created", "expires", "revoked");
            for (OperatorTokens.Info i : all) {
                out.printf("%-12s  %-9s  %-7s  %-24s  %-24s  %s%n", i.id(), i.source(), i.state(), i.createdAt(),
                        i.expiresAt() == null ? "never" : i.expiresAt(), i.revokedAt() == null ? "-" : i.revokedAt());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes one operator token by id (see list); the last working one cannot be revoked (rotate instead).")
    static final class Revoke extends Sub {
        @Parameters(paramLabel = "ID", description = "token id (12 hex characters, from `list`)")
        String id;

        @Override
        void run(ServerConfig cfg, Store store, PrintWriter out) throws Exception {
            Store.TokenRecord r = OperatorTokens.revoke(store, id, System.currentTimeMillis());
            out.println("revoked operator token " + Tokens.id(r.hash()) + " (" + r.source() + ", created " + OperatorTokens.iso(r.createdWallMs()) + ")");
        }
    }
}
