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
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    private static final java.util.regex.Pattern INVALID_VALUE =
            java.util.regex.Pattern.compile("Invalid value for (?:option|positional parameter) '?([^':]+)'?: (.*)", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern NOT_A_NUMBER =
            java.util.regex.Pattern.compile("'(.*)' is not an? (int|long|double|float)");

    /**
     * A command-line usage error (unknown option, missing or unconvertible value): one line on stderr,
     * {@code skygrid: <message> (see skygrid <command> --help)}, exit code 2; no usage text.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        String message = String.valueOf(e.getMessage()).strip();
        java.util.regex.Matcher m = INVALID_VALUE.matcher(message);
        if (m.matches()) {
            String option = m.group(1).strip();
            String why = m.group(2).strip();
            java.util.regex.Matcher n = NOT_A_NUMBER.matcher(why);
            if (n.lookingAt()) {
                why = "'" + n.group(1) + "' is not " + switch (n.group(2)) {
                    case "int" -> "a whole number in [-2,147,483,648, 2,147,483,647]";
                    case "long" -> "a whole number";
                    default -> "a number";
                };
            }
            message = option + ": " + why;
        }
        message = message.replaceAll("\\s*\\R\\s*", "; ");
        c.getErr().println("skygrid: " + message + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
        return 2;
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
