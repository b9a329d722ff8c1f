package io.skygrid.cli;

import io.skygrid.econ.UnusedCapacity;
import io.skygrid.scenario.Scenario;

import java.io.PrintStream;

/** Load-time warnings about a valid but suspicious scenario, printed on stderr as {@code skygrid: warning: ...}. */
public final class Warnings {
    private Warnings() {
    }

    /** Prints the warnings about {@code scenario}: ground sites whose power cap is far above their peak draw. */
    public static void print(Scenario scenario, PrintStream err) {
        for (UnusedCapacity u : UnusedCapacity.of(scenario.fleet())) {
            err.println("skygrid: warning: " + scenario.source() + ": " + u.warning());
        }
    }
}
