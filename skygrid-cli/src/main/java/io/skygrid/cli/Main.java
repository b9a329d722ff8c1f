package io.skygrid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Entry point of the {@code skygrid} command. Exit codes: 0 success, 1 a failure of the run or its
 * outputs, 2 bad input or usage.
 */
@Command(name = "skygrid", mixinStandardHelpOptions = true, version = "skygrid 0.1.0",
        description = "Planner, digital twin and scheduler for terrestrial and orbital AI compute.",
        subcommands = {RunCommand.class, io.skygrid.cli.orbit.OrbitCommand.class, io.skygrid.cli.econ.EconCommand.class,
                io.skygrid.server.ServeCommand.class, io.skygrid.server.LoadCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("skygrid: a command is needed");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** @return the exit code of running {@code args} */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** @return the command tree, with the version of the top command on every subcommand's {@code -V} */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        String[] version = cl.getCommandSpec().version();
        setVersion(cl, version);
        return cl;
    }

    private static void setVersion(CommandLine cl, String[] version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(version);
            }
            setVersion(sub, version);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
