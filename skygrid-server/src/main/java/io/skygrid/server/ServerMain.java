package io.skygrid.server;

import picocli.CommandLine;

/**
 * Entry point of the server module on its own ({@code java -cp ... io.skygrid.server.ServerMain serve|serve-load ...});
 * {@code skygrid serve} and {@code skygrid serve-load} run the same commands.
 */
@CommandLine.Command(name = "skygrid-server", mixinStandardHelpOptions = true,
        subcommands = {ServeCommand.class, LoadCommand.class})
public final class ServerMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }
}
