package io.skygrid.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Entry point of the Spark commands ({@code skygrid sweep}, {@code skygrid physics}), kept apart from
 * the {@code skygrid} jar so that Spark's jars stay off its class path. The {@code ./skygrid} launcher
 * runs this class for those commands; on a cluster, {@code spark-submit --class io.skygrid.spark.SparkMain
 * skygrid-spark-submit.jar sweep ...}. Exit codes as {@code skygrid}: 0 success, 1 failure, 2 bad input.
 */
@Command(name = "skygrid", mixinStandardHelpOptions = true, version = "skygrid 0.1.0 (Spark)",
        description = "Skygrid on Apache Spark: parameter sweeps and distributed orbit physics.",
        subcommands = {SweepCommand.class, PhysicsCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("skygrid: a command is needed (sweep or physics)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** @return the exit code of running {@code args} */
    public static int execute(String... args) {
        return new CommandLine(new SparkMain()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
