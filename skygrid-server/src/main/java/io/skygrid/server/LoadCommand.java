package io.skygrid.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code skygrid serve-load}: the bounded loopback load generator against a running {@code skygrid serve}. */
@Command(name = "serve-load", mixinStandardHelpOptions = true,
        description = {"Bounded load test of a running `skygrid serve` on this machine (loopback addresses only).",
                "It creates tenants, submits jobs concurrently (and cancels some), then prints submissions/s, submit and cancel "
                        + "latency (p50/p99) and the server's placement and scheduling-pass latency."})
public final class LoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "server (loopback), default ${DEFAULT-VALUE}")
    String url;
    @Option(names = "--operator-token-file", defaultValue = "skygrid-data/operator.token", description = "file with the operator token, default ${DEFAULT-VALUE}")
    Path tokenFile;
    @Option(names = "--tenants", defaultValue = "8", description = "tenants to create, default ${DEFAULT-VALUE}")
    int tenants;
    @Option(names = "--concurrency", defaultValue = "32", description = "concurrent clients, default ${DEFAULT-VALUE}")
    int concurrency;
    @Option(names = "--submits", defaultValue = "25000", description = "submissions in total, default ${DEFAULT-VALUE}")
    int submits;
    @Option(names = "--cancel-fraction", defaultValue = "0.05", description = "fraction of acknowledged jobs to cancel, default ${DEFAULT-VALUE}")
    double cancelFraction;
    @Option(names = "--max-seconds", defaultValue = "120", description = "time limit, default ${DEFAULT-VALUE}")
    double maxSeconds;
    @Option(names = "--seed", defaultValue = "1", description = "random seed, default ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (tenants < 1 || concurrency < 1 || concurrency > 1024 || submits < 1 || submits > 10_000_000
                || !(cancelFraction >= 0 && cancelFraction <= 1) || !(maxSeconds > 0 && maxSeconds <= 3600)) {
            spec.commandLine().getErr().println("skygrid serve-load: tenants >= 1, concurrency in [1, 1024], submits in [1, 10^7],"
                    + " cancel-fraction in [0, 1], max-seconds in (0, 3600]");
            return 2;
        }
        String token = System.getenv("SKYGRID_OPERATOR_TOKEN");
        if (token == null || token.isBlank()) {
            if (!Files.isRegularFile(tokenFile)) {
                spec.commandLine().getErr().println("skygrid serve-load: no operator token: set SKYGRID_OPERATOR_TOKEN or --operator-token-file (" + tokenFile + " not found)");
                return 2;
            }
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        LoadGenerator.Report r = new LoadGenerator(new LoadGenerator.Params(url, token, tenants, concurrency, submits, cancelFraction,
                maxSeconds, seed)).run();
        spec.commandLine().getOut().print(r.text());
        spec.commandLine().getOut().flush();
        return r.failed() == 0 ? 0 : 1;
    }
}
