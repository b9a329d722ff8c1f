package io.skygrid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code skygrid} command.
 */
@Command(name = "skygrid", mixinStandardHelpOptions = true, version = "skygrid 0.1.0",
        description = "Planner, digital twin and scheduler for terrestrial and orbital AI compute.",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** @return the exit code of running {@code args} */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
